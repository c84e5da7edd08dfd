using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Daemon.Tests;

/// <summary>A scripted BGP peer over a plain socket: the test decides every byte it sends and reads.</summary>
internal sealed class RawBgpPeer : IAsyncDisposable
{
    private readonly NetworkStream _stream;

    public RawBgpPeer(Socket socket)
    {
        Socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Socket Socket { get; }

    public static async Task<RawBgpPeer> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken, IPAddress? source = null,
        int? receiveBuffer = null)
    {
        var s = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size) s.ReceiveBufferSize = size;
        if (source is not null) s.Bind(new IPEndPoint(source, 0));
        await s.ConnectAsync(remote, cancellationToken);
        return new RawBgpPeer(s);
    }

    /// <summary>An OPEN with IPv4 unicast and 4-octet AS capabilities, then <paramref name="extra"/> capabilities.</summary>
    public static byte[] Open(uint asn, uint bgpId, ushort holdTime = 90, params byte[][] extra)
    {
        var as4 = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(as4, asn);
        byte[][] capabilities = [Wire.Capability(1, "00010001"), Wire.Capability(65, Hex.Of(as4)), .. extra];
        return Wire.Open(myAs: asn > ushort.MaxValue ? (ushort)23456 : (ushort)asn, holdTime: holdTime, bgpId: bgpId,
            parameters: Wire.CapabilitiesParameter(capabilities));
    }

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => await _stream.WriteAsync(bytes, cancellationToken);

    /// <summary>The next whole message's bytes, or null at end of stream.</summary>
    public async Task<byte[]?> ReadRawAsync(CancellationToken cancellationToken)
    {
        var header = new byte[19];
        int got = await _stream.ReadAtLeastAsync(header, 19, throwOnEndOfStream: false, cancellationToken);
        if (got < 19) return null;
        int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        var message = new byte[length];
        header.CopyTo(message, 0);
        await _stream.ReadExactlyAsync(message.AsMemory(19, length - 19), cancellationToken);
        return message;
    }

    /// <summary>The next message decoded with 4-octet AS options, or null at end of stream.</summary>
    public async Task<BgpMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        var raw = await ReadRawAsync(cancellationToken);
        if (raw is null) return null;
        var result = BgpDecoder.Decode(raw, CodecOptions.FourOctet);
        return result.Success ? result.Message : throw new InvalidDataException($"undecodable message from the speaker: {result.Error}");
    }

    /// <summary>Reads until the peer closes; true when it closed (rather than the token expiring).</summary>
    public async Task<bool> ReadsEndOfStreamAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cancellationToken) == 0) return true;
            }
        }
        catch (IOException)
        {
            return true; // reset counts as closed
        }
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
