using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// Reads MRT records (RFC 6396) one at a time from a caller's stream (already decompressed) and decodes
/// TABLE_DUMP_V2, BGP4MP and BGP4MP_ET records; other types come back as <see cref="UnknownMrtRecord"/>.
/// </summary>
/// <remarks>
/// Bounded memory: one record is in memory at a time, in a pooled buffer that grows by doubling while
/// the body actually arrives, so a length field never decides an allocation on its own. A record longer
/// than <c>maxRecordLength</c> (or than what is left of a seekable stream) is refused without reading it.
/// A stream that ends inside a record, or a refused record, ends the reading with <see cref="Error"/> set
/// (record index and byte offset); the records before it have already been returned. A record whose
/// framing is sound but whose body does not parse comes back as <see cref="MalformedMrtRecord"/> and
/// reading goes on. The reader does not own the stream.
/// State carried between records: the last PEER_INDEX_TABLE (to resolve RIB entries' peer indexes) and,
/// per BGP4MP session, the ADD-PATH capabilities seen in its OPENs (to read path identifiers in plain
/// MESSAGE records, as BIRD writes them).
/// </remarks>
public sealed class MrtReader : IDisposable
{
    public const int DefaultMaxRecordLength = 16 * 1024 * 1024;
    private const int InitialBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxRecordLength;
    private readonly MrtDecoder _decoder = new();
    private byte[]? _buffer;
    private bool _done;

    public MrtReader(Stream stream, int maxRecordLength = DefaultMaxRecordLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordLength);
        _stream = stream;
        _maxRecordLength = maxRecordLength;
    }

    /// <summary>How many records have been returned.</summary>
    public int RecordsRead { get; private set; }

    /// <summary>Byte offset of the next record's header (after the last record returned).</summary>
    public long Offset { get; private set; }

    /// <summary>Why reading stopped early; null after a clean end of stream (or while reading).</summary>
    public MrtReadError? Error { get; private set; }

    /// <summary>Reads the next record. False at the end of the stream or when it broke (then <see cref="Error"/> says where).</summary>
    public bool TryRead([NotNullWhen(true)] out MrtRecord? record)
    {
        record = null;
        if (_done) return false;
        int index = RecordsRead;
        long offset = Offset;

        Span<byte> head = stackalloc byte[MrtHeader.Size];
        int got = ReadFully(head);
        if (got < 0) return false;
        if (got == 0) return Finish(null);
        if (got < MrtHeader.Size)
            return Finish(new MrtReadError(index, offset, $"stream ends inside the record header ({got} of {MrtHeader.Size} octets)"));

        uint timestamp = BinaryPrimitives.ReadUInt32BigEndian(head);
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(head[4..]);
        ushort subtype = BinaryPrimitives.ReadUInt16BigEndian(head[6..]);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(head[8..]);

        if (length > (uint)_maxRecordLength)
            return Finish(new MrtReadError(index, offset, $"record length {length} is over the limit of {_maxRecordLength} octets"));
        if (_stream.CanSeek && length > _stream.Length - _stream.Position)
            return Finish(new MrtReadError(index, offset,
                $"record length {length} runs past the end of the stream ({_stream.Length - _stream.Position} octets left)"));

        int bodyLength = (int)length;
        int read = ReadBody(bodyLength);
        if (read < 0) return false;
        if (read < bodyLength)
            return Finish(new MrtReadError(index, offset, $"stream ends inside the record body ({read} of {bodyLength} octets)"));

        ReadOnlySpan<byte> body = _buffer.AsSpan(0, bodyLength);
        uint micro = 0;
        var header = new MrtHeader(timestamp, type, subtype, length, 0, index, offset);
        if (header.HasMicroseconds)
        {
            if (body.Length >= 4)
            {
                micro = BinaryPrimitives.ReadUInt32BigEndian(body);
                header = header with { Microseconds = micro };
                record = _decoder.Decode(header, body[4..]);
            }
            else
            {
                record = new MalformedMrtRecord { Header = header, Reason = $"extended-timestamp record of {body.Length} octets has no microsecond field" };
            }
        }
        else
        {
            record = _decoder.Decode(header, body);
        }

        RecordsRead = index + 1;
        Offset = offset + MrtHeader.Size + bodyLength;
        return true;
    }

    /// <summary>Every remaining record, in order; check <see cref="Error"/> afterwards.</summary>
    public IEnumerable<MrtRecord> ReadAll()
    {
        while (TryRead(out var record)) yield return record;
    }

    public void Dispose()
    {
        if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _done = true;
    }

    private bool Finish(MrtReadError? error)
    {
        Error = error;
        _done = true;
        return false;
    }

    /// <summary>Reads until the span is full or the stream ends; -1 (with Error set) when the stream throws.</summary>
    private int ReadFully(Span<byte> into)
    {
        int total = 0;
        try
        {
            while (total < into.Length)
            {
                int n = _stream.Read(into[total..]);
                if (n == 0) break;
                total += n;
            }
        }
        catch (IOException e)
        {
            // A corrupt compressed stream fails here (gzip/bzip2 checks): that is a broken file, not a bug.
            Finish(new MrtReadError(RecordsRead, Offset, "stream read failed: " + e.Message));
            return -1;
        }
        catch (InvalidDataException e)
        {
            Finish(new MrtReadError(RecordsRead, Offset, "stream read failed: " + e.Message));
            return -1;
        }
        return total;
    }

    /// <summary>Reads a body into the pooled buffer, growing it only as bytes arrive; returns the count read.</summary>
    private int ReadBody(int length)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(length, 1), InitialBufferSize));
        int total = 0;
        while (total < length)
        {
            if (total == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, length));
                _buffer.AsSpan(0, total).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            int want = Math.Min(length, _buffer.Length) - total;
            int n = ReadFully(_buffer.AsSpan(total, want));
            if (n < 0) return -1;
            total += n;
            if (n < want) break;
        }
        return total;
    }
}
