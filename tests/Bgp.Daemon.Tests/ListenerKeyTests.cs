using System.Net;
using System.Net.Sockets;
using Bgp.Daemon.Sessions;
using Bgp.Daemon.Transport;
using Bgp.Protocol;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests;

/// <summary>
/// The listener's TCP MD5 keys (RFC 2385) follow the peer table. The kernel drops, without a trace, every SYN from
/// an address that is not signed with the key the listener holds for it; a key left behind by a removed peer keeps
/// the address out for good. A dropped SYN shows here as a connection that does not come within a bounded deadline.
/// </summary>
public sealed class ListenerKeyTests
{
    private static readonly IPAddress Address = IPAddress.Loopback;

    [Fact]
    public async Task Md5_PeerRemovedThenAddedWithoutPassword_PlainConnectionEstablishes()
    {
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", Address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", Address, time);
        var keyed = b.AddPeer(PeerOf(a, Address, AsA, passive: true) with { Password = "old-secret" });
        Assert.True(await b.RemovePeerAsync(keyed, CeaseSubcode.PeerDeconfigured, Deadline()));

        var pb = b.AddPeer(PeerOf(a, Address, AsA, passive: true));
        var pa = a.AddPeer(PeerOf(b, Address, AsB));

        // With the old key still on B's listener, A's unsigned SYN is dropped and this never comes.
        await EstablishedAsync(pa, 10);
        await EstablishedAsync(pb, 10);
    }

    [Fact]
    public async Task Md5_PeerRemoved_AddressNoLongerNeedsKey()
    {
        var time = new FakeTimeProvider();
        await using var b = await StartAsync(AsB, "2.2.2.2", Address, time);
        var keyed = b.AddPeer(new PeerSettings { Address = Address, Port = 1, PeerAs = AsA, Passive = true, Password = "gone-secret" });
        Assert.True(await b.RemovePeerAsync(keyed, CeaseSubcode.PeerDeconfigured, Deadline()));
        var rejected = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.ConnectionRejected += (_, remote) => rejected.TrySetResult(remote);

        // A plain TCP handshake from the address completes (the speaker then closes it: no peer is configured).
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(b.ListenEndPoint!, Deadline(10));
        var remote = await rejected.Task.WaitAsync(Deadline(10));
        Assert.Equal(Address, remote.Address);
    }

    [Fact]
    public async Task Md5_PeerReaddedWithNewPassword_NewlyKeyedConnectionEstablishes()
    {
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", Address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", Address, time);
        var keyed = b.AddPeer(PeerOf(a, Address, AsA, passive: true) with { Password = "old-secret" });
        Assert.True(await b.RemovePeerAsync(keyed, CeaseSubcode.OtherConfigurationChange, Deadline()));

        var pb = b.AddPeer(PeerOf(a, Address, AsA, passive: true) with { Password = "new-secret" });
        var pa = a.AddPeer(PeerOf(b, Address, AsB) with { Password = "new-secret" });

        await EstablishedAsync(pa, 10);
        await EstablishedAsync(pb, 10);
    }

    [Fact]
    public async Task Md5_OneOfTwoPeersOnAnAddressRemoved_KeyKeptForTheOther()
    {
        // The kernel keys an address, not a port: the key stays while a configured peer at the address has one.
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", Address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", Address, time);
        var other = b.AddPeer(new PeerSettings { Address = Address, Port = 1, PeerAs = AsA, Passive = true, Password = "shared-secret" });
        var pb = b.AddPeer(PeerOf(a, Address, AsA, passive: true) with { Password = "shared-secret" });
        Assert.True(await b.RemovePeerAsync(other, CeaseSubcode.PeerDeconfigured, Deadline()));

        // Had the removal deleted the address's key, B's kernel would drop A's signed SYN as unexpected.
        var pa = a.AddPeer(PeerOf(b, Address, AsB) with { Password = "shared-secret" });
        await EstablishedAsync(pa, 10);
        await EstablishedAsync(pb, 10);
    }

    [Fact]
    public async Task Md5_KernelRefusesKeyDeletion_PeerRemovedAndFailureReported()
    {
        var time = new FakeTimeProvider();
        await using var b = await StartAsync(AsB, "2.2.2.2", Address, time);
        var keyed = b.AddPeer(new PeerSettings { Address = Address, Port = 1, PeerAs = AsA, Passive = true, Password = "some-secret" });
        var failures = new List<ListenerOptionFailure>();
        b.ListenerOptionFailed += (_, f) => failures.Add(f);
        // Someone else deleted the key behind the speaker's back: Linux answers the speaker's own delete with ENOENT.
        LinuxSocketOptions.SetMd5Signature(b.ListenerSocket!, Address, null);

        Assert.True(await b.RemovePeerAsync(keyed, CeaseSubcode.PeerDeconfigured, Deadline()));

        Assert.Empty(b.Peers);
        var failure = Assert.Single(failures);
        Assert.Equal(Address, failure.PeerAddress);
        Assert.Equal("TCP_MD5SIG", failure.Error.Option);
        Assert.Equal(2, failure.Error.Errno); // ENOENT
    }
}
