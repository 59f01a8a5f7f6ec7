using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

internal sealed record ErrorBody(string Message, string Type, string Code)
{
    /// <summary>The request field at fault, in JSON terms (<c>messages[0].content</c>), as OpenAI names it.</summary>
    public string? Param { get; init; }

    /// <summary>The request's id (also the <c>X-Request-Id</c> header), to find its lines in the server's log.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestId { get; init; }
}
