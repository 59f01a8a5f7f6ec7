namespace Providers.Host.Server.Contracts;

/// <summary>A chunk's only choice; <see cref="FinishReason"/> is written as null until the last chunk.</summary>
internal sealed record ChunkChoice(int Index, ChunkDelta Delta, string? FinishReason);
