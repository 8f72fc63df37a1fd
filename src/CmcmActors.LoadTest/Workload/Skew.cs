namespace CmcmActors.LoadTest.Workload;

public enum SkewKind
{
    /// <summary>Every family equally likely.</summary>
    Uniform,

    /// <summary>Zipf over families (s = 1): a few families take most claims.</summary>
    Zipf,

    /// <summary>One hot family takes <see cref="Skew.HotShare"/> of the claims, the rest are uniform.</summary>
    Hot,
}

/// <summary>Which family the next claim is for.</summary>
public sealed class Skew
{
    private readonly double[]? _zipfCumulative;

    public Skew(SkewKind kind, int families, double hotShare)
    {
        Kind = kind;
        Families = families;
        HotShare = hotShare;
        if (kind == SkewKind.Zipf)
        {
            _zipfCumulative = new double[families];
            double sum = 0;
            for (var i = 0; i < families; i++)
            {
                sum += 1.0 / (i + 1);
                _zipfCumulative[i] = sum;
            }

            for (var i = 0; i < families; i++)
            {
                _zipfCumulative[i] /= sum;
            }
        }
    }

    public SkewKind Kind { get; }

    public int Families { get; }

    public double HotShare { get; }

    public int NextFamily(ClaimMix random)
    {
        switch (Kind)
        {
            case SkewKind.Hot when random.NextDouble() < HotShare:
                return 0;
            case SkewKind.Zipf:
                var x = random.NextDouble();
                var index = Array.BinarySearch(_zipfCumulative!, x);
                return Math.Min(Families - 1, index >= 0 ? index : ~index);
            default:
                return random.Next(Families);
        }
    }
}
