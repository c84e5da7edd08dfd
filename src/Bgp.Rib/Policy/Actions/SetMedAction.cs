namespace Bgp.Rib.Policy;

/// <summary>Set MULTI_EXIT_DISC (RFC 4271 5.1.4), or remove it when <see cref="Value"/> is null.</summary>
public sealed record SetMedAction(uint? Value) : RouteAction
{
    internal override void Apply(ref RouteEdit edit)
    {
        if (edit.Attributes.MultiExitDisc != Value)
            edit.Attributes = edit.Attributes with { MultiExitDisc = Value };
    }

    public override string ToString() => Value is { } v ? $"set med {v}" : "remove med";
}
