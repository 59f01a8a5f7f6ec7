using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Providers.AllenAI.Http;

/// <summary>Builds the multipart/form-data POST for either endpoint.</summary>
/// <remarks>
/// Every value is its own <see cref="StringContent"/> part, so quotes, CRLFs and boundary-like text
/// in a prompt are carried verbatim (g4f formatted the body by hand without escaping). Numbers use
/// the invariant culture. <c>/v4/message/stream</c> gets the snake_case names of its reference
/// request; <c>/v4/threads/</c> the camelCase names of docs/ai2-protocol.md §6 (the server accepts both).
/// </remarks>
internal static class MultipartRequestBuilder
{
    public const string AnonymousUserIdHeader = "X-Anonymous-User-ID";

    public static HttpRequestMessage Build(EndpointTarget target, PreparedRequest prepared)
    {
        var form = new MultipartFormDataContent();
        Add(form, "model", prepared.ModelId);
        // host is deprecated on /v4/threads/ (the model id alone decides), so send it there only when asked to.
        if (!target.IsThreads || prepared.HostIsExplicit)
        {
            Add(form, "host", prepared.Host);
        }

        Add(form, "content", prepared.Prompt);
        Add(form, "private", prepared.Private ? "true" : "false");
        if (prepared.Parent is { } parent)
        {
            Add(form, "parent", parent);
        }

        if (prepared.Temperature is { } temperature)
        {
            Add(form, "temperature", PreparedRequest.FormatNumber(temperature));
        }

        if (prepared.TopP is { } topP)
        {
            Add(form, target.IsThreads ? "topP" : "top_p", PreparedRequest.FormatNumber(topP));
        }

        if (prepared.MaxTokens is { } maxTokens)
        {
            Add(form, target.IsThreads ? "maxTokens" : "max_tokens", maxTokens.ToString(CultureInfo.InvariantCulture));
        }

        // The server reads every value of a repeated stop field (form.getlist).
        foreach (var stop in prepared.Stop)
        {
            Add(form, "stop", stop);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, target.Uri) { Content = form };
        request.Headers.Add(AnonymousUserIdHeader, prepared.AnonymousUserId);
        // Never text/html: error bodies would come back as HTML pages instead of JSON.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Providers.AllenAI", typeof(MultipartRequestBuilder).Assembly.GetName().Version?.ToString(3)));
        return request;
    }

    private static void Add(MultipartFormDataContent form, string name, string value) =>
        form.Add(new StringContent(value, Encoding.UTF8), name);
}
