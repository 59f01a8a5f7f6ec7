namespace Providers.Host.Server.Contracts;

internal sealed record ModelList(IReadOnlyList<ModelCard> Data)
{
    public string Object { get; } = "list";
}
