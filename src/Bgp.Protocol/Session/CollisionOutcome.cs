namespace Bgp.Protocol.Session;

/// <summary>The decision of <see cref="CollisionDetection.Decide"/>.</summary>
public enum CollisionOutcome : byte
{
    /// <summary>The connections do not collide (yet): keep both.</summary>
    NoCollision = 0,
    /// <summary>Dump the connection that was already there (feed it OpenCollisionDump) and keep the new one.</summary>
    CloseExisting = 1,
    /// <summary>Dump the connection that just received the OPEN and keep the existing one.</summary>
    CloseNew = 2,
}
