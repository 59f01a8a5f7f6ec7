using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary><c>host plugins [--json]</c>: every plugin folder, what its manifest says, its status, and the provider types and instances it gave.</summary>
internal sealed class PluginsCommand : IHostCommand
{
    private const string _none = "-";

    public Command Create(HostCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print a JSON array (stable, for scripts)" };
        var command = new Command("plugins", "List every plugin folder: manifest (name, version, abi, entry), status, provider types and instances") { json };
        command.SetAction(parseResult =>
        {
            using var services = context.BuildServices(parseResult);
            var plugins = PluginListing.From(services.GetRequiredService<IProviderCatalog>());
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                HostJsonContext.WriteLine(output, plugins, HostJsonContext.Default.IReadOnlyListPluginJson);
            }
            else
            {
                WriteText(output, plugins);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter output, IReadOnlyList<PluginJson> plugins)
    {
        if (plugins.Count == 0)
        {
            output.WriteLine("No plugin folders found.");
            return;
        }

        var summary = new TextTable("FOLDER", "STATUS", "VERSION", "ABI", "INSTANCES");
        foreach (var plugin in plugins)
        {
            summary.AddRow(plugin.Folder, plugin.Status, plugin.Version ?? _none, Abi(plugin),
                plugin.Instances.Count == 0 ? _none : string.Join(", ", plugin.Instances.Select(i => i.Name)));
        }

        summary.Write(output);
        foreach (var plugin in plugins)
        {
            output.WriteLine();
            output.WriteLine(plugin.Folder);
            var details = new TextTable("", "") { ShowHeaders = false };
            details.AddRow("  status", plugin.Status);
            if (plugin.Error is { } error)
            {
                details.AddRow("  error", error);
            }

            details.AddRow("  name", plugin.Name ?? _none);
            details.AddRow("  version", plugin.Version ?? _none);
            details.AddRow("  abi", Abi(plugin));
            details.AddRow("  description", plugin.Description ?? _none);
            details.AddRow("  entry", plugin.Entry ?? _none);
            details.AddRow("  path", plugin.Path);
            details.AddRow("  types", plugin.ProviderTypes.Count == 0 ? _none : string.Join(", ", plugin.ProviderTypes));
            details.AddRow("  instances", plugin.Instances.Count == 0
                ? _none
                : string.Join(", ", plugin.Instances.Select(i => $"{i.Name} ({i.Status})")));
            details.Write(output);
        }
    }

    private static string Abi(PluginJson plugin) => plugin.Abi?.ToString(CultureInfo.InvariantCulture) ?? _none;
}
