using System.Reflection;
using System.Runtime.Loader;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

public sealed class SharedAssemblyClosureTests
{
    [Fact]
    public void Of_ContractAssemblies_SameNamesAsLoadingEveryReferenceTheWayMcMastersBuilderDoes()
    {
        var roots = PluginAssemblyLoader.ContractTypes.Select(t => t.Assembly).ToArray();

        var names = SharedAssemblyClosure.Of(roots).Select(n => n.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(LoadedClosure(roots).Order(StringComparer.OrdinalIgnoreCase), names.Order(StringComparer.OrdinalIgnoreCase));
        // The ones a plugin must never carry its own copy of.
        Assert.Superset(new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Providers.Abstractions", "Microsoft.Extensions.Primitives", "Microsoft.Extensions.Configuration.Abstractions", "System.Net.Http",
        }, names);
    }

    [Fact]
    public void Of_SameAssembliesInAnotherOrder_TheSameListOnce()
    {
        var roots = PluginAssemblyLoader.ContractTypes.Select(t => t.Assembly).ToArray();

        Assert.Same(SharedAssemblyClosure.Of(roots), SharedAssemblyClosure.Of(roots.Reverse()));
    }

    /// <summary>What <c>AssemblyLoadContextBuilder.PreferDefaultLoadContextAssembly</c> does when not lazy: load each, follow its references.</summary>
    private static HashSet<string> LoadedClosure(IEnumerable<Assembly> roots)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<AssemblyName>(roots.Select(a => a.GetName()));
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name.Name!))
            {
                continue;
            }

            foreach (var reference in AssemblyLoadContext.Default.LoadFromAssemblyName(name).GetReferencedAssemblies())
            {
                pending.Enqueue(reference);
            }
        }

        return seen;
    }
}
