using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bgp.Cli.Output;

/// <summary>
/// Writes JSON values one per line to a text writer: <see cref="Begin"/> hands out the
/// <see cref="Utf8JsonWriter"/>, <see cref="End"/> prints what was written as one line. Relaxed escaping
/// because the reader is a terminal or a pipe, not HTML (as decode does).
/// </summary>
internal sealed class JsonLineWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly TextWriter _output;

    public JsonLineWriter(TextWriter output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        return _json;
    }

    public void End()
    {
        _json.Flush();
        _output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }

    public void Dispose() => _json.Dispose();
}
