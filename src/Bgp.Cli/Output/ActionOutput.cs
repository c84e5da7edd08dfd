using Bgp.Cli.Api;

namespace Bgp.Cli.Output;

/// <summary>
/// What a command that changes something prints when bgpd accepted it: one line for a human, or
/// {"ok": true, "command": ..., plus the command's fields} for a script.
/// </summary>
internal static class ActionOutput
{
    public static int Done(ApiInvocation call, string message, params (string Key, string? Value)[] fields)
    {
        if (!call.Json)
        {
            call.Out.WriteLine(message);
            return ExitCodes.Ok;
        }
        using var lines = new JsonLineWriter(call.Out);
        var json = lines.Begin();
        json.WriteStartObject();
        json.WriteBoolean("ok", true);
        json.WriteString("command", call.Command);
        foreach (var (key, value) in fields)
        {
            if (value is null) json.WriteNull(key);
            else json.WriteString(key, value);
        }
        json.WriteEndObject();
        lines.End();
        return ExitCodes.Ok;
    }
}
