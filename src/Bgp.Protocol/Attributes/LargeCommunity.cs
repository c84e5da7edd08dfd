namespace Bgp.Protocol.Attributes;

/// <summary>A large community (RFC 8092): global administrator and two local data parts.</summary>
public readonly record struct LargeCommunity(uint GlobalAdministrator, uint LocalData1, uint LocalData2)
{
    public override string ToString() => $"{GlobalAdministrator}:{LocalData1}:{LocalData2}";
}
