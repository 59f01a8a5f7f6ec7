namespace Providers.Host.Tests.Plugins;

/// <summary>Tests that watch process-wide events (every assembly load) and must not see what parallel tests do.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
