using System.Text;
using CsCheck;
using Providers.Abstractions;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>
/// Whatever bytes Ai2 streams back, the provider ends in a reply or a <see cref="ProviderException"/>, never anything else.
/// </summary>
/// <remarks>
/// Recorded replies are mutated line by line (dropped, repeated, cut, a byte changed, garbage inserted)
/// and mixed with random bytes. Bounded by iterations; a failure prints CsCheck's seed, which
/// reproduces it when passed as <c>seed:</c> (or in the CsCheck_Seed variable).
/// </remarks>
public sealed class Ai2StreamFuzzTests
{
    private static readonly string[][] Recordings =
        [.. FixtureFile.All.Where(f => f.Name.StartsWith("era-", StringComparison.Ordinal))
            .Select(f => Encoding.UTF8.GetString(f.ReadBytes()).Split('\n'))];

    private static readonly Gen<string> Garbage = Gen.OneOf(
        "", "{", "}", "null", "[]", "\"x\"", "{\"type\":\"chunk\"}", "{\"type\":\"end\"}", "{\"type\":\"error\"}",
        "{\"message\":null,\"content\":5}", "{\"children\":[{\"children\":7}]}", "\u0000\u00ff", "{\"type\":\"chunk\",\"content\":\"\\ud800\"}");

    private static readonly Gen<string> MutatedLine =
        Gen.Select(Gen.Int[0, Recordings.Length - 1], Gen.Int[0, 10_000], Gen.Int[0, 5], Gen.Int[0, 10_000], Gen.Char, Garbage)
            .Select((recording, line, how, at, ch, garbage) =>
            {
                var lines = Recordings[recording];
                var text = lines[line % lines.Length];
                var cut = text.Length == 0 ? 0 : at % text.Length;
                return how switch
                {
                    0 => text,
                    1 => text[..cut],
                    2 => text.Length == 0 ? garbage : string.Concat(text.AsSpan(0, cut), ch.ToString(), text.AsSpan(cut + 1)),
                    3 => garbage,
                    4 => text + text,
                    _ => text.Replace("\"", "", StringComparison.Ordinal),
                };
            });

    private static readonly Gen<byte[]> Body = Gen.OneOf(
        MutatedLine.List[0, 30].Select(lines => Encoding.UTF8.GetBytes(string.Join('\n', lines))),
        Gen.Int[0, Recordings.Length - 1].SelectMany(r => Gen.Int[0, Recordings[r].Length].Select(keep =>
            Encoding.UTF8.GetBytes(string.Join('\n', Recordings[r].Take(keep))))),
        Gen.Byte.Array[0, 2000]);

    [Fact]
    public async Task Provider_AnyStreamBytes_EndsInAReplyOrAProviderException()
    {
        byte[] current = [];
        await using var server = await KestrelAi2Server.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/jsonl";
            await context.Response.Body.WriteAsync(Volatile.Read(ref current));
        });
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint, ("protocol", "message-stream"));

        await Body.SampleAsync(async body =>
        {
            Volatile.Write(ref current, body);
            try
            {
                await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));
            }
            catch (ProviderException)
            {
                // The documented family: a clear failure of the upstream.
            }
        }, iter: 300, threads: 1);
    }
}
