namespace Providers.Host.Tests.Cli;

public sealed class ModelsCommandTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public ModelsCommandTests()
    {
        _folder.AddTestPlugin("EchoPlugin").AddTestPlugin("ThrowingPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "aliases": { "quick": "Echo/echo-2", "quicker": "quick", "lost": "nowhere" } }""");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ModelsJson_ActiveProviderWithHostAliases_ListsEachModelWithAllItsAliases()
    {
        var result = await CliRunner.RunAsync("models", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        // Throwing is Malfunctioned, so its model is not listed; "lost" leads nowhere and is left out.
        Assert.Equal("""
            [
              {
                "id": "echo-1",
                "provider": "Echo",
                "aliases": [
                  "echo",
                  "parrot"
                ],
                "default": true
              },
              {
                "id": "echo-2",
                "provider": "Echo",
                "aliases": [
                  "quick",
                  "quicker"
                ],
                "default": false
              }
            ]

            """, result.StdOut);
    }

    [Fact]
    public async Task Models_PlainText_Table()
    {
        var result = await CliRunner.RunAsync("models", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            MODEL   PROVIDER  DEFAULT  ALIASES
            echo-1  Echo      yes      echo, parrot
            echo-2  Echo               quick, quicker

            """, result.StdOut);
    }

    [Fact]
    public async Task ModelsJson_NoActiveProvider_EmptyArray()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Echo": { "enabled": false } } }""");

        var result = await CliRunner.RunAsync("models", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, "[]\n"), (result.ExitCode, result.StdOut));
    }
}
