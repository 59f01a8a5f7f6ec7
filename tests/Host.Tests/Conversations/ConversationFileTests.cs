using System.Runtime.Versioning;
using System.Text;
using Providers.Abstractions;
using Providers.Host.Conversations;

namespace Providers.Host.Tests.Conversations;

public sealed class ConversationFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("providers-conversation-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ConversationState Sample(string reply) => new ConversationState
    {
        Provider = "AllenAI",
        Model = "tulu3-405b",
        Messages = [new(ChatRole.User, "hi"), new(ChatRole.Assistant, reply)],
    }.With("parent", "msg_V8C1M5X2R7").With("x_anonymous_user_id", "5b0e6c1e-7f4e-4d43-9a3b-2d3f0f3c9a11");

    [Fact]
    public async Task ReadAsync_MissingFile_ReturnsNull()
    {
        Assert.Null(await ConversationFile.ReadAsync(Path.Combine(_folder, "none.json"), CancellationToken.None));
    }

    [Fact]
    public async Task WriteThenRead_RoundTripsEveryField()
    {
        var path = Path.Combine(_folder, "c.json");
        var state = Sample("Hello!\u2028 👋 ");

        await ConversationFile.WriteAtomicallyAsync(path, state, CancellationToken.None);
        var back = await ConversationFile.ReadAsync(path, CancellationToken.None);

        Assert.NotNull(back);
        Assert.Equal(state.Messages, back.Messages);
        Assert.Equal("msg_V8C1M5X2R7", back.Get("parent"));
        Assert.Equal("5b0e6c1e-7f4e-4d43-9a3b-2d3f0f3c9a11", back.Get("x_anonymous_user_id"));
        Assert.Equal(["c.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAtomicallyAsync_Cancelled_LeavesPreviousFileByteIdenticalAndNoTempFile()
    {
        var path = Path.Combine(_folder, "c.json");
        await ConversationFile.WriteAtomicallyAsync(path, Sample("first"), CancellationToken.None);
        var before = await File.ReadAllBytesAsync(path);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ConversationFile.WriteAtomicallyAsync(path, Sample("second"), new CancellationToken(canceled: true)));

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal(["c.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"provider\": \"AllenAI\"")]
    [InlineData("{\"provider\": \"AllenAI\", \"model\": \"m\", \"messages\": []}")]
    [InlineData("{\"provider\": \"AllenAI\", \"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"only a question\"}]}")]
    public async Task ReadAsync_InvalidDocument_ThrowsOneLineErrorNamingTheFile(string content)
    {
        var path = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(false));

        var error = await Assert.ThrowsAsync<ConversationFileException>(() => ConversationFile.ReadAsync(path, CancellationToken.None));

        Assert.StartsWith($"{path}: not a conversation file: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ReadAsync_Directory_ThrowsIsAFolder()
    {
        var error = await Assert.ThrowsAsync<ConversationFileException>(() => ConversationFile.ReadAsync(_folder, CancellationToken.None));

        Assert.Equal($"{_folder}: is a folder, not a file", error.Message);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task WriteAtomicallyAsync_NewFile_IsPrivateToItsOwner()
    {
        var path = Path.Combine(_folder, "c.json");

        await ConversationFile.WriteAtomicallyAsync(path, Sample("first"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task WriteAtomicallyAsync_Rewrite_KeepsTheUsersPermissions()
    {
        var path = Path.Combine(_folder, "c.json");
        await ConversationFile.WriteAtomicallyAsync(path, Sample("first"), CancellationToken.None);
        const UnixFileMode Chosen = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, Chosen);

        await ConversationFile.WriteAtomicallyAsync(path, Sample("second"), CancellationToken.None);

        Assert.Equal(Chosen, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task WriteAtomicallyAsync_ThroughSymlink_ReplacesTheTargetAndKeepsTheLink()
    {
        var target = Path.Combine(_folder, "real.json");
        var link = Path.Combine(_folder, "link.json");
        await ConversationFile.WriteAtomicallyAsync(target, Sample("first"), CancellationToken.None);
        File.CreateSymbolicLink(link, target);

        await ConversationFile.WriteAtomicallyAsync(link, Sample("second"), CancellationToken.None);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("second", (await ConversationFile.ReadAsync(target, CancellationToken.None))!.Messages[^1].Content);
    }
}
