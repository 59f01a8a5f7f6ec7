using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary><c>host models [--json]</c>: every model id of every active provider, with its aliases.</summary>
internal sealed class ModelsCommand : IHostCommand
{
    public Command Create(HostCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print a JSON array (stable, for scripts)" };
        var command = new Command("models", "List every model id of the active providers, with its provider and aliases") { json };
        command.SetAction(parseResult =>
        {
            using var services = context.BuildServices(parseResult);
            var models = ModelListing.From(services.GetRequiredService<IProviderCatalog>());
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                HostJsonContext.WriteLine(output, models, HostJsonContext.Default.IReadOnlyListModelJson);
                return ExitCodes.Success;
            }

            if (models.Count == 0)
            {
                output.WriteLine("No models: no provider is active.");
                return ExitCodes.Success;
            }

            var table = new TextTable("MODEL", "PROVIDER", "DEFAULT", "ALIASES");
            foreach (var model in models)
            {
                table.AddRow(model.Id, model.Provider, model.Default ? "yes" : "", model.Aliases.Count == 0 ? "-" : string.Join(", ", model.Aliases));
            }

            table.Write(output);
            return ExitCodes.Success;
        });
        return command;
    }
}
