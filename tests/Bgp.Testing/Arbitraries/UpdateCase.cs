using Bgp.Protocol;
using Bgp.Protocol.Messages;

namespace Bgp.Testing.Arbitraries;

/// <summary>
/// An UPDATE together with the options of the session that sends it: the message is valid for exactly
/// those options (AS number width, path ids, maximum length). Decode with <see cref="BgpGen.Mirror"/>.
/// </summary>
public sealed record UpdateCase(CodecOptions Options, UpdateMessage Message)
{
    public override string ToString() => $"{Describe(Options)} {UpdateText.Describe(Message)}";

    internal static string Describe(CodecOptions o) =>
        $"[4-octet={o.FourOctetAs} ext={o.ExtendedMessage} addpath-send={string.Join(',', o.AddPathSend)} addpath-receive={string.Join(',', o.AddPathReceive)}]";
}
