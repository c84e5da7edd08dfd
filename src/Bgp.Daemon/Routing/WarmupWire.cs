using System.Buffers;
using System.IO.Pipelines;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Daemon.Routing;

/// <summary>
/// One direction of a warm-up session: octets go into an in-memory pipe and come out as whole messages
/// the way <see cref="Transport.BgpConnection"/>'s read loop takes them from its socket's pipe
/// (<see cref="BgpFramer.TryRead"/>, <see cref="BgpDecoder.Decode(in ReadOnlySequence{byte}, CodecOptions)"/>,
/// AdvanceTo consumed / examined), so a message can span the pipe's segments as it does on a socket.
/// Counts the routes of the UPDATEs it decoded. No socket, no thread: the pipe never pauses its writer
/// and runs its continuations inline.
/// </summary>
internal sealed class WarmupWire
{
    private readonly Pipe _pipe = new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, resumeWriterThreshold: 0,
        useSynchronizationContext: false));
    private readonly List<string> _problems;

    public WarmupWire(int peerId, CodecOptions options, List<string> problems)
    {
        PeerId = peerId;
        Options = options;
        _problems = problems;
    }

    public int PeerId { get; }
    public CodecOptions Options { get; }
    /// <summary>Routes announced in the UPDATEs read (IPv4 NLRI and MP_REACH_NLRI).</summary>
    public int Announced { get; private set; }
    /// <summary>Routes withdrawn in the UPDATEs read (IPv4 withdrawn routes and MP_UNREACH_NLRI).</summary>
    public int Withdrawn { get; private set; }
    public int EndOfRibs { get; private set; }
    public int Messages { get; private set; }

    /// <summary>Writes <paramref name="octets"/> into the pipe and reads every whole message out, into <paramref name="updates"/> when given.</summary>
    public void Transfer(ReadOnlySpan<byte> octets, List<UpdateMessage>? updates)
    {
        _pipe.Writer.Write(octets);
        var flush = _pipe.Writer.FlushAsync(CancellationToken.None);
        if (!flush.IsCompletedSuccessfully) throw new InvalidOperationException("the warm-up pipe paused its writer");
        if (!_pipe.Reader.TryRead(out var result)) return;
        var buffer = result.Buffer;
        while (true)
        {
            var status = BgpFramer.TryRead(ref buffer, Options.MaxMessageLength, out var message, out var error);
            if (status == BgpFramer.Status.NeedMore) break;
            if (status == BgpFramer.Status.Error)
            {
                _problems.Add($"peer {PeerId}: bad header: {error!.Reason}");
                buffer = buffer.Slice(buffer.End);
                break;
            }
            Take(BgpDecoder.Decode(in message, Options), updates);
        }
        _pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
    }

    private void Take(DecodeResult decoded, List<UpdateMessage>? updates)
    {
        Messages++;
        if (decoded.Message is not UpdateMessage update)
        {
            _problems.Add($"peer {PeerId}: {(decoded.Error is { } e ? e.Reason : decoded.Message!.Type.ToString())} instead of an UPDATE");
            return;
        }
        if (!update.Errors.IsEmpty) _problems.Add($"peer {PeerId}: UPDATE with errors: {update.Errors[0].Reason}");
        if (update.EndOfRib is not null) EndOfRibs++;
        Announced += update.Nlri.Length + (update.MpReach?.Nlri.Length ?? 0);
        Withdrawn += update.Withdrawn.Length + (update.MpUnreach?.Withdrawn.Length ?? 0);
        updates?.Add(update);
    }
}
