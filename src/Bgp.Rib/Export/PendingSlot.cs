namespace Bgp.Rib.Export;

/// <summary>Where a pending route sits: its group and its index in the group's list.</summary>
internal struct PendingSlot
{
    public PendingGroup Group;
    public int Index;
    /// <summary>Queued by a route refresh: sent even if equal to what the peer has.</summary>
    public bool Resend;
}
