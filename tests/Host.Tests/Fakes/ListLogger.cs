using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Providers.Host.Tests.Fakes;

/// <summary>Keeps every log entry at or above <paramref name="minimum"/>, formatted, for assertions.</summary>
internal sealed class ListLogger<T>(LogLevel minimum = LogLevel.Trace) : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
