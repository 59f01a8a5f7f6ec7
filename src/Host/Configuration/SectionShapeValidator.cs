using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Providers.Host.Configuration;

/// <summary>Checks a configuration section against the class it binds to: every key must name a public settable property, every value must convert.</summary>
/// <remarks>
/// Walks the configuration itself (recursing into nested objects, dictionaries and lists) and
/// converts values with the same type converters the binder uses, so a typo or a wrong type is found
/// by key, never by reading an exception's wording. Values run through <see cref="WithoutCredentials"/>
/// before they reach a message.
/// </remarks>
internal static partial class SectionShapeValidator
{
    /// <param name="section">The section to check.</param>
    /// <param name="type">The class it binds to.</param>
    /// <param name="sources">Names the file or variable of a bad key.</param>
    /// <param name="hostKeys">Keys of <paramref name="section"/> itself that the host reads and the class lacks.</param>
    /// <exception cref="HostConfigurationException">A key is unknown or a value does not convert.</exception>
    public static void Check(IConfigurationSection section, Type type, ConfigurationSources sources, IReadOnlyCollection<string> hostKeys)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(hostKeys);
        CheckObject(section, type, sources, hostKeys);
    }

    /// <summary>A URL may carry <c>user:password@</c>; an error line must not print it.</summary>
    public static string WithoutCredentials(string value) => UserInfo().Replace(value, "***@");

    private static void CheckObject(IConfigurationSection section, Type type, ConfigurationSources sources, IReadOnlyCollection<string> hostKeys)
    {
        var properties = BindableProperties(type);
        var children = section.GetChildren().Where(c => !hostKeys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)).ToArray();
        var unknown = children.Where(c => !properties.ContainsKey(c.Key)).ToArray();
        if (unknown.Length > 0)
        {
            var others = unknown.Length > 1 ? $" (also unknown: {string.Join(", ", unknown[1..].Select(c => c.Key))})" : "";
            throw sources.Error(unknown[0].Path, $"unknown key{others}");
        }

        foreach (var child in children)
        {
            CheckValue(child, properties[child.Key].PropertyType, sources);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, ConfigurationSources sources)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var hasChildren = section.GetChildren().Any();
        var scalar = section.Value;
        if (IsScalar(type))
        {
            if (hasChildren)
            {
                throw sources.Error(section.Path, $"expected {Describe(type)}, got an object");
            }

            // JSON null (or an empty variable) leaves the default in place.
            if (!string.IsNullOrEmpty(scalar) && !Converts(type, scalar))
            {
                throw sources.Error(section.Path, $"expected {Describe(type)}, got \"{WithoutCredentials(scalar)}\"");
            }

            return;
        }

        if (type == typeof(object))
        {
            return;
        }

        var (shape, itemType) = DictionaryValueType(type) is { } valueType ? ("an object", valueType)
            : ElementType(type) is { } elementType ? ("a list", elementType)
            : ("an object", (Type?)null);
        if (!hasChildren && !string.IsNullOrEmpty(scalar))
        {
            throw sources.Error(section.Path, $"expected {shape}, got \"{WithoutCredentials(scalar)}\"");
        }

        // Configuration spells a JSON array as keys 0, 1, 2…: that is the only way to tell the two apart.
        var items = section.GetChildren().ToArray();
        var isList = items.Length > 0 && items.Select((item, i) => item.Key == i.ToString(CultureInfo.InvariantCulture)).All(ok => ok);
        if (shape == "an object" && isList)
        {
            throw sources.Error(section.Path, "expected an object, got a list");
        }

        if (shape == "a list" && items.Length > 0 && !isList)
        {
            throw sources.Error(section.Path, "expected a list, got an object");
        }

        if (itemType is null)
        {
            CheckObject(section, type, sources, []);
            return;
        }

        foreach (var item in items)
        {
            CheckValue(item, itemType, sources);
        }
    }

    /// <summary>Public instance properties the binder can fill, by configuration key (case-insensitive).</summary>
    private static Dictionary<string, PropertyInfo> BindableProperties(Type type)
    {
        var result = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var settable = property.SetMethod is { IsPublic: true } || (property.GetMethod is { IsPublic: true } && !IsScalar(property.PropertyType));
            if (property.GetIndexParameters().Length == 0 && settable)
            {
                result.TryAdd(property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name, property);
            }
        }

        return result;
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));
    }

    private static bool Converts(Type type, string value)
    {
        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static Type? DictionaryValueType(Type type) =>
        GenericInterfaces(type).FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            ?.GenericTypeArguments[1];

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
            : GenericInterfaces(type).FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GenericTypeArguments[0];

    private static IEnumerable<Type> GenericInterfaces(Type type) =>
        (type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces()).Where(i => i.IsGenericType);

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
            || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) => "an integer",
        _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) => "a number",
        _ when type == typeof(Uri) => "a URL",
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
        { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(string) => "text",
        _ => string.Create(CultureInfo.InvariantCulture, $"a value of type {type.Name}"),
    };

    [GeneratedRegex("(?<=//)[^/@]*@", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UserInfo();
}
