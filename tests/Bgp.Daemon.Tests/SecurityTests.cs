using System.Net;
using Bgp.Daemon.Transport;
using Bgp.Protocol.Session;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests;

/// <summary>
/// TCP MD5 (RFC 2385) and GTSM (RFC 5082) on real sockets. These need a Linux kernel with TCP_MD5SIG;
/// without it setsockopt fails and the tests fail with the option's name, never skip.
/// </summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task Md5_SamePassword_Establishes()
    {
        var address = IPAddress.Loopback;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
        var pb = b.AddPeer(PeerOf(a, address, AsA, passive: true) with { Password = "s3cret-key" });
        var pa = a.AddPeer(PeerOf(b, address, AsB) with { Password = "s3cret-key" });

        await EstablishedAsync(pa);
        await EstablishedAsync(pb);
    }

    [Fact]
    public async Task Md5_DifferentPasswords_NeverEstablishWithinFiveSeconds()
    {
        var address = IPAddress.Loopback;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
        var pb = b.AddPeer(PeerOf(a, address, AsA, passive: true) with { Password = "one-password" });
        var pa = a.AddPeer(PeerOf(b, address, AsB) with { Password = "another-password" });

        var up = pa.WaitForStateAsync(SessionState.OpenSent, Deadline(5));
        // The kernel drops the SYN with the wrong digest: no TCP connection, so not even an OPEN goes out.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => up);
        Assert.NotEqual(SessionState.Established, pb.State);
        Assert.Equal(0, pb.Counters.MessagesIn);
        Assert.IsNotType<SocketOptionException>(pa.LastConnectError);
    }

    [Fact]
    public void Md5_KernelSupport_SetsockoptSucceeds()
    {
        // The probe that tells "no MD5 in this kernel" apart from a wrong password: it must not throw.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        LinuxSocketOptions.SetMd5Signature(socket, IPAddress.Loopback, "probe");
        LinuxSocketOptions.SetMd5Signature(socket, IPAddress.Loopback, null);
    }

    [Fact]
    public async Task Gtsm_BothSides_Establishes()
    {
        var address = IPAddress.Loopback;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
        var pb = b.AddPeer(PeerOf(a, address, AsA, passive: true) with { TtlSecurity = true });
        var pa = a.AddPeer(PeerOf(b, address, AsB) with { TtlSecurity = true });

        await EstablishedAsync(pa);
        await EstablishedAsync(pb);
    }

    [Fact]
    public async Task Gtsm_PeerSendsDefaultTtl_ItsSegmentsAreDropped()
    {
        var address = IPAddress.Loopback;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
        // B requires TTL 255 and connects; A sends with the default TTL (64), so B drops A's SYN-ACK.
        b.AddPeer(PeerOf(a, address, AsA) with { TtlSecurity = true });
        var pa = a.AddPeer(PeerOf(b, address, AsB, passive: true));

        var up = pa.WaitForStateAsync(SessionState.OpenSent, Deadline(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => up);
    }
}
