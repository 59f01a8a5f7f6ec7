using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary><c>host providers [--json]</c>: every discovered provider, whatever its status.</summary>
internal sealed class ProvidersCommand : IHostCommand
{
    private const string _none = "-";

    public Command Create(HostCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print a JSON array (stable, for scripts)" };
        var command = new Command("providers", "List every discovered provider: status, capabilities, models and plugin") { json };
        command.SetAction(parseResult =>
        {
            using var services = context.BuildServices(parseResult);
            var catalog = services.GetRequiredService<IProviderCatalog>();
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                IReadOnlyList<ProviderView> document = [.. catalog.Providers.Select(ProviderView.From)];
                HostJsonContext.WriteLine(output, document, HostJsonContext.Default.IReadOnlyListProviderView);
            }
            else
            {
                WriteText(output, catalog);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter output, IProviderCatalog catalog)
    {
        if (catalog.Providers.Count == 0)
        {
            output.WriteLine("No providers found.");
            return;
        }

        var summary = new TextTable("NAME", "STATUS", "DEFAULT MODEL", "MODELS", "LABEL");
        foreach (var entry in catalog.Providers)
        {
            summary.AddRow(entry.Name, entry.Status.ToString(), entry.Metadata?.DefaultModel ?? _none,
                (entry.Metadata?.Models.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Metadata?.Label ?? _none);
        }

        summary.Write(output);
        foreach (var entry in catalog.Providers)
        {
            output.WriteLine();
            output.WriteLine(entry.Metadata is { } heading ? $"{entry.Name} ({heading.Label})" : entry.Name);
            var details = new TextTable("", "") { ShowHeaders = false };
            AddDetails(details, entry);
            details.Write(output);
        }
    }

    private static void AddDetails(TextTable details, ProviderEntry entry)
    {
        details.AddRow("  status", entry.Status.ToString());
        if ((entry.Error ?? entry.Metadata?.Error) is { } error)
        {
            details.AddRow("  error", error);
        }

        if (entry.Metadata is { } metadata)
        {
            details.AddRow("  url", metadata.Url.OriginalString);
            details.AddRow("  login url", metadata.LoginUrl?.OriginalString ?? _none);
            details.AddRow("  api endpoint", entry.ApiEndpoint?.OriginalString ?? _none);
            details.AddRow("  flags", Flags(metadata));
            details.AddRow("  default model", metadata.DefaultModel);
            details.AddRow("  models", metadata.Models.Count == 0 ? _none : string.Join(", ", metadata.Models));
            details.AddRow("  aliases", metadata.ModelAliases.Count == 0
                ? _none
                : string.Join(", ", metadata.ModelAliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → {a.Value}")));
        }

        details.AddRow("  priority", entry.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        details.AddRow("  plugin", entry.Plugin.Version is { Length: > 0 } version ? $"{entry.Plugin.Path} ({version})" : entry.Plugin.Path);
    }

    private static string Flags(ProviderMetadata metadata)
    {
        string[] flags =
        [
            metadata.Working ? "working" : "not working",
            metadata.NeedsAuth ? "needs auth" : "no auth",
            metadata.UseNodriver ? "uses nodriver" : "",
            metadata.SupportsStream ? "streams" : "no streaming",
            metadata.SupportsSystemMessage ? "system message" : "no system message",
            metadata.SupportsMessageHistory ? "message history" : "no message history",
        ];
        return string.Join(", ", flags.Where(f => f.Length > 0));
    }
}
