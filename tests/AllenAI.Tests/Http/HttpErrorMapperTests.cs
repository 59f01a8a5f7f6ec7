using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Providers.Abstractions;
using Providers.AllenAI.Http;
using Providers.AllenAI.Tests.Fakes;

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

    [Fact]
    public void Describe_JsonMessageWithoutValidationErrors_MessageCollapsedToOneLine()
    {
        Assert.Equal(("first\n  second", "first second"), HttpErrorMapper.Describe("  {\"error\": {\"code\": 500, \"message\": \"first\\n  second\"}}"));
    }

    [Fact]
    public void Describe_JsonErrorWithoutMessage_NoDetail()
    {
        Assert.Equal((null, null), HttpErrorMapper.Describe("{\"error\": {\"code\": 500}}"));
        Assert.Equal((null, null), HttpErrorMapper.Describe("{\"error\": {\"code\": 500, \"validation_errors\": []}}"));
    }

    [Fact]
    public void Describe_JsonWithoutErrorObject_TreatedAsPlainText()
    {
        Assert.Equal((null, "{\"detail\": \"nope\"}"), HttpErrorMapper.Describe("{\"detail\": \"nope\"}"));
    }

    [Fact]
    public void Describe_ValidationErrorsWithoutLocOrMsg_StillOneLineEach()
    {
        var body = "{\"error\": {\"message\": \"m\", \"validation_errors\": [{\"loc\": [], \"msg\": \"a\\nb\"}, {\"loc\": [\"x\"]}, {\"msg\": \"c\"}]}}";

        Assert.Equal(("m", "a b; x: invalid; c"), HttpErrorMapper.Describe(body));
    }

    [Fact]
    public void Describe_UpperCaseTitle_Found()
    {
        Assert.Equal((null, "Bad Gateway (HTML page from the Ai2 edge)"), HttpErrorMapper.Describe("<HTML><TITLE>Bad Gateway</TITLE></HTML>"));
    }

    [Fact]
    public void Describe_PlainTextAtTheLimit_KeptWhole()
    {
        var text = new string('y', HttpErrorMapper.MaxPlainTextChars);

        Assert.Equal((null, text), HttpErrorMapper.Describe(text));
    }

    [Fact]
    public void Describe_WhitespaceOnly_NoDetail()
    {
        Assert.Equal((null, null), HttpErrorMapper.Describe(" \r\n\t "));
    }

    [Fact]
    public async Task ToExceptionAsync_BodyInManySmallReads_ReadsItWhole()
    {
        var body = Encoding.UTF8.GetBytes("{\"error\": {\"code\": 500, \"message\": \"Internal Server Error\"}}");
        using var response = Response(HttpStatusCode.InternalServerError, new StreamContent(PiecewiseStream.Split(body, Enumerable.Repeat(1, body.Length - 1))));

        var error = await ToExceptionAsync(response);

        Assert.Equal("Ai2 answered HTTP 500: Internal Server Error", error.Message);
        Assert.Equal("Internal Server Error", error.ServerMessage);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task ToExceptionAsync_HugeBody_ReadsOnlyTheBoundedPrefix()
    {
        var body = new byte[HttpErrorMapper.MaxBodyBytes * 4];
        Array.Fill(body, (byte)'z');
        body[HttpErrorMapper.MaxBodyBytes] = (byte)'<';
        using var response = Response(HttpStatusCode.BadGateway, new ByteArrayContent(body));

        var error = await ToExceptionAsync(response);

        Assert.Equal("Ai2 answered HTTP 502: " + new string('z', HttpErrorMapper.MaxPlainTextChars) + "…", error.Message);
    }

    [Theory]
    [InlineData("Service Unavailable", "Ai2 answered HTTP 503: Service Unavailable")]
    [InlineData("", "Ai2 answered HTTP 503: ServiceUnavailable")]
    public async Task ToExceptionAsync_EmptyBody_FallsBackToTheReasonPhraseThenTheStatusName(string reason, string expected)
    {
        using var response = Response(HttpStatusCode.ServiceUnavailable, new ByteArrayContent([]));
        response.ReasonPhrase = reason;

        var error = await ToExceptionAsync(response);

        Assert.Equal(expected, error.Message);
        Assert.Null(error.ServerMessage);
        Assert.IsType<UpstreamException>(error);
    }

    [Theory]
    [InlineData(true, "{\"error\": {\"message\": \"not yours\"}}", "Ai2 answered HTTP 403: not yours (only the anonymous user id that started a conversation may continue it)")]
    [InlineData(false, "{\"error\": {\"message\": \"not yours\"}}", "Ai2 answered HTTP 403: not yours")]
    [InlineData(true, "<html><title>403 Forbidden</title></html>", "Ai2 answered HTTP 403: 403 Forbidden (HTML page from the Ai2 edge)")]
    public async Task ToExceptionAsync_403_HintsAtTheIdentityRuleOnlyForTheAppsOwnAnswerToAContinuation(bool continuing, string body, string expected)
    {
        using var response = Response(HttpStatusCode.Forbidden, new StringContent(body));

        var error = await ToExceptionAsync(response, continuing);

        Assert.IsType<MissingAuthException>(error);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task ToExceptionAsync_401_IsMissingAuth()
    {
        using var response = Response(HttpStatusCode.Unauthorized, new StringContent("{\"error\": {\"message\": \"who are you\"}}"));

        var error = await ToExceptionAsync(response, continuing: true);

        Assert.IsType<MissingAuthException>(error);
        Assert.Equal("Ai2 answered HTTP 401: who are you", error.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
    }

    [Fact]
    public async Task ToExceptionAsync_429WithRetryAfterDate_WaitsUntilThenRoundedUp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        clock.Advance(TimeSpan.FromSeconds(0.5));
        using var response = Response(HttpStatusCode.TooManyRequests, new StringContent("slow down"));
        response.Headers.RetryAfter = new RetryConditionHeaderValue(new DateTimeOffset(2025, 3, 1, 12, 0, 8, TimeSpan.Zero));

        var error = Assert.IsType<RateLimitedException>(await ToExceptionAsync(response, clock: clock));

        Assert.Equal(TimeSpan.FromSeconds(7.5), error.RetryAfter);
        Assert.Equal("Ai2 answered HTTP 429: slow down; retry after 8 s", error.Message);
    }

    [Fact]
    public async Task ToExceptionAsync_429WithRetryAfterDateInThePast_RetriesAtOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var response = Response(HttpStatusCode.TooManyRequests, new StringContent("slow down"));
        response.Headers.RetryAfter = new RetryConditionHeaderValue(new DateTimeOffset(2025, 3, 1, 11, 0, 0, TimeSpan.Zero));

        var error = Assert.IsType<RateLimitedException>(await ToExceptionAsync(response, clock: clock));

        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
        Assert.Equal("Ai2 answered HTTP 429: slow down; retry after 0 s", error.Message);
    }

    [Fact]
    public async Task ToExceptionAsync_429WithoutRetryAfter_SaysNothingAboutWaiting()
    {
        using var response = Response(HttpStatusCode.TooManyRequests, new StringContent("slow down"));

        var error = Assert.IsType<RateLimitedException>(await ToExceptionAsync(response));

        Assert.Null(error.RetryAfter);
        Assert.Equal("Ai2 answered HTTP 429: slow down", error.Message);
    }

    [Fact]
    public async Task ToExceptionAsync_BodyLongerThanTheBound_NeverAsksTheConnectionForZeroBytes()
    {
        using var response = Response(HttpStatusCode.BadGateway, new StreamContent(new EndlessConnection()));

        var error = await ToExceptionAsync(response);

        Assert.Equal("Ai2 answered HTTP 502: " + new string('z', HttpErrorMapper.MaxPlainTextChars) + "…", error.Message);
    }

    /// <summary>
    /// A connection that keeps sending; like a socket, a zero-byte read on it would wait for more
    /// data (here it fails the test instead of hanging it).
    /// </summary>
    private sealed class EndlessConnection : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Assert.False(buffer.IsEmpty, "A zero-byte read waits for more data on a live connection.");
            buffer.Fill((byte)'z');
            return buffer.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static HttpResponseMessage Response(HttpStatusCode status, HttpContent content) =>
        new(status) { Content = content };

    private static Task<UpstreamException> ToExceptionAsync(HttpResponseMessage response, bool continuing = false, TimeProvider? clock = null) =>
        HttpErrorMapper.ToExceptionAsync(response, continuing, clock ?? new FakeTimeProvider(), CancellationToken.None);
}
