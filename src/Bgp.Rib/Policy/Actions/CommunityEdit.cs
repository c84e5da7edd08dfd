namespace Bgp.Rib.Policy;

/// <summary>How a community action changes the route's list.</summary>
public enum CommunityEdit : byte
{
    /// <summary>Append the values not already present, in the order given.</summary>
    Add = 0,
    /// <summary>Drop every occurrence of the values.</summary>
    Remove = 1,
    /// <summary>Make the list exactly the values (an empty list clears it).</summary>
    Replace = 2,
}
