using Bgp.Cli.Api;

namespace Bgp.Cli.Tests.Api;

public sealed class ApiTargetTests
{
    [Theory]
    [InlineData("127.0.0.1:50051", "http://127.0.0.1:50051/", "127.0.0.1:50051")]
    [InlineData("localhost", "http://localhost:50051/", "localhost:50051")]
    [InlineData("[::1]:6000", "http://[::1]:6000/", "[::1]:6000")]
    [InlineData("::1", null, null)]
    [InlineData("http://10.0.0.1:7000", "http://10.0.0.1:7000/", "10.0.0.1:7000")]
    [InlineData("https://bgpd.example:443", "https://bgpd.example/", "bgpd.example:443")]
    [InlineData("https://bgpd.example", "https://bgpd.example:50051/", "bgpd.example:50051")]
    public void TryCreate_Address_UriAndDisplay(string text, string? uri, string? display)
    {
        var target = ApiTarget.TryCreate(text, null, null, null, out string? problem);

        Assert.Equal(uri, target?.Address.ToString());
        Assert.Equal(display, target?.Display);
        Assert.Equal(uri is null, problem is not null);
    }

    [Fact]
    public void TryCreate_CaWithBareAddress_MeansTls()
    {
        var target = ApiTarget.TryCreate("10.0.0.1:50051", "ca.pem", null, null, out _);

        Assert.True(target!.Tls);
    }

    [Fact]
    public void TryCreate_CaWithHttp_Refused()
    {
        Assert.Null(ApiTarget.TryCreate("http://10.0.0.1:50051", "ca.pem", null, null, out string? problem));
        Assert.Contains("plain http", problem, StringComparison.Ordinal);
    }
}
