using System.Net;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Conversations;
using Providers.Host.Routing;

namespace Providers.Host.Tests.Routing;

public sealed class FailureClassifierTests
{
    [Theory]
    [MemberData(nameof(Table))]
    public void Classify_EachFailure_HasOneMeaningForEveryLayer(Exception error, bool cancelledByCaller, string expected)
    {
        var failure = FailureClassifier.Classify(error, cancelledByCaller);

        // Kind, transient, counts against health, HTTP status, exit code, Retry-After.
        Assert.Equal(expected, $"{failure.Kind} {failure.IsTransient.ToString().ToLowerInvariant()} {failure.CountsAgainstHealth.ToString().ToLowerInvariant()} {failure.HttpStatus} {failure.ExitCode} {failure.RetryAfter}");
    }

    /// <summary>Kind, transient, counts against health, HTTP status, exit code, Retry-After.</summary>
    public static TheoryData<Exception, bool, string> Table()
    {
        var resting = DateTimeOffset.UnixEpoch;
        return new()
        {
            // Refusals: never retried, never held against the provider, 400 / exit 2.
            { new InvalidChatRequestException("temperature", "bad"), false, "InvalidRequest false false 400 2 " },
            { new ArgumentException("bad argument from a plugin"), false, "InvalidRequest false false 400 2 " },
            { new ArgumentNullException("model"), false, "InvalidRequest false false 400 2 " },
            { new ModelNotFoundException("x", ["m"]), false, "ModelNotFound false false 400 2 " },
            { new HostConfigurationException("bad config"), false, "Usage false false 400 2 " },
            { new ConversationFileException("chat.json", "not JSON"), false, "Usage false false 400 2 " },
            { new TimeoutException("silent"), false, "Timeout true true 504 1 " },
            { new MissingAuthException("P", HttpStatusCode.Forbidden, null, "403"), false, "Upstream false false 502 1 " },
            { new UpstreamException("P", HttpStatusCode.BadRequest, null, "400"), false, "Upstream false false 502 1 " },

            // The caller's own cancellation versus a provider giving up on its own.
            { new OperationCanceledException(), true, "Cancelled false false 499 130 " },
            { new OperationCanceledException(), false, "Timeout true true 504 1 " },

            // Upstream trouble: transient, counts against health.
            { new RateLimitedException("P", TimeSpan.FromSeconds(30), null, "429"), false, "RateLimited true true 429 1 00:00:30" },
            { new UpstreamException("P", HttpStatusCode.ServiceUnavailable, null, "503") { RetryAfter = TimeSpan.FromSeconds(2) }, false, "Unavailable true true 503 1 00:00:02" },
            { new UpstreamException("P", HttpStatusCode.InternalServerError, null, "500"), false, "Upstream true true 502 1 " },
            { new UpstreamException("P", HttpStatusCode.GatewayTimeout, null, "504"), false, "Timeout true true 504 1 " },
            { new ProviderTimeoutException("P", TimeSpan.FromSeconds(5), "silent"), false, "Timeout true true 504 1 " },
            { new ProviderStreamException("P", "connection reset", "cut", isTransient: true), false, "Upstream true true 502 1 " },
            { new ProviderStreamException("P", "value error", "prompt too long"), false, "Upstream false false 502 1 " },
            { new HttpRequestException("reset"), false, "Upstream true true 502 1 " },
            { new IOException("reset"), false, "Upstream true true 502 1 " },

            // Resting: a 503 with the time until the break ends, not retried inside the request.
            { new NoAvailableProviderException("m", ["P/m"], resting, TimeSpan.FromSeconds(12)), false, "Unavailable false false 503 1 00:00:12" },

            // A bug: not retried, but a provider throwing it is unwell.
            { new InvalidOperationException("bug"), false, "Internal false true 500 1 " },
        };
    }

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
