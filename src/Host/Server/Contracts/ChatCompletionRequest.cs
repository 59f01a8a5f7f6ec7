namespace Providers.Host.Server.Contracts;

/// <summary>The body of <c>POST /v1/chat/completions</c>; fields the host does not use (tools, user…) are ignored.</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; set; }

    public List<RequestMessage>? Messages { get; set; }

    public bool? Stream { get; set; }

    public StreamOptions? StreamOptions { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? MaxTokens { get; set; }

    /// <summary>The newer name of <see cref="MaxTokens"/>; wins when both are set.</summary>
    public int? MaxCompletionTokens { get; set; }

    /// <summary>A string or an array of strings on the wire.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(StopSequencesConverter))]
    public List<string>? Stop { get; set; }

    public int? N { get; set; }
}
