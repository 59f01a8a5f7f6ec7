using System.Net;
using Polly.CircuitBreaker;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Conversations;
using Providers.Host.Routing;

namespace Providers.Host.Tests.Routing;

public sealed class FailureClassifierTests
{
    [Theory]
    [MemberData(nameof(Table))]
    public void Classify_EachFailure_HasOneMeaningForEveryLayer(string failure, bool cancelledByCaller, string expected)
    {
        var classified = FailureClassifier.Classify(Failures[failure], cancelledByCaller);

        // Kind, transient, counts against health, HTTP status, exit code, Retry-After.
        Assert.Equal(expected, $"{classified.Kind} {classified.IsTransient.ToString().ToLowerInvariant()} {classified.CountsAgainstHealth.ToString().ToLowerInvariant()} {classified.HttpStatus} {classified.ExitCode} {classified.RetryAfter}");
    }

    [Fact]
    public void Classify_NoError_ThrowsArgumentNull() =>
        Assert.Equal("error", Assert.Throws<ArgumentNullException>(() => FailureClassifier.Classify(null!)).ParamName);

    // Keyed by name so that every row is a test case of its own (an exception is not serializable test data).
    private static readonly Dictionary<string, Exception> Failures = new()
    {
        ["invalid request"] = new InvalidChatRequestException("temperature", "bad"),
        ["raw argument error"] = new ArgumentException("bad argument from a plugin"),
        ["raw argument null"] = new ArgumentNullException("model"),
        ["unknown model"] = new ModelNotFoundException("x", ["m"]),
        ["bad host configuration"] = new HostConfigurationException("bad config"),
        ["bad conversation file"] = new ConversationFileException("chat.json", "not JSON"),
        ["timeout"] = new TimeoutException("silent"),
        ["403 refusal"] = new MissingAuthException("P", HttpStatusCode.Forbidden, null, "403"),
        ["400 from upstream"] = new UpstreamException("P", HttpStatusCode.BadRequest, null, "400"),
        ["caller cancelled"] = new OperationCanceledException(),
        ["cancelled on its own"] = new OperationCanceledException(),
        ["429 with Retry-After"] = new RateLimitedException("P", TimeSpan.FromSeconds(30), null, "429"),
        ["503 with Retry-After"] = new UpstreamException("P", HttpStatusCode.ServiceUnavailable, null, "503") { RetryAfter = TimeSpan.FromSeconds(2) },
        ["500 from upstream"] = new UpstreamException("P", HttpStatusCode.InternalServerError, null, "500"),
        ["504 from upstream"] = new UpstreamException("P", HttpStatusCode.GatewayTimeout, null, "504"),
        ["provider went silent"] = new ProviderTimeoutException("P", TimeSpan.FromSeconds(5), "silent"),
        ["connection reset mid-stream"] = new ProviderStreamException("P", "connection reset", "cut", isTransient: true),
        ["value error mid-stream"] = new ProviderStreamException("P", "value error", "prompt too long"),
        ["HttpRequestException"] = new HttpRequestException("reset"),
        ["IOException"] = new IOException("reset"),
        ["circuit open"] = new BrokenCircuitException("open", TimeSpan.FromSeconds(5)),
        ["every candidate resting"] = new NoAvailableProviderException("m", ["P/m"], DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(12)),
        ["a bug"] = new InvalidOperationException("bug"),
    };

    /// <summary>Failure, whether the caller cancelled, then kind, transient, counts against health, HTTP status, exit code, Retry-After.</summary>
    public static TheoryData<string, bool, string> Table() => new()
    {
        { "invalid request", false, "InvalidRequest false false 400 2 " },
        { "raw argument error", false, "InvalidRequest false false 400 2 " },
        { "raw argument null", false, "InvalidRequest false false 400 2 " },
        { "unknown model", false, "ModelNotFound false false 400 2 " },
        { "bad host configuration", false, "Usage false false 400 2 " },
        { "bad conversation file", false, "Usage false false 400 2 " },
        { "timeout", false, "Timeout true true 504 1 " },
        { "403 refusal", false, "Upstream false false 502 1 " },
        { "400 from upstream", false, "Upstream false false 502 1 " },
        { "caller cancelled", true, "Cancelled false false 499 130 " },
        { "cancelled on its own", false, "Timeout true true 504 1 " },
        { "429 with Retry-After", false, "RateLimited true true 429 1 00:00:30" },
        { "503 with Retry-After", false, "Unavailable true true 503 1 00:00:02" },
        { "500 from upstream", false, "Upstream true true 502 1 " },
        { "504 from upstream", false, "Timeout true true 504 1 " },
        { "provider went silent", false, "Timeout true true 504 1 " },
        { "connection reset mid-stream", false, "Upstream true true 502 1 " },
        { "value error mid-stream", false, "Upstream false false 502 1 " },
        { "HttpRequestException", false, "Upstream true true 502 1 " },
        { "IOException", false, "Upstream true true 502 1 " },
        { "circuit open", false, "Unavailable false false 503 1 00:00:05" },
        { "every candidate resting", false, "Unavailable false false 503 1 00:00:12" },
        { "a bug", false, "Internal false true 500 1 " },
    };

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.5, 2)]
    [InlineData(30, 30)]
    public void RetryAfterSeconds_RoundsUpToWholeSecondsAtLeastOne(double seconds, int expected)
    {
        var failure = FailureClassifier.Classify(new RateLimitedException("P", TimeSpan.FromSeconds(seconds), null, "429"));

        Assert.Equal(expected, failure.RetryAfterSeconds);
    }
}
