namespace Providers.Host.Server.Contracts;

/// <summary>One entry of <c>GET /v1/models</c>; <see cref="OwnedBy"/> is the provider that serves it first.</summary>
internal sealed record ModelCard(string Id, long Created, string OwnedBy)
{
    public string Object { get; } = "model";
}
