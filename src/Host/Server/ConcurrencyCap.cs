using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Providers.Host.Server;

/// <summary>Caps how many chat completions run at once; the rest wait in a bounded queue, then get 503.</summary>
/// <remarks>
/// Built on ASP.NET Core's rate limiting with one shared <see cref="ConcurrencyLimiter"/>. It runs
/// before the endpoint reads the body, so a queued request costs its connection and nothing more:
/// memory under a burst grows with <see cref="ServerOptions.MaxConcurrentRequests"/>, not with the
/// number of clients. The catalog views and <c>/health</c> are cheap and never wait.
/// </remarks>
internal static class ConcurrencyCap
{
    /// <summary>What a refused client is told to wait before trying again, in seconds.</summary>
    public const int RetryAfterSeconds = 1;

    public static IServiceCollection AddConcurrencyCap(this IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/v1/chat/completions")
                    ? RateLimitPartition.GetConcurrencyLimiter("chat", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = options.MaxConcurrentRequests,
                        QueueLimit = options.MaxQueuedRequests,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
            limiter.OnRejected = (rejected, _) =>
            {
                var context = rejected.HttpContext;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(OpenAIError.Overloaded(options.MaxConcurrentRequests).WriteAsync(context));
            };
        });
    }
}
