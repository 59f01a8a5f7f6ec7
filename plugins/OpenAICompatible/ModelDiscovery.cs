using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Models;
using Providers.Abstractions;
using Providers.OpenAICompatible.Http;

namespace Providers.OpenAICompatible;

/// <summary>Asks <c>GET {baseUrl}/models</c> for the ids the server serves, through the OpenAI .NET SDK.</summary>
/// <remarks>
/// Synchronous on purpose: it runs once, when the provider's metadata is first read, which is a
/// property. Retries are off (one attempt, bounded by <c>timeoutSeconds</c>); the host decides what
/// a failure means. The outcome is a one-line reason, never an exception.
/// </remarks>
internal static class ModelDiscovery
{
    public static (IReadOnlyList<string> Models, string? Error) Discover(string provider, Uri baseUrl, HttpClient http, ApiKey key, TimeSpan timeout)
    {
        try
        {
            var options = new OpenAIClientOptions
            {
                Endpoint = baseUrl,
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = timeout,
            };
#pragma warning disable OPENAI001 // The policy constructor is the SDK's only way to send no Authorization header; the version is pinned.
            var client = key.Read() is { } secret
                ? new OpenAIModelClient(new ApiKeyCredential(secret), options)
                : new OpenAIModelClient(NoAuthenticationPolicy.Instance, options);
#pragma warning restore OPENAI001
            var models = client.GetModels().Value;
            return ([.. models.Select(m => m.Id).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal)], null);
        }
        catch (InvalidChatRequestException ex)
        {
            return ([], ex.Message);
        }
        catch (ClientResultException ex) when (ex.Status != 0)
        {
            var detail = ex.GetRawResponse() is { } response ? HttpErrorMapper.ServerMessage(response.Content.ToString()) : null;
            return ([], Describe(provider, baseUrl, key, $"HTTP {ex.Status}" + (detail is null ? "" : $": {detail}")));
        }
        catch (Exception ex) when (ex is ClientResultException or HttpRequestException or IOException or OperationCanceledException or InvalidOperationException or System.Text.Json.JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.###} s" : (ex.InnerException ?? ex).Message;
            return ([], Describe(provider, baseUrl, key, reason));
        }
    }

    private static string Describe(string provider, Uri baseUrl, ApiKey key, string reason) =>
        key.Redact(UrlCredentials.Redact(OneLine.Collapse(
            $"{provider}: model discovery failed (GET {baseUrl.AbsoluteUri.TrimEnd('/')}/models): {reason}")));
}
