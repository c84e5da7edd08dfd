using YamlDotNet.Core;

namespace Bgp.Daemon.Config;

/// <summary>
/// Reads a bgpd YAML configuration strictly: unknown keys (with a "did you mean"), wrong types, values
/// out of range and inconsistencies between keys are all errors, and every one of them is reported in
/// one go with file, line:column, key path and reason. Nothing here throws on a bad file.
/// Relative file names inside the config (api.tls) are resolved against the config file's folder.
/// </summary>
public static class ConfigLoader
{
    public static ConfigLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Failed(new ConfigError(path, null, null, "", $"cannot read the file: {e.Message}"));
        }
        return Parse(text, path);
    }

    /// <param name="yamlText">The file's contents.</param>
    /// <param name="fileName">Named in every error; its folder anchors relative paths.</param>
    public static ConfigLoadResult Parse(string yamlText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        ConfigNode? root;
        bool moreDocuments;
        try
        {
            root = YamlTree.Read(yamlText, out moreDocuments);
        }
        catch (YamlException e)
        {
            // A syntax error leaves no tree to check further: this is the one case with a single error.
            string message = e.InnerException is { } inner && e.Message.EndsWith("See inner exception.", StringComparison.Ordinal)
                ? inner.Message : e.Message;
            return Failed(new ConfigError(fileName, (int)e.Start.Line, (int)e.Start.Column, "", $"YAML syntax error: {StripMark(message)}"));
        }
        return new ConfigParser(fileName).Run(root, moreDocuments);
    }

    private static ConfigLoadResult Failed(ConfigError error) => new() { Errors = [error] };

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: ...) - (...): "; we print the position ourselves.</summary>
    private static string StripMark(string message)
    {
        int cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
    }
}
