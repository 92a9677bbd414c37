using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Portal.Content;

/// <summary>A YAML node with the 1-based line it starts on; the compliance files are read through these.</summary>
internal abstract record YamlTreeNode(int Line);

internal sealed record YamlTreeScalar(int Line, string Value) : YamlTreeNode(Line);

internal sealed record YamlTreeSequence(int Line, IReadOnlyList<YamlTreeNode> Items) : YamlTreeNode(Line);

internal sealed record YamlTreeMapping(int Line, IReadOnlyList<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries) : YamlTreeNode(Line);

/// <summary>
/// Reads YAML into <see cref="YamlTreeNode"/>s. Unlike YamlDotNet's own representation model it keeps duplicate keys
/// (so the reader can report them with their line) and reports syntax errors instead of throwing.
/// </summary>
internal static class YamlTree
{
    /// <summary>Parses one YAML document; null (with the problem in <paramref name="error"/>) when it cannot be read.</summary>
    public static YamlTreeNode? Parse(string text, out (int Line, string Message)? error)
    {
        error = null;
        var reader = new Reader();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                error = (1, "the file is empty");
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = reader.Read(parser);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                error = (Line(parser.Current?.Start ?? Mark.Empty), "the file must hold one YAML document, not several");
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes its message with the position; the error carries the line already.
            var message = e.Message;
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            error = (Line(e.Start), "invalid YAML: " + (cut >= 0 ? message[(cut + 3)..] : message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on some unterminated constructs (an unclosed '[' at the end).
            error = (reader.LastLine, "invalid YAML: a bracket, brace or quote opened on or after this line is never closed");
            return null;
        }
    }

    private static int Line(Mark mark) => Math.Max(1, (int)mark.Line);

    /// <summary>Builds nodes from parser events, remembering the last line reached for errors the parser reports without one.</summary>
    private sealed class Reader
    {
        public int LastLine { get; private set; } = 1;

        public YamlTreeNode Read(IParser parser)
        {
            if (parser.Current is { } current)
            {
                LastLine = Line(current.Start);
            }

            return ReadNode(parser);
        }

        private YamlTreeNode ReadNode(IParser parser)
        {
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                return new YamlTreeScalar(Line(scalar.Start), scalar.Value);
            }

            if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                var items = new List<YamlTreeNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(Read(parser));
                }

                return new YamlTreeSequence(Line(sequenceStart.Start), items);
            }

            if (parser.TryConsume<MappingStart>(out var mappingStart))
            {
                var entries = new List<KeyValuePair<YamlTreeScalar, YamlTreeNode>>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyNode = Read(parser);
                    var value = Read(parser);
                    var key = keyNode as YamlTreeScalar ?? new YamlTreeScalar(keyNode.Line, "");
                    entries.Add(new(key, value));
                }

                return new YamlTreeMapping(Line(mappingStart.Start), entries);
            }

            var current = parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty,
                current is AnchorAlias ? "aliases (*name) are not supported in these files" : "unexpected YAML element");
        }
    }
}
