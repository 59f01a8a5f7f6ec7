using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Providers.Host.Server;

/// <summary>Requires <c>Authorization: Bearer &lt;key&gt;</c> on every route except <c>/health</c>.</summary>
/// <remarks>
/// Both sides are hashed with SHA-256 before <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so the comparison takes the same time whatever the length or content of the guess. The key and
/// the header are never logged. Health stays open so a load balancer can probe without the key.
/// </remarks>
internal sealed class ApiKeyGate(string apiKey)
{
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Path.StartsWithSegments("/health") || IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await OpenAIError.Unauthorized().WriteAsync(context).ConfigureAwait(false);
    }

    public bool IsAuthorized(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expectedHash);
    }
}
