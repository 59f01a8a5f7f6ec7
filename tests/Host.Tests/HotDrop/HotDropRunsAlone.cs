namespace Providers.Host.Tests.HotDrop;

/// <summary>
/// The hot drop-in tests run alone: they count load contexts process-wide and compare managed
/// memory before and after, which other tests running alongside would blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HotDropRunsAlone
{
    public const string Name = "HotDrop";
}
