using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary>Writes server-sent events as OpenAI frames them: <c>data: {json}\n\n</c>, flushed one by one.</summary>
/// <remarks>
/// Written by hand rather than through <c>TypedResults.ServerSentEvents</c> because one stream mixes
/// chunk objects, an error object and the bare <c>[DONE]</c> sentinel, and each event must reach the
/// client as soon as it exists.
/// </remarks>
internal sealed class SseWriter(PipeWriter pipe)
{
    public Task WriteAsync<T>(T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        WriteEventAsync(null, payload, typeInfo, cancellationToken);

    /// <summary>Writes <c>event: name</c> before the data when <paramref name="name"/> is set, as the Responses API does.</summary>
    public async Task WriteEventAsync<T>(string? name, T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (name is not null)
        {
            pipe.Write("event: "u8);
            pipe.Write(System.Text.Encoding.UTF8.GetBytes(name));
            pipe.Write("\n"u8);
        }

        pipe.Write("data: "u8);
        using (var json = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = ServerJsonContext.WireEncoder }))
        {
            JsonSerializer.Serialize(json, payload, typeInfo);
        }

        pipe.Write("\n\n"u8);
        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteDoneAsync(CancellationToken cancellationToken)
    {
        pipe.Write("data: [DONE]\n\n"u8);
        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
