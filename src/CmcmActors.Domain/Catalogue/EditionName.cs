namespace CmcmActors.Domain.Catalogue;

/// <summary>
/// An edition's name is shown on pages, in reports and logs, and stored: it is refused as other text fields are when it
/// holds control characters (NUL included), bidirectional overrides or other invisible format characters, markup
/// (&lt; &gt; &amp;), or is longer than <see cref="MaxLength"/>.
/// </summary>
public static class EditionName
{
    public const int MaxLength = 64;

    /// <summary>What is wrong with the name (the words after "edition"), or null when it is fine.</summary>
    public static string? Problem(string name)
    {
        if (name.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (name != name.Trim())
        {
            return "starts or ends with a space";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
                or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned)
            {
                return $"holds a control, format or invisible character (U+{(int)c:X4})";
            }

            if (c is '<' or '>' or '&')
            {
                return "holds markup ('<', '>' or '&')";
            }
        }

        return null;
    }
}
