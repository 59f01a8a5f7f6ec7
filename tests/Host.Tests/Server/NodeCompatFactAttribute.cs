namespace Providers.Host.Tests.Server;

/// <summary>
/// A fact that needs the Node project's packages: skipped with a hint on a developer machine without them,
/// run (and failing with the same hint) under CI, where a missing install must not pass unnoticed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NodeCompatFactAttribute : FactAttribute
{
    public NodeCompatFactAttribute()
    {
        if (!NodeCompatProject.IsInstalled && !NodeCompatProject.IsCi)
        {
            Skip = NodeCompatProject.MissingPackagesMessage;
        }
    }
}
