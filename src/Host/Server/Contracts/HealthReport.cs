namespace Providers.Host.Server.Contracts;

/// <summary><c>GET /health</c>: "ok" while the server runs, with how many providers can serve.</summary>
internal sealed record HealthReport(string Status, int ActiveProviders);
