namespace Providers.Abstractions;

/// <summary>Resolves a requested model name to one of a provider's real model ids.</summary>
/// <remarks>
/// Order: empty → default model; exact id; exact alias (followed through chains, cycles
/// detected); case-insensitive id; case-insensitive alias. An alias is never returned: the
/// result is always an element of <see cref="ProviderMetadata.Models"/> (or the default model).
/// Thread-safe and allocation-light; metadata is immutable.
/// </remarks>
public static class ModelResolver
{
    /// <summary>Returns the real model id for <paramref name="requested"/>.</summary>
    /// <exception cref="ModelNotFoundException">The name is unknown, or its alias chain is broken or cyclic.</exception>
    public static string Resolve(ProviderMetadata metadata, string? requested)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (string.IsNullOrWhiteSpace(requested))
        {
            return metadata.DefaultModel;
        }

        if (TryResolve(metadata, requested, out var id, out var cycle))
        {
            return id;
        }

        if (cycle is not null)
        {
            throw new ModelNotFoundException(requested, KnownNames(metadata),
                $"Model alias '{requested}' of {metadata.Name} forms a cycle: {string.Join(" → ", cycle)}.");
        }

        throw new ModelNotFoundException(requested, KnownNames(metadata),
            $"Unknown model '{requested}' for {metadata.Name}. Valid: {string.Join(", ", KnownNames(metadata))}.");
    }

    /// <summary>Like <see cref="Resolve"/> but returns false instead of throwing.</summary>
    public static bool TryResolve(ProviderMetadata metadata, string requested, out string modelId)
        => TryResolve(metadata, requested, out modelId, out _);

    /// <summary>Every model id, then every alias, in declaration order.</summary>
    public static IReadOnlyList<string> KnownNames(ProviderMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return [.. metadata.Models, .. metadata.ModelAliases.Keys.Where(a => !metadata.Models.Contains(a, StringComparer.Ordinal))];
    }

    /// <summary>Every alias whose chain ends at <paramref name="modelId"/>.</summary>
    public static IReadOnlyList<string> AliasesOf(ProviderMetadata metadata, string modelId)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return [.. metadata.ModelAliases.Keys.Where(alias =>
            !string.Equals(alias, modelId, StringComparison.Ordinal)
            && TryResolve(metadata, alias, out var target, out _)
            && string.Equals(target, modelId, StringComparison.Ordinal))];
    }

    private static bool TryResolve(ProviderMetadata metadata, string requested, out string modelId, out List<string>? cycle)
    {
        cycle = null;
        foreach (var comparison in (ReadOnlySpan<StringComparison>)[StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase])
        {
            if (FindModel(metadata, requested, comparison) is { } id)
            {
                modelId = id;
                return true;
            }

            if (FindAlias(metadata, requested, comparison) is { } alias
                && FollowChain(metadata, alias, out modelId, out cycle))
            {
                return true;
            }

            if (cycle is not null)
            {
                break;
            }
        }

        modelId = "";
        return false;
    }

    private static bool FollowChain(ProviderMetadata metadata, string alias, out string modelId, out List<string>? cycle)
    {
        var seen = new List<string> { alias };
        var current = metadata.ModelAliases[alias];
        cycle = null;
        while (true)
        {
            // A target that is a real id wins over an alias of the same name (g4f's "tulu-3-1-8b" maps to itself).
            if ((FindModel(metadata, current, StringComparison.Ordinal) ?? FindModel(metadata, current, StringComparison.OrdinalIgnoreCase)) is { } id)
            {
                modelId = id;
                return true;
            }

            var next = FindAlias(metadata, current, StringComparison.Ordinal) ?? FindAlias(metadata, current, StringComparison.OrdinalIgnoreCase);
            if (next is null)
            {
                modelId = "";
                return false;
            }

            if (seen.Contains(next, StringComparer.Ordinal))
            {
                seen.Add(next);
                cycle = seen;
                modelId = "";
                return false;
            }

            seen.Add(next);
            current = metadata.ModelAliases[next];
        }
    }

    private static string? FindModel(ProviderMetadata metadata, string name, StringComparison comparison)
    {
        if (string.Equals(metadata.DefaultModel, name, comparison))
        {
            return metadata.DefaultModel;
        }

        foreach (var id in metadata.Models)
        {
            if (string.Equals(id, name, comparison))
            {
                return id;
            }
        }

        return null;
    }

    private static string? FindAlias(ProviderMetadata metadata, string name, StringComparison comparison)
    {
        if (comparison == StringComparison.Ordinal)
        {
            return metadata.ModelAliases.ContainsKey(name) ? name : null;
        }

        foreach (var alias in metadata.ModelAliases.Keys)
        {
            if (string.Equals(alias, name, comparison))
            {
                return alias;
            }
        }

        return null;
    }
}
