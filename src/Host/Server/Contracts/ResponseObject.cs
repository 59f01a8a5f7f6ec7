using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>A <c>response</c> object of the Responses API (<c>POST /v1/responses</c>), text output only.</summary>
internal sealed record ResponseObject(string Id, long CreatedAt, string Status, string Model, IReadOnlyList<ResponseOutputMessage> Output)
{
    public string Object { get; } = "response";

    public string? PreviousResponseId { get; init; }

    public ResponseError? Error { get; init; }

    public ResponseIncompleteDetails? IncompleteDetails { get; init; }

    /// <summary>Providers do not report token counts, so this is null rather than a guess.</summary>
    public Usage? Usage { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instructions { get; init; }

    public bool Store { get; init; } = true;
}
