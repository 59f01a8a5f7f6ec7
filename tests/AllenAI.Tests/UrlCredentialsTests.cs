namespace Providers.AllenAI.Tests;

public sealed class UrlCredentialsTests
{
    [Theory]
    [InlineData("The proxy tunnel request to proxy 'http://alice:s3cret@proxy:3128/' failed with status code '407'.",
        "The proxy tunnel request to proxy 'http://***@proxy:3128/' failed with status code '407'.")]
    [InlineData("http://alice:p@ss@proxy:3128/x", "http://***@proxy:3128/x")]
    [InlineData("https://bob@host/v4/threads/ and http://carol:pw@other:1/", "https://***@host/v4/threads/ and http://***@other:1/")]
    [InlineData("http://127.0.0.1:3128/v4/message/stream", "http://127.0.0.1:3128/v4/message/stream")]
    [InlineData("mail alice@example.org", "mail alice@example.org")]
    public void Redact_MasksTheUserInfoOfEveryUrl(string text, string redacted) =>
        Assert.Equal(redacted, UrlCredentials.Redact(text));

    [Fact]
    public void CreateProxy_UserInfo_BecomesUnescapedCredentialsAndLeavesTheAddress()
    {
        var proxy = AllenAIProviderType.CreateProxy(new Uri("http://alice:s3%3Acr%40t@proxy.example:3128"));

        Assert.Equal(new Uri("http://proxy.example:3128/"), proxy.Address);
        var credential = Assert.IsType<System.Net.NetworkCredential>(proxy.Credentials);
        Assert.Equal("alice", credential.UserName);
        Assert.Equal("s3:cr@t", credential.Password);
    }
}
