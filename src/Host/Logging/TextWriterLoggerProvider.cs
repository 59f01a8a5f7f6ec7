using Microsoft.Extensions.Logging;

namespace Providers.Host.Logging;

/// <summary>Writes log lines to the CLI's error writer (standard error), so standard output carries only results.</summary>
/// <remarks>
/// Synchronous and one line per event (<c>host: warn: …</c>), unlike the console logger's
/// background queue, so a short-lived command never loses a line and tests can read what was logged.
/// Exceptions are reduced to their message: users never see stack traces.
/// </remarks>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(writer, _gate);

    public void Dispose()
    {
    }

    private sealed class TextWriterLogger(TextWriter writer, Lock gate) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

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
            lock (gate)
            {
                writer.WriteLine($"host: {Label(logLevel)}: {message}{suffix}");
            }
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
