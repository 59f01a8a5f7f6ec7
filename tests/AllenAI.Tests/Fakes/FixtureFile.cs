using Providers.Abstractions;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>A byte-exact Ai2 recording from Fixtures/ and what fixtures/README.md says a client must output for it.</summary>
internal sealed record FixtureFile(
    string Name,
    string Text,
    string Reasoning,
    string NextParent,
    FinishReason? Finish,
    string? FailureReason = null)
{
    public static IReadOnlyList<FixtureFile> All { get; } =
    [
        new("era-a-new-thread.jsonl",
            "Hello! Here it is in three languages:\n\n- English: Hello\n- Français: Bonjour\n- 日本語: こんにちは 👋\u2028(end)",
            "", "msg_V8C1M5X2R7", FinishReason.Stop),
        new("era-a-follow-up.jsonl", "You're welcome! Adiós y hasta luego 🙂", "", "msg_S5E3J8F1Z6", FinishReason.Stop),
        new("era-a-modal-host.jsonl", "The capital of France is Paris. It\u2019s known for the Eiffel Tower.", "", "msg_N4R8L2P7M5", FinishReason.Stop),
        new("era-a-length.jsonl",
            "Once upon a time, in a small village at the edge of a vast forest, there lived a curious young fox named",
            "", "msg_Z3K7Q1H5D8", FinishReason.Length),
        new("era-a-midstream-error.jsonl", "Sure. The first step is", "", "msg_L5X8N3B7G1", null, "grpc inference failed"),
        new("era-a-model-overloaded.jsonl", "", "", "msg_C7J3E9S5N2", null, "model overloaded"),
        new("era-b-typed.jsonl", "17 × 23 = **391**\n\n(340 + 51)",
            "The user asks for 17 × 23. 17×20=340, 17×3=51, total 391.", "msg_G6B1Y4L9K3", FinishReason.Stop),
        new("v4-threads.jsonl", "Hi! How can I help you today?", "", "msg_M9F3R7C5J2", FinishReason.Stop),
    ];

    public static FixtureFile Named(string name) => All.Single(f => f.Name == name);

    public byte[] ReadBytes() => Read(Name);

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public override string ToString() => Name;
}
