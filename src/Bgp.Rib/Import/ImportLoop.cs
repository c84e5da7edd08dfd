namespace Bgp.Rib.Import;

/// <summary>Which loop check rejected a received route.</summary>
public enum ImportLoop
{
    /// <summary>No loop: the route may enter the Adj-RIB-In.</summary>
    None = 0,
    /// <summary>Our AS appears in AS_PATH more often than allowed (RFC 4271 9.1.2).</summary>
    AsPath,
    /// <summary>ORIGINATOR_ID is our own router id: a reflected copy of our own route (RFC 4456 8).</summary>
    OriginatorId,
    /// <summary>CLUSTER_LIST holds our CLUSTER_ID: the route went round through our cluster (RFC 4456 8).</summary>
    ClusterList,
}
