namespace Providers.Bench;

/// <summary>Repeated measurements of one thing: median and spread.</summary>
internal sealed class Sample(IEnumerable<double> values)
{
    private readonly double[] _sorted = [.. values.Order()];

    public double Median => _sorted.Length == 0 ? double.NaN
        : _sorted.Length % 2 == 1 ? _sorted[_sorted.Length / 2]
        : (_sorted[(_sorted.Length / 2) - 1] + _sorted[_sorted.Length / 2]) / 2;

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>The value at the given fraction (0.99 for p99), nearest rank.</summary>
    public double Percentile(double fraction) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(fraction * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
