namespace CmcmActors.Domain.Catalogue;

/// <summary>One edition of the benefit catalogue, in force from <see cref="EffectiveFrom"/> until the next edition.</summary>
public sealed class CatalogueEdition
{
    private readonly Dictionary<string, Benefit> _benefits;
    private readonly Dictionary<string, Benefit[]> _chains;

    public CatalogueEdition(string edition, DateOnly effectiveFrom, IEnumerable<Benefit> benefits)
    {
        Edition = edition;
        EffectiveFrom = effectiveFrom;
        _benefits = benefits.ToDictionary(b => b.Code, StringComparer.Ordinal);
        _chains = _benefits.Values.ToDictionary(b => b.Code, b => BuildChain(RootOf(b.Code)), StringComparer.Ordinal);
    }

    public string Edition { get; }

    public DateOnly EffectiveFrom { get; }

    public IReadOnlyCollection<Benefit> Benefits => _benefits.Values;

    public bool TryGet(string code, out Benefit benefit) => _benefits.TryGetValue(code, out benefit!);

    public Benefit this[string code] => _benefits[code];

    /// <summary>The same benefits in force from <paramref name="effectiveFrom"/> (a draft is published with a date of its own).</summary>
    public CatalogueEdition EffectiveOn(DateOnly effectiveFrom) =>
        effectiveFrom == EffectiveFrom ? this : new CatalogueEdition(Edition, effectiveFrom, _benefits.Values);

    /// <summary>The benefits that pay a line naming <paramref name="code"/>: its chain's root and every top-up, in tier order.</summary>
    public IReadOnlyList<Benefit> ChainFor(string code) => _chains[code];

    private string RootOf(string code)
    {
        var current = _benefits[code];
        while (current.TopUpOf is { } parent)
        {
            current = _benefits[parent];
        }

        return current.Code;
    }

    private Benefit[] BuildChain(string root) =>
        _benefits.Values
            .Where(b => RootOf(b.Code) == root)
            .OrderBy(b => b.Tier)
            .ThenBy(b => b.Code, StringComparer.Ordinal)
            .ToArray();
}

/// <summary>Every known edition; a line is judged by the edition in force on its date of care (spec, section 9).</summary>
public sealed class CatalogueSet
{
    private readonly CatalogueEdition[] _editions;

    public CatalogueSet(IEnumerable<CatalogueEdition> editions)
    {
        _editions = editions.OrderBy(e => e.EffectiveFrom).ToArray();
        if (_editions.Length == 0)
        {
            throw new ArgumentException("At least one catalogue edition is needed.", nameof(editions));
        }

        var duplicate = _editions.GroupBy(e => e.EffectiveFrom).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CatalogueException($"Two editions take effect on {duplicate.Key:yyyy-MM-dd}.");
        }
    }

    public IReadOnlyList<CatalogueEdition> Editions => _editions;

    /// <summary>The edition in force on <paramref name="dateOfCare"/>, or null before the first edition.</summary>
    public CatalogueEdition? InForceOn(DateOnly dateOfCare)
    {
        for (var i = _editions.Length - 1; i >= 0; i--)
        {
            if (_editions[i].EffectiveFrom <= dateOfCare)
            {
                return _editions[i];
            }
        }

        return null;
    }

    /// <summary>True when some edition knows <paramref name="code"/>.</summary>
    public bool IsKnownCode(string code) => _editions.Any(e => e.TryGet(code, out _));

    /// <summary>The editions built into the engine (the files of the repository's <c>catalogue/</c> folder).</summary>
    public static CatalogueSet BuiltIn { get; } = new(CatalogueLoader.LoadBuiltInEditions());
}

/// <summary>A catalogue file is wrong: <see cref="Exception.Message"/> names the file and every mistake; <see cref="Errors"/> lists them one by one, each naming its entry.</summary>
public sealed class CatalogueException : Exception
{
    public CatalogueException(string message) : this(message, [message])
    {
    }

    public CatalogueException(string message, IReadOnlyList<string> errors) : base(message) => Errors = errors;

    public IReadOnlyList<string> Errors { get; }
}
