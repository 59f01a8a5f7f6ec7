using Providers.Abstractions;

namespace Providers.OpenAICompatible;

/// <summary>Reads the API key from the environment variable named by <c>apiKeyEnv</c>, at each use.</summary>
/// <remarks>The key never leaves this type except as the bearer token; <see cref="Redact"/> keeps it out of messages.</remarks>
internal sealed class ApiKey(string providerName, string? variable)
{
    public bool IsConfigured => variable is not null;

    /// <summary>The key, or null when no <c>apiKeyEnv</c> is configured.</summary>
    /// <exception cref="InvalidChatRequestException">The variable is configured but empty or not set.</exception>
    public string? Read()
    {
        if (variable is null)
        {
            return null;
        }

        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidChatRequestException("apiKeyEnv",
                $"{providerName}: the environment variable {variable} (apiKeyEnv) is empty or not set; set it to the API key.")
            : value.Trim();
    }

    /// <summary>Masks the key if an upstream echoes it back in an error text.</summary>
    public string Redact(string text)
    {
        if (variable is null || Environment.GetEnvironmentVariable(variable)?.Trim() is not { Length: > 0 } key)
        {
            return text;
        }

        return text.Replace(key, "***", StringComparison.Ordinal);
    }
}
