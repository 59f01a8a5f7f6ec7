using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Providers.Host.Logging;

/// <summary>Writes log lines to the CLI's error writer (standard error), so standard output carries only results.</summary>
/// <remarks>
/// Synchronous and one line per event (<c>host: warn: …</c>), unlike the console logger's
/// background queue, so a short-lived command never loses a line and tests can read what was logged.
/// Exceptions are reduced to their message: users never see stack traces. A line logged inside a
/// scope that carries a <c>RequestId</c> (as each HTTP request of <c>host serve</c> opens) names it:
/// <c>host: warn: [request 4f2a…] …</c>; the innermost such scope wins, so the id the server chose
/// replaces the one ASP.NET Core's own outer scope holds.
/// </remarks>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider, ISupportExternalScope
{
    public const string RequestIdKey = "RequestId";

    private readonly TextWriter _writer = writer;
    private readonly Lock _gate = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class TextWriterLogger(TextWriterLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception).ReplaceLineEndings(" ");
            var suffix = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
            var request = RequestId() is { } id ? $"[request {id}] " : "";
            lock (owner._gate)
            {
                owner._writer.WriteLine($"host: {Label(logLevel)}: {request}{message}{suffix}");
            }
        }

        private string? RequestId()
        {
            var found = new StrongBox<string?>();
            owner._scopes.ForEachScope(
                static (scope, found) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    {
                        foreach (var (key, value) in values)
                        {
                            if (key == RequestIdKey && value is not null)
                            {
                                found.Value = value.ToString();
                            }
                        }
                    }
                },
                found);
            return found.Value;
        }

        private static string Label(LogLevel level) => level switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "error",
            _ => "crit",
        };
    }
}
