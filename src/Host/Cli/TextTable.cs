namespace Providers.Host.Cli;

/// <summary>A plain-text table that fits a terminal: columns padded, the last one wrapped to the width.</summary>
internal sealed class TextTable(params string[] headers)
{
    private const string _gap = "  ";
    private readonly List<string[]> _rows = [];

    /// <summary>False for a key/value listing whose headers would only repeat the obvious.</summary>
    public bool ShowHeaders { get; init; } = true;

    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentOutOfRangeException.ThrowIfNotEqual(cells.Length, headers.Length, nameof(cells));
        _rows.Add(cells);
    }

    public void Write(TextWriter writer, int width = 80)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var all = ShowHeaders ? _rows.Prepend(headers).ToArray() : [.. _rows];
        if (all.Length == 0)
        {
            return;
        }

        var widths = Enumerable.Range(0, headers.Length).Select(c => all.Max(row => row[c].Length)).ToArray();
        var indent = widths[..^1].Sum() + (_gap.Length * (widths.Length - 1));
        // The last column gets what is left, but never less than 20 characters.
        var lastWidth = Math.Max(20, width - indent);
        foreach (var row in all)
        {
            var lines = Wrap(row[^1], lastWidth);
            var prefix = string.Concat(row[..^1].Select((cell, c) => cell.PadRight(widths[c]) + _gap));
            writer.WriteLine((prefix + lines[0]).TrimEnd());
            foreach (var continuation in lines.Skip(1))
            {
                writer.WriteLine(new string(' ', indent) + continuation);
            }
        }
    }

    /// <summary>Breaks <paramref name="text"/> at spaces into lines of at most <paramref name="width"/> (longer words stay whole).</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : $"{line} {word}";
            }
        }

        lines.Add(line);
        return lines;
    }
}
