using Providers.AllenAI.Http;

namespace Providers.AllenAI.Tests.Http;

public sealed class HttpErrorMapperTests
{
    [Fact]
    public void Describe_EmptyBody_NoDetail()
    {
        Assert.Equal((null, null), HttpErrorMapper.Describe(""));
    }

    [Fact]
    public void Describe_HtmlWithoutTitle_SaysItIsAnEdgePageWithoutDumpingIt()
    {
        Assert.Equal((null, "HTML page from the Ai2 edge"), HttpErrorMapper.Describe("<html><body><h1>Oops</h1>\n<p>secret internals</p></body></html>"));
    }

    [Fact]
    public void Describe_HtmlTitleWithEntities_Decoded()
    {
        Assert.Equal((null, "503 Service Temporarily Unavailable & more (HTML page from the Ai2 edge)"),
            HttpErrorMapper.Describe("<html><head><title>503 Service\n Temporarily Unavailable &amp; more</title></head></html>"));
    }

    [Fact]
    public void Describe_LongPlainText_CollapsedAndTruncated()
    {
        var (serverMessage, detail) = HttpErrorMapper.Describe("line one\nline two " + new string('x', 500));

        Assert.Null(serverMessage);
        Assert.Equal(HttpErrorMapper.MaxPlainTextChars + 1, detail!.Length);
        Assert.StartsWith("line one line two xxx", detail, StringComparison.Ordinal);
        Assert.EndsWith("…", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_BrokenJson_TreatedAsPlainText()
    {
        Assert.Equal((null, "{\"error\": {\"code\": 500,"), HttpErrorMapper.Describe("{\"error\": {\"code\": 500,"));
    }

    [Fact]
    public void Describe_ValidationErrorWithIndexInLoc_JoinsPath()
    {
        var body = "{\"error\": {\"code\": 400, \"message\": \"x\\ny\", \"validation_errors\": [{\"loc\": [\"stop\", 0], \"msg\": \"String should have at least 1 character\"}]}}";

        Assert.Equal(("x\ny", "stop.0: String should have at least 1 character"), HttpErrorMapper.Describe(body));
    }
}
