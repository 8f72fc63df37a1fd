namespace CmcmActors.Domain.People;

/// <summary>The checks of a person's details, field by field (surname, givenNames, nationalNumber).</summary>
public static class PersonValidation
{
    /// <summary>
    /// The person, or the mistakes by field. A national number must start with the member's birth date, when it is
    /// known: a number of someone else is the likeliest mistake at a desk.
    /// </summary>
    public static (Person? Person, IReadOnlyList<(string Field, string Message)> Errors) Check(
        string? surname, string? givenNames, string? nationalNumber, DateOnly? birthDate, bool nationalNumberRequired = false)
    {
        var errors = new List<(string, string)>();
        var s = Name("surname", surname, errors);
        var g = Name("givenNames", givenNames, errors);
        string? number = null;
        if (!string.IsNullOrWhiteSpace(nationalNumber) || nationalNumberRequired)
        {
            var (parsed, error) = NationalNumber.Parse(nationalNumber);
            if (error is not null)
            {
                errors.Add(("nationalNumber", error));
            }
            else if (birthDate is { } born && NationalNumber.BirthDate(parsed!) != born)
            {
                errors.Add(("nationalNumber", $"The number starts with the birth date {NationalNumber.BirthDate(parsed!):yyyy-MM-dd}, not {born:yyyy-MM-dd}."));
            }
            else
            {
                number = parsed;
            }
        }

        return errors.Count == 0 ? (new Person(s!, g!, number), errors) : (null, errors);
    }

    private static string? Name(string field, string? value, List<(string, string)> errors)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add((field, "Required."));
            return null;
        }

        if (name.Length > Person.MaxNameLength)
        {
            errors.Add((field, $"At most {Person.MaxNameLength} characters."));
            return null;
        }

        if (name.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'))
        {
            errors.Add((field, "A name has no control characters."));
            return null;
        }

        if (!name.Any(char.IsLetter))
        {
            errors.Add((field, "A name has at least one letter."));
            return null;
        }

        return name;
    }
}
