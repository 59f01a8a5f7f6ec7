namespace Providers.Abstractions;

/// <summary>The requested model is not a model id or alias the provider (or host) knows.</summary>
/// <remarks>A usage error: hosts report it before any request is sent (exit code 2, HTTP 400).</remarks>
public sealed class ModelNotFoundException(string model, IReadOnlyList<string> known, string message)
    : Exception(message)
{
    /// <summary>Creates the standard "unknown model" error listing <paramref name="known"/>.</summary>
    public ModelNotFoundException(string model, IReadOnlyList<string> known)
        : this(model, known, $"Unknown model '{model}'. Valid: {string.Join(", ", known)}.")
    {
    }

    /// <summary>The name as requested.</summary>
    public string Model { get; } = model;

    /// <summary>Valid model ids and aliases.</summary>
    public IReadOnlyList<string> Known { get; } = known;
}
