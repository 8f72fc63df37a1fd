namespace CmcmActors.Cli.Scenarios;

/// <summary>One thing wrong in an input file, at a place such as <c>steps[4].lines[0].invoiced</c> (empty: the whole file).</summary>
internal sealed record InputError(string Place, string Message)
{
    public string Describe(string source) => Place.Length == 0 ? $"{source}: {Message}" : $"{source}: {Place}: {Message}";
}

/// <summary>A value read or computed from input, or the errors that prevent it. Bad input is a value, not an exception.</summary>
internal sealed record Validated<T>(T? Value, IReadOnlyList<InputError> Errors)
    where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;

    public static Validated<T> Valid(T value) => new(value, []);

    public static Validated<T> Invalid(IReadOnlyList<InputError> errors) => new(null, errors);

    public static Validated<T> Invalid(string place, string message) => new(null, [new InputError(place, message)]);
}
