using System.Text.Json.Serialization;

namespace Providers.Abstractions;

/// <summary>Why a reply ended normally. Abnormal ends are exceptions, not finish reasons.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FinishReason>))]
public enum FinishReason
{
    /// <summary>The model finished, or the upstream did not say why and the stream ended cleanly.</summary>
    [JsonStringEnumMemberName("stop")]
    Stop,

    /// <summary>The token limit was reached; the reply is truncated.</summary>
    [JsonStringEnumMemberName("length")]
    Length,
}
