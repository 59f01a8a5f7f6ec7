using System.Reflection;
using System.Runtime.Loader;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

public sealed class SharedAssemblyClosureTests
{
    private static readonly Assembly[] _contract = [.. PluginAssemblyLoader.ContractTypes.Select(t => t.Assembly)];

    public static TheoryData<string[]> Folders => new()
    {
        // What the OpenAICompatible plugin's folder carries besides its own assembly.
        new[]
        {
            "Microsoft.Extensions.Diagnostics.Abstractions", "Microsoft.Extensions.FileProviders.Abstractions", "Microsoft.Extensions.Hosting.Abstractions",
            "Microsoft.Extensions.Primitives", "OpenAI", "System.ClientModel", "System.Memory.Data",
        },
        // A copy of the contract, base framework assemblies deep in the closure and one outside it.
        new[] { "Providers.Abstractions", "System.Private.Xml", "System.Net.Quic", "System.Formats.Tar", "NotAnAssemblyAnywhere" },
        new[] { "Microsoft.Extensions.Http", "microsoft.extensions.primitives" },
    };

    [Theory]
    [MemberData(nameof(Folders))]
    public void Within_AFolderOfAssemblies_ExactlyThoseTheBuildersEagerWalkWouldLoad(string[] shipped)
    {
        var found = SharedAssemblyClosure.Within(_contract, shipped);

        var expected = shipped.Where(LoadedClosure(_contract).Contains);
        Assert.Equal(expected.Order(StringComparer.OrdinalIgnoreCase), found.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Within_TheOpenAICompatibleFolder_ThePrimitivesAreTheHostsButTheHostingAbstractionsStayThePlugins()
    {
        var found = SharedAssemblyClosure.Within(_contract, ["Microsoft.Extensions.Primitives", "Microsoft.Extensions.Hosting.Abstractions", "OpenAI"]);

        Assert.Equal(["Microsoft.Extensions.Primitives"], found);
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
