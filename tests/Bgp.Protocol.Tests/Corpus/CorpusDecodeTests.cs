using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>
/// Every message of fixtures/corpus decodes, in the context of its session, to what tshark (or, where the
/// corpus README says tshark is wrong, the reference it names) shows; the malformed ones give the error
/// listed in <see cref="KnownCorpusErrors"/>, and no other message gives any error.
/// </summary>
public sealed class CorpusDecodeTests
{
    public static TheoryData<string> MessageFiles() => new(Fixtures.MessageFiles());

    [Theory]
    [MemberData(nameof(MessageFiles))]
    public void MessagesHex_DecodedInSessionContext_AgreeWithTshark(string file)
    {
        var session = new CorpusSession();
        var problems = new List<string>();
        foreach (var m in Fixtures.LoadMessages(file))
        {
            var known = KnownCorpusErrors.For(m);
            var (result, options) = known?.Options is { } forced
                ? (BgpDecoder.Decode(m.Bytes, forced), forced)
                : CorpusDecoding.Decode(m, session);
            string where = $"#{m.Index} ({(options.FourOctetAs ? "as4" : "as2")}, add-path [{string.Join(',', options.AddPathReceive)}])";
            if (known is not null)
            {
                var error = result.Success
                    ? (result.Message as UpdateMessage)?.Errors.FirstOrDefault()
                    : result.Error;
                if (error is null)
                    problems.Add($"{where}: decoded cleanly, expected {known}");
                else if ((byte)error.Code != known.Code || error.Subcode != known.Subcode || error.Action != known.Action)
                    problems.Add($"{where}: {error}, expected {known}");
                continue;
            }
            if (!result.Success)
            {
                problems.Add($"{where}: {result.Error}");
                continue;
            }
            if (result.Message is UpdateMessage { Errors.IsEmpty: false } u)
                problems.Add($"{where}: {string.Join("; ", u.Errors)}");
            var local = new List<string>();
            CorpusExpectations.Compare(result.Message, m.Expected, local, KnownCorpusErrors.NlriOverride(m));
            problems.AddRange(local.Select(p => $"{where}: {p}"));
        }
        Assert.True(problems.Count == 0, $"{file}:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Corpus_AllMessageFiles_HoldTheReadmeCount()
    {
        // The README's verification: 38 files, 1808 messages. A smaller count means fixtures went missing.
        var files = Fixtures.MessageFiles();
        Assert.Equal(38, files.Count);
        Assert.Equal(1808, files.Sum(f => Fixtures.LoadMessages(f).Count));
    }
}
