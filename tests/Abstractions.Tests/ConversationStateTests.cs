using System.Text;
using System.Text.Json;

namespace Providers.Abstractions.Tests;

public sealed class ConversationStateTests
{
    [Fact]
    public void ToJsonBytes_WritesFlatSnakeCaseDocument()
    {
        var state = new ConversationState
        {
            Provider = "AllenAI",
            Model = "tulu3-405b",
            Messages = [new(ChatRole.User, "hi"), new(ChatRole.Assistant, "Hello!\u2028 ")],
        }.With("parent", "msg_V8C1M5X2R7").With("x_anonymous_user_id", "3f1c");

        using var document = JsonDocument.Parse(state.ToJsonBytes());
        var root = document.RootElement;

        Assert.Equal(["provider", "model", "parent", "x_anonymous_user_id", "messages"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("msg_V8C1M5X2R7", root.GetProperty("parent").GetString());
        Assert.Equal("assistant", root.GetProperty("messages")[1].GetProperty("role").GetString());
        Assert.Equal("Hello!\u2028 ", root.GetProperty("messages")[1].GetProperty("content").GetString());
    }

    [Fact]
    public void FromJson_RoundTrip_PreservesEverything()
    {
        var state = new ConversationState
        {
            Provider = "AllenAI",
            Model = "OLMo-2-1124-13B-Instruct",
            Messages = [new(ChatRole.User, "Привет 👋"), new(ChatRole.Assistant, " \n\n")],
        }.With("parent", "msg_N4R8L2P7M5");

        var back = ConversationState.FromJson(state.ToJsonBytes());

        Assert.Equal(state.Provider, back.Provider);
        Assert.Equal(state.Model, back.Model);
        Assert.Equal(state.Messages, back.Messages);
        Assert.Equal("msg_N4R8L2P7M5", back.Get("parent"));
        Assert.Null(back.Get("x_anonymous_user_id"));
    }

    [Fact]
    public void With_ReturnsCopy_LeavesOriginalUnchanged()
    {
        var original = new ConversationState { Provider = "P", Model = "m" }.With("parent", "a");

        var changed = original.With("parent", "b").With("extra", null);

        Assert.Equal("a", original.Get("parent"));
        Assert.Equal("b", changed.Get("parent"));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"provider\": \"P\"}")]
    [InlineData("{\"provider\": \"P\", \"model\": \"m\", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}")]
    [InlineData("{not json")]
    public void FromJson_Invalid_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => ConversationState.FromJson(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void ToJsonBytes_IsIndentedForPeopleToRead()
    {
        var state = new ConversationState
        {
            Provider = "P",
            Model = "m",
            Messages = [new(ChatRole.User, "hi")],
        }.With("parent", "x");

        var text = Encoding.UTF8.GetString(state.ToJsonBytes()).ReplaceLineEndings("\n");

        Assert.Equal(
            "{\n  \"provider\": \"P\",\n  \"model\": \"m\",\n  \"parent\": \"x\",\n  \"messages\": [\n    {\n      \"role\": \"user\",\n      \"content\": \"hi\"\n    }\n  ]\n}",
            text);
    }

    [Fact]
    public void Get_PropertyThatIsNotAString_ReturnsNull()
    {
        var state = ConversationState.FromJson("{\"provider\": \"P\", \"model\": \"m\", \"parent\": 5, \"flag\": true, \"messages\": []}"u8);

        Assert.Null(state.Get("parent"));
        Assert.Null(state.Get("flag"));
        Assert.Null(state.Get("absent"));
    }

    [Fact]
    public void With_NullValue_RemovesTheProperty()
    {
        var state = new ConversationState { Provider = "P", Model = "m" }.With("parent", "a").With("other", "b");

        var removed = state.With("parent", null);

        Assert.Null(removed.Get("parent"));
        Assert.Equal("b", removed.Get("other"));
        using var document = JsonDocument.Parse(removed.ToJsonBytes());
        Assert.Equal(["provider", "model", "other", "messages"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void With_EmptyKey_Throws(string? key)
    {
        var state = new ConversationState { Provider = "P", Model = "m" };

        Assert.ThrowsAny<ArgumentException>(() => state.With(key!, "v"));
    }

    [Fact]
    public void FromJson_Null_SaysAConversationMustBeAnObject()
    {
        var error = Assert.Throws<JsonException>(() => ConversationState.FromJson("null"u8));

        Assert.Equal("A conversation must be a JSON object, not null.", error.Message);
    }
}
