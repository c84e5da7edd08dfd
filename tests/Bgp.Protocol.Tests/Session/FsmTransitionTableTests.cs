using Bgp.Protocol.Session;
using Bgp.Testing.Session;

namespace Bgp.Protocol.Tests.Session;

/// <summary>
/// Every (state, event) pair against RFC 4271 8.2.2, written out as data. Each state is reached by a
/// fixed path that leaves ConnectRetryCounter at 1, so "=", "0" and "+1" can be told apart.
/// A timer event for a timer that is not running in that state is a stale firing and must do nothing
/// (see BgpFsm's class comment); those rows are empty. Columns: state, event, actions, counter.
/// </summary>
public class FsmTransitionTableTests
{
    private const string Table = """
        Idle ManualStart            | +ConnectRetry connect =>Connect | 0
        Idle ManualStop             | | =
        Idle AutomaticStart         | +ConnectRetry connect =>Connect | 0
        Idle ManualStartPassive     | +ConnectRetry =>Active | 0
        Idle AutomaticStartPassive  | +ConnectRetry =>Active | 0
        Idle AutoStartDamp          | +ConnectRetry connect =>Connect | =
        Idle AutoStartDampPassive   | +ConnectRetry =>Active | =
        Idle AutomaticStop          | | =
        Idle ConnectRetryExpires    | | =
        Idle HoldExpires            | | =
        Idle KeepaliveExpires       | | =
        Idle DelayOpenExpires       | | =
        Idle IdleHoldExpires        | | =
        Idle TcpValid               | | =
        Idle TcpInvalid             | | =
        Idle TcpAcked               | drop | =
        Idle TcpConfirmed           | drop | =
        Idle TcpFails               | | =
        Idle BGPOpen                | | =
        Idle BGPHeaderErr           | | =
        Idle BGPOpenMsgErr          | | =
        Idle OpenCollisionDump      | | =
        Idle NotifMsgVerErr         | | =
        Idle NotifMsg               | | =
        Idle KeepAliveMsg           | | =
        Idle UpdateMsg              | | =
        Idle UpdateMsgErr           | | =
        Idle SendHoldExpires        | | =
        Idle RouteRefresh           | | =

        Connect ManualStart            | | =
        Connect ManualStop             | -ConnectRetry drop =>Idle | 0
        Connect AutomaticStart         | | =
        Connect ManualStartPassive     | | =
        Connect AutomaticStartPassive  | | =
        Connect AutoStartDamp          | | =
        Connect AutoStartDampPassive   | | =
        Connect AutomaticStop          | -ConnectRetry drop =>Idle | +1
        Connect ConnectRetryExpires    | drop +ConnectRetry connect | =
        Connect HoldExpires            | | =
        Connect KeepaliveExpires       | | =
        Connect DelayOpenExpires       | | =
        Connect IdleHoldExpires        | | =
        Connect TcpValid               | | =
        Connect TcpInvalid             | | =
        Connect TcpAcked               | -ConnectRetry OPEN +Hold =>OpenSent | =
        Connect TcpConfirmed           | -ConnectRetry OPEN +Hold =>OpenSent | =
        Connect TcpFails               | =>Active | =
        Connect BGPOpen                | -ConnectRetry drop =>Idle | +1
        Connect BGPHeaderErr           | -ConnectRetry drop =>Idle | +1
        Connect BGPOpenMsgErr          | -ConnectRetry drop =>Idle | +1
        Connect OpenCollisionDump      | -ConnectRetry drop =>Idle | +1
        Connect NotifMsgVerErr         | -ConnectRetry drop =>Idle | +1
        Connect NotifMsg               | -ConnectRetry drop =>Idle | +1
        Connect KeepAliveMsg           | -ConnectRetry drop =>Idle | +1
        Connect UpdateMsg              | -ConnectRetry drop =>Idle | +1
        Connect UpdateMsgErr           | -ConnectRetry drop =>Idle | +1
        Connect SendHoldExpires        | | =
        Connect RouteRefresh           | -ConnectRetry drop =>Idle | +1

        Active ManualStart            | | =
        Active ManualStop             | -ConnectRetry drop =>Idle | 0
        Active AutomaticStart         | | =
        Active ManualStartPassive     | | =
        Active AutomaticStartPassive  | | =
        Active AutoStartDamp          | | =
        Active AutoStartDampPassive   | | =
        Active AutomaticStop          | -ConnectRetry drop =>Idle | +1
        Active ConnectRetryExpires    | +ConnectRetry connect =>Connect | =
        Active HoldExpires            | | =
        Active KeepaliveExpires       | | =
        Active DelayOpenExpires       | | =
        Active IdleHoldExpires        | | =
        Active TcpValid               | | =
        Active TcpInvalid             | | =
        Active TcpAcked               | -ConnectRetry OPEN +Hold =>OpenSent | =
        Active TcpConfirmed           | -ConnectRetry OPEN +Hold =>OpenSent | =
        Active TcpFails               | -ConnectRetry drop =>Idle | +1
        Active BGPOpen                | -ConnectRetry drop =>Idle | +1
        Active BGPHeaderErr           | -ConnectRetry drop =>Idle | +1
        Active BGPOpenMsgErr          | -ConnectRetry drop =>Idle | +1
        Active OpenCollisionDump      | -ConnectRetry drop =>Idle | +1
        Active NotifMsgVerErr         | -ConnectRetry drop =>Idle | +1
        Active NotifMsg               | -ConnectRetry drop =>Idle | +1
        Active KeepAliveMsg           | -ConnectRetry drop =>Idle | +1
        Active UpdateMsg              | -ConnectRetry drop =>Idle | +1
        Active UpdateMsgErr           | -ConnectRetry drop =>Idle | +1
        Active SendHoldExpires        | | =
        Active RouteRefresh           | -ConnectRetry drop =>Idle | +1

        OpenSent ManualStart            | | =
        OpenSent ManualStop             | NOTIF(6/2) -Hold drop =>Idle | 0
        OpenSent AutomaticStart         | | =
        OpenSent ManualStartPassive     | | =
        OpenSent AutomaticStartPassive  | | =
        OpenSent AutoStartDamp          | | =
        OpenSent AutoStartDampPassive   | | =
        OpenSent AutomaticStop          | NOTIF(6/0) -Hold drop =>Idle | +1
        OpenSent ConnectRetryExpires    | | =
        OpenSent HoldExpires            | NOTIF(4/0) drop =>Idle | +1
        OpenSent KeepaliveExpires       | | =
        OpenSent DelayOpenExpires       | | =
        OpenSent IdleHoldExpires        | | =
        OpenSent TcpValid               | | =
        OpenSent TcpInvalid             | | =
        OpenSent TcpAcked               | | =
        OpenSent TcpConfirmed           | | =
        OpenSent TcpFails               | drop -Hold +ConnectRetry =>Active | =
        OpenSent BGPOpen                | KEEPALIVE +Keepalive +Hold +SendHold =>OpenConfirm | =
        OpenSent BGPHeaderErr           | NOTIF(1/2) -Hold drop =>Idle | +1
        OpenSent BGPOpenMsgErr          | NOTIF(2/2) -Hold drop =>Idle | +1
        OpenSent OpenCollisionDump      | NOTIF(6/7) -Hold drop =>Idle | +1
        OpenSent NotifMsgVerErr         | -Hold drop =>Idle | =
        OpenSent NotifMsg               | -Hold drop =>Idle | +1
        OpenSent KeepAliveMsg           | NOTIF(5/1) -Hold drop =>Idle | +1
        OpenSent UpdateMsg              | NOTIF(5/1) -Hold drop =>Idle | +1
        OpenSent UpdateMsgErr           | NOTIF(5/1) -Hold drop =>Idle | +1
        OpenSent SendHoldExpires        | | =
        OpenSent RouteRefresh           | NOTIF(5/1) -Hold drop =>Idle | +1

        OpenConfirm ManualStart            | | =
        OpenConfirm ManualStop             | NOTIF(6/2) -Hold -Keepalive -SendHold drop =>Idle | 0
        OpenConfirm AutomaticStart         | | =
        OpenConfirm ManualStartPassive     | | =
        OpenConfirm AutomaticStartPassive  | | =
        OpenConfirm AutoStartDamp          | | =
        OpenConfirm AutoStartDampPassive   | | =
        OpenConfirm AutomaticStop          | NOTIF(6/0) -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm ConnectRetryExpires    | | =
        OpenConfirm HoldExpires            | NOTIF(4/0) -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm KeepaliveExpires       | KEEPALIVE +Keepalive | =
        OpenConfirm DelayOpenExpires       | | =
        OpenConfirm IdleHoldExpires        | | =
        OpenConfirm TcpValid               | | =
        OpenConfirm TcpInvalid             | | =
        OpenConfirm TcpAcked               | | =
        OpenConfirm TcpConfirmed           | | =
        OpenConfirm TcpFails               | -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm BGPOpen                | NOTIF(5/2) -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm BGPHeaderErr           | NOTIF(1/2) -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm BGPOpenMsgErr          | NOTIF(2/2) -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm OpenCollisionDump      | NOTIF(6/7) -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm NotifMsgVerErr         | -Hold -Keepalive -SendHold drop =>Idle | =
        OpenConfirm NotifMsg               | -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm KeepAliveMsg           | +Hold =>Established up | =
        OpenConfirm UpdateMsg              | NOTIF(5/2) -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm UpdateMsgErr           | NOTIF(5/2) -Hold -Keepalive -SendHold drop =>Idle | +1
        OpenConfirm SendHoldExpires        | NOTIF(8/0) -Hold -Keepalive drop =>Idle | +1
        OpenConfirm RouteRefresh           | NOTIF(5/2) -Hold -Keepalive -SendHold drop =>Idle | +1

        Established ManualStart            | | =
        Established ManualStop             | NOTIF(6/2) -Hold -Keepalive -SendHold drop down =>Idle | 0
        Established AutomaticStart         | | =
        Established ManualStartPassive     | | =
        Established AutomaticStartPassive  | | =
        Established AutoStartDamp          | | =
        Established AutoStartDampPassive   | | =
        Established AutomaticStop          | NOTIF(6/0) -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established ConnectRetryExpires    | | =
        Established HoldExpires            | NOTIF(4/0) -Keepalive -SendHold drop down =>Idle | +1
        Established KeepaliveExpires       | KEEPALIVE +Keepalive | =
        Established DelayOpenExpires       | | =
        Established IdleHoldExpires        | | =
        Established TcpValid               | | =
        Established TcpInvalid             | | =
        Established TcpAcked               | | =
        Established TcpConfirmed           | | =
        Established TcpFails               | -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established BGPOpen                | NOTIF(5/3) -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established BGPHeaderErr           | NOTIF(1/2) -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established BGPOpenMsgErr          | NOTIF(5/3) -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established OpenCollisionDump      | NOTIF(6/7) -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established NotifMsgVerErr         | -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established NotifMsg               | -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established KeepAliveMsg           | +Hold | =
        Established UpdateMsg              | deliver +Hold | =
        Established UpdateMsgErr           | NOTIF(3/1) -Hold -Keepalive -SendHold drop down =>Idle | +1
        Established SendHoldExpires        | NOTIF(8/0) -Hold -Keepalive drop down =>Idle | +1
        Established RouteRefresh           | refresh +Hold | =
        """;

    /// <summary>The same with DelayOpen set, in the states where its timer runs (8.2.2 Connect and Active).</summary>
    private const string DelayOpenTable = """
        Connect TcpAcked         | -ConnectRetry +DelayOpen | =
        Connect+DelayOpen BGPOpen          | -DelayOpen OPEN KEEPALIVE +Keepalive +Hold +SendHold =>OpenConfirm | =
        Connect+DelayOpen DelayOpenExpires | OPEN +Hold =>OpenSent | =
        Connect+DelayOpen TcpFails         | +ConnectRetry -DelayOpen =>Active | =
        Connect+DelayOpen NotifMsgVerErr   | -DelayOpen drop =>Idle | =
        Connect+DelayOpen NotifMsg         | -DelayOpen drop =>Idle | +1
        Connect+DelayOpen ConnectRetryExpires | | =
        Connect+DelayOpen ManualStop       | -DelayOpen drop =>Idle | 0
        Active TcpConfirmed      | -ConnectRetry +DelayOpen | =
        Active+DelayOpen BGPOpen           | -DelayOpen OPEN KEEPALIVE +Keepalive +Hold +SendHold =>OpenConfirm | =
        Active+DelayOpen DelayOpenExpires  | OPEN +Hold =>OpenSent | =
        Active+DelayOpen TcpFails          | -DelayOpen drop =>Idle | +1
        Active+DelayOpen NotifMsgVerErr    | -DelayOpen drop =>Idle | =
        Active+DelayOpen BGPOpenMsgErr     | -DelayOpen drop =>Idle | +1
        """;

    public static TheoryData<string, string, string, string> Rows() => Parse(Table);
    public static TheoryData<string, string, string, string> DelayOpenRows() => Parse(DelayOpenTable);

    [Theory]
    [MemberData(nameof(Rows))]
    public void StateEvent_Handled_MatchesRfc4271Table(string state, string ev, string expectedActions, string counter) =>
        Check(SessionFixtures.Config(), state, ev, expectedActions, counter);

    [Theory]
    [MemberData(nameof(DelayOpenRows))]
    public void StateEventWithDelayOpen_Handled_MatchesRfc4271Table(string state, string ev, string expectedActions, string counter) =>
        Check(SessionFixtures.Config() with { DelayOpen = true }, state, ev, expectedActions, counter);

    [Fact]
    public void Table_CoversEveryStateAndEvent()
    {
        var rows = Parse(Table).Select(r => ((string)r[0], (string)r[1])).ToHashSet();
        foreach (var state in Enum.GetNames<SessionState>())
            foreach (var (name, _) in SessionFixtures.AllInputs)
                Assert.Contains((state, name), rows);
        Assert.Equal(Enum.GetValues<SessionState>().Length * SessionFixtures.AllInputs.Count, rows.Count);
    }

    private static void Check(PeerConfig config, string state, string ev, string expectedActions, string counter)
    {
        var driver = new FsmDriver(config);
        ReachState(driver, state);
        int before = driver.Fsm.ConnectRetryCounter;
        Assert.Equal(1, before);
        var input = SessionFixtures.AllInputs.Single(i => i.Name == ev).Input;
        var actions = driver.Feed(input);
        Assert.Equal(expectedActions, SessionFixtures.Signature(actions));
        int expectedCounter = counter switch { "0" => 0, "+1" => before + 1, _ => before };
        Assert.Equal(expectedCounter, driver.Fsm.ConnectRetryCounter);
        // The state after the event is the last StateChanged, or the state before when there was none.
        var last = actions.LastOrDefault(a => a.Kind == FsmActionKind.StateChanged);
        var expectedState = last.Kind == FsmActionKind.StateChanged ? last.To : driver.Log[^1].Before;
        Assert.Equal(expectedState, driver.Fsm.State);
    }

    /// <summary>Fixed paths to each state, leaving ConnectRetryCounter at 1 (a passive start whose connection fails in Active).</summary>
    private static void ReachState(FsmDriver d, string state)
    {
        d.Feed(FsmInput.ManualStartPassive);
        if (d.Fsm.Config.DelayOpen)
        {
            d.Feed(FsmInput.TcpConnectionConfirmed, FsmInput.TimerExpired(FsmTimer.DelayOpen)); // Active -> OpenSent
            d.Feed(FsmInput.TcpConnectionFails);                                                 // -> Active
            d.Feed(FsmInput.TimerExpired(FsmTimer.ConnectRetry), FsmInput.TcpConnectionFails);  // -> Connect -> Active
            d.Feed(FsmInput.TcpConnectionConfirmed, FsmInput.TcpConnectionFails);               // DelayOpen running: -> Idle, +1
        }
        else
        {
            d.Feed(FsmInput.TcpConnectionFails); // Active -> Idle, counter 1
        }
        Assert.Equal(SessionState.Idle, d.Fsm.State);
        var damp = new FsmInput(FsmEvent.AutomaticStart_with_DampPeerOscillations);
        var dampPassive = new FsmInput(FsmEvent.AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment);
        switch (state)
        {
            case "Idle": break;
            case "Connect": d.Feed(damp); break;
            case "Connect+DelayOpen": d.Feed(damp, FsmInput.TcpCrAcked); break;
            case "Active": d.Feed(dampPassive); break;
            case "Active+DelayOpen": d.Feed(dampPassive, FsmInput.TcpConnectionConfirmed); break;
            case "OpenSent": d.Feed(damp, FsmInput.TcpCrAcked); break;
            case "OpenConfirm": d.Feed(damp, FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen())); break;
            case "Established": d.Feed(damp, FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen()), FsmInput.Keepalive); break;
            default: throw new ArgumentException(state);
        }
        Assert.Equal(state.Split('+')[0], d.Fsm.State.ToString());
    }

    private static TheoryData<string, string, string, string> Parse(string table)
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var raw in table.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var cols = line.Split('|');
            var head = cols[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            data.Add(head[0], head[1], cols[1].Trim(), cols[2].Trim());
        }
        return data;
    }
}
