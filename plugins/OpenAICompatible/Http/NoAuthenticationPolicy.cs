using System.ClientModel.Primitives;

namespace Providers.OpenAICompatible.Http;

/// <summary>Sends no credentials: a server without <c>apiKeyEnv</c> gets no <c>Authorization</c> header at all.</summary>
/// <remarks>The SDK's clients take a credential or an authentication policy; this is the policy that does nothing.</remarks>
internal sealed class NoAuthenticationPolicy : AuthenticationPolicy
{
    public static readonly NoAuthenticationPolicy Instance = new();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNext(message, pipeline, currentIndex);

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNextAsync(message, pipeline, currentIndex);
}
