using Bgp.Daemon.Transport;

namespace Bgp.Daemon.Tests.Transport;

public sealed class ReadGateTests
{
    [Fact]
    public void WhenOpen_BelowHighWater_IsCompleted()
    {
        var gate = new ReadGate(highWater: 3, lowWater: 1);
        gate.Added();
        gate.Added();
        Assert.True(gate.WhenOpen.IsCompleted);
        Assert.Equal(2, gate.Waiting);
    }

    [Fact]
    public async Task WhenOpen_AtHighWater_WaitsUntilLowWater()
    {
        var gate = new ReadGate(highWater: 3, lowWater: 1);
        for (int i = 0; i < 3; i++) gate.Added();
        var paused = gate.WhenOpen;
        Assert.False(paused.IsCompleted);
        gate.Taken();
        // Between the marks the gate stays closed (hysteresis: no open/close per UPDATE).
        Assert.False(paused.IsCompleted);
        Assert.False(gate.WhenOpen.IsCompleted);
        gate.Taken();
        await paused.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(gate.WhenOpen.IsCompleted);
    }

    [Fact]
    public void WhenOpen_AfterReopen_ClosesAgainAtHighWater()
    {
        var gate = new ReadGate(highWater: 2, lowWater: 0);
        gate.Added();
        gate.Added();
        gate.Taken();
        gate.Taken();
        Assert.True(gate.WhenOpen.IsCompleted);
        gate.Added();
        gate.Added();
        Assert.False(gate.WhenOpen.IsCompleted);
    }

    [Fact]
    public async Task Disable_WhileClosed_OpensForGood()
    {
        var gate = new ReadGate(highWater: 1, lowWater: 0);
        gate.Added();
        var paused = gate.WhenOpen;
        gate.Disable();
        await paused.WaitAsync(TimeSpan.FromSeconds(5));
        gate.Added();
        gate.Added();
        Assert.True(gate.WhenOpen.IsCompleted);
    }

    [Fact]
    public void Constructor_LowWaterNotBelowHigh_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadGate(highWater: 4, lowWater: 4));
    }
}
