namespace Bgp.Protocol.Mrt;

/// <summary>BGP4MP / BGP4MP_ET subtypes (RFC 6396 4.4, ADD-PATH ones from RFC 8050 3).</summary>
public enum Bgp4mpSubtype : ushort
{
    StateChange = 0,
    Message = 1,
    MessageAs4 = 4,
    StateChangeAs4 = 5,
    MessageLocal = 6,
    MessageAs4Local = 7,
    MessageAddPath = 8,
    MessageAs4AddPath = 9,
    MessageLocalAddPath = 10,
    MessageAs4LocalAddPath = 11,
}
