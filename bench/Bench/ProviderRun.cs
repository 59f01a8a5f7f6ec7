using Providers.Abstractions;

namespace Providers.Bench;

/// <summary>What one provider-alone run observed.</summary>
internal sealed class ProviderRun
{
    public int Deltas { get; set; }

    /// <summary>Text deltas that reached the consumer on another thread than the previous one.</summary>
    public int ThreadChanges { get; set; }

    public FinishReason? Finish { get; set; }
}
