namespace Leaderboards.LoadTests;

/// <summary>Zipf-distributed indexes in [0, n): index k drawn with probability proportional to 1/(k+1)^s. Hot players first.</summary>
internal sealed class Zipf
{
    private readonly double[] _cdf;

    public Zipf(int n, double s)
    {
        _cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++)
            _cdf[k] = sum += 1 / Math.Pow(k + 1, s);
        for (int k = 0; k < n; k++)
            _cdf[k] /= sum;
    }

    public int Next(Random random)
    {
        int index = Array.BinarySearch(_cdf, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cdf.Length - 1);
    }
}
