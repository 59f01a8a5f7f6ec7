using System.Text.Json.Serialization;

namespace Providers.Abstractions;

/// <summary>Who wrote a <see cref="ChatMessage"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChatRole>))]
public enum ChatRole
{
    /// <summary>Instructions for the model.</summary>
    [JsonStringEnumMemberName("system")]
    System,

    /// <summary>The person asking.</summary>
    [JsonStringEnumMemberName("user")]
    User,

    /// <summary>The model's reply.</summary>
    [JsonStringEnumMemberName("assistant")]
    Assistant,
}
