using System.Net;

namespace Providers.Abstractions.Tests;

/// <summary>What the shared exceptions and defaults promise to every consumer of the contract.</summary>
public sealed class ContractTypesTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData((HttpStatusCode)499, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    public void UpstreamException_IsTransientForServerErrorsAndRequestTimeout(HttpStatusCode status, bool transient)
    {
        var error = new UpstreamException("P", status, "server said", "P answered");

        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(status, error.Status);
        Assert.Equal("server said", error.ServerMessage);
        Assert.Equal("P", error.Provider);
        Assert.Equal("P answered", error.Message);
    }

    [Fact]
    public void MissingAuthException_IsNeverTransient()
    {
        Assert.False(new MissingAuthException("P", HttpStatusCode.ServiceUnavailable, null, "no").IsTransient);
    }

    [Fact]
    public void RateLimitedException_IsTransientWithStatus429()
    {
        var error = new RateLimitedException("P", TimeSpan.FromSeconds(7), null, "slow down");

        Assert.True(error.IsTransient);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public void ProviderTimeoutException_IsTransient()
    {
        var error = new ProviderTimeoutException("P", TimeSpan.FromSeconds(3), "silent");

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(3), error.Timeout);
    }

    [Fact]
    public void ProviderException_AndStreamExceptionByDefault_AreNotTransient()
    {
        var inner = new IOException("cut");

        Assert.False(new ProviderException("P", "failed", inner).IsTransient);
        var stream = new ProviderStreamException("P", "cut", "stream cut", innerException: inner);
        Assert.False(stream.IsTransient);
        Assert.Same(inner, stream.InnerException);
        Assert.True(new ProviderStreamException("P", "cut", "stream cut", isTransient: true).IsTransient);
    }

    [Fact]
    public void ModelNotFoundException_WithoutMessage_ListsTheValidNames()
    {
        var error = new ModelNotFoundException("x", ["a", "b"]);

        Assert.Equal("Unknown model 'x'. Valid: a, b.", error.Message);
        Assert.Equal("x", error.Model);
        Assert.Equal(["a", "b"], error.Known);
    }

    [Fact]
    public void ProviderOptions_Defaults_EnabledWithTwoMinuteTimeout()
    {
        var options = new ProviderOptions();

        Assert.True(options.Enabled);
        Assert.Equal(120, options.TimeoutSeconds);
        Assert.Null(options.ApiEndpoint);
        Assert.Null(options.Proxy);
    }

    [Fact]
    public void ChatRequest_WithoutModel_AsksForTheDefault()
    {
        var request = new ChatRequest { Messages = [new(ChatRole.User, "hi")] };

        Assert.Equal("", request.Model);
        Assert.Empty(request.Stop);
        Assert.Null(request.Conversation);
    }
}
