using System.Globalization;
using System.Text;

namespace Providers.Bench;

/// <summary>Collects the rows of the final table and the correctness failures (which fail the run).</summary>
internal sealed class Report
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>A measured row; <paramref name="met"/> null when the row has no goal.</summary>
    public void Add(string measure, string value, string baseline, string ratio, string goal, bool? met) =>
        _rows.Add([measure, value, baseline, ratio, goal, met switch { true => "met", false => "MISSED", null => "" }]);

    /// <summary>A correctness check: quick and full mode both fail the run when one does not hold.</summary>
    public void Check(bool holds, string what)
    {
        Console.Error.WriteLine($"  check {(holds ? "ok  " : "FAIL")} {what}");
        if (!holds)
        {
            _failures.Add(what);
        }
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| measure | value | baseline (same run) | ratio | goal | |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return text.ToString();
    }

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

    public static string Spread(Sample sample) =>
        $"{Ms(sample.Median)} ({Ms(sample.Min)}–{Ms(sample.Max)})";

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Number(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
}
