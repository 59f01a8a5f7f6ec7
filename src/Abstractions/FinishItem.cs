namespace Providers.Abstractions;

/// <summary>The reply ended normally; always the last item.</summary>
/// <param name="Reason">Why generation stopped.</param>
public sealed record FinishItem(FinishReason Reason) : ResponseItem;
