using Bgp.Protocol;
using Bgp.Protocol.Messages;

namespace Bgp.Testing.Arbitraries;

/// <summary>Any message together with the options of the session that sends it (see <see cref="UpdateCase"/>).</summary>
public sealed record MessageCase(CodecOptions Options, BgpMessage Message)
{
    public override string ToString() =>
        $"{UpdateCase.Describe(Options)} {(Message is UpdateMessage u ? UpdateText.Describe(u) : Message.Type.ToString())}";
}
