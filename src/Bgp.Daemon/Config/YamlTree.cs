using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bgp.Daemon.Config;

/// <summary>
/// Reads one YAML document into <see cref="ConfigNode"/>s. Aliases resolve to the anchored node;
/// a syntax error surfaces as <see cref="YamlException"/> with its position (the caller reports it).
/// </summary>
internal static class YamlTree
{
    /// <summary>The document's root, or null for an empty file.</summary>
    public static ConfigNode? Read(string text, out bool moreThanOneDocument)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            return Read(parser, out moreThanOneDocument);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some broken flow collections,
            // e.g. an unclosed '[' followed by "key: value"; point at the last event it did understand.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new YamlException(at, at, "the text after this point cannot be parsed; check for an unclosed '[', '{' or quote");
        }
    }

    private static ConfigNode? Read(Parser parser, out bool moreThanOneDocument)
    {
        var anchors = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        parser.Consume<StreamStart>();
        moreThanOneDocument = false;
        if (parser.TryConsume<StreamEnd>(out _)) return null;
        parser.Consume<DocumentStart>();
        ConfigNode? root = parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, anchors);
        parser.Consume<DocumentEnd>();
        moreThanOneDocument = !parser.Accept<StreamEnd>(out _);
        return root is { IsNull: true } ? null : root;
    }

    private static ConfigNode ReadNode(IParser parser, Dictionary<string, ConfigNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor");
        }
        ConfigNode node;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            bool plain = scalar.Style == ScalarStyle.Plain;
            bool isNull = plain && (scalar.Value.Length == 0 || scalar.Value is "~" or "null" or "Null" or "NULL");
            node = new ConfigNode
            {
                Kind = ConfigNodeKind.Scalar, Line = (int)scalar.Start.Line, Column = (int)scalar.Start.Column,
                Value = isNull ? null : scalar.Value, Quoted = !plain,
            };
            Remember(scalar.Anchor, node, anchors);
            return node;
        }
        if (parser.TryConsume<SequenceStart>(out var seq))
        {
            node = new ConfigNode { Kind = ConfigNodeKind.Sequence, Line = (int)seq.Start.Line, Column = (int)seq.Start.Column };
            Remember(seq.Anchor, node, anchors);
            while (!parser.TryConsume<SequenceEnd>(out _)) node.Items.Add(ReadNode(parser, anchors));
            return node;
        }
        var map = parser.Consume<MappingStart>();
        node = new ConfigNode { Kind = ConfigNodeKind.Mapping, Line = (int)map.Start.Line, Column = (int)map.Start.Column };
        Remember(map.Anchor, node, anchors);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(parser, anchors);
            var value = ReadNode(parser, anchors);
            node.Entries.Add(new(key, value));
        }
        return node;
    }

    private static void Remember(AnchorName anchor, ConfigNode node, Dictionary<string, ConfigNode> anchors)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
    }
}
