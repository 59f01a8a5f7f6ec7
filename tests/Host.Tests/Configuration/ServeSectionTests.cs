using Microsoft.Extensions.Configuration;
using Providers.Host.Configuration;

namespace Providers.Host.Tests.Configuration;

public sealed class ServeSectionTests
{
    private static IReadOnlyList<string> Read(string json)
    {
        var root = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        return ServeSection.ReadCorsOrigins(root, new ConfigurationSources(root, "plugins.json"));
    }

    [Fact]
    public void CorsOrigins_ReadAsWrittenWithoutTrailingSlash() =>
        Assert.Equal(["https://app.example", "*"], Read("""{"serve":{"corsOrigins":["https://app.example/","*"]}}"""));

    [Fact]
    public void Absent_NoOrigins() => Assert.Empty(Read("{}"));

    [Theory]
    [InlineData("""{"serve":{"corsOrigins":["app.example"]}}""", "serve:corsOrigins:0")]
    [InlineData("""{"serve":{"corsOrigins":["https://app.example/path"]}}""", "serve:corsOrigins:0")]
    [InlineData("""{"serve":{"corsOrigins":"*"}}""", "serve:corsOrigins")]
    [InlineData("""{"serve":{"cors":["*"]}}""", "serve:cors")]
    public void Malformed_ErrorNamesTheKey(string json, string key) =>
        Assert.Contains(key, Assert.Throws<HostConfigurationException>(() => Read(json)).Message, StringComparison.Ordinal);
}
