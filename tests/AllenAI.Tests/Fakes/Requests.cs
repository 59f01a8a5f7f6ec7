using Providers.Abstractions;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>Small builders for chat requests.</summary>
internal static class Requests
{
    public static ChatRequest Ask(string question, string model = "tulu3-405b") =>
        new() { Model = model, Messages = [new ChatMessage(ChatRole.User, question)] };
}
