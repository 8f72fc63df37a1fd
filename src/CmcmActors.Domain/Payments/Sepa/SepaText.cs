using System.Collections.Frozen;
using System.Text;

namespace CmcmActors.Domain.Payments.Sepa;

/// <summary>
/// Text for SEPA files: the Latin character set every SEPA bank must accept (EPC guidance): <c>a-z A-Z 0-9</c> and
/// <c>/ - ? : ( ) . , ' +</c> and space. The rules, each with a test:
/// <list type="bullet">
/// <item>letters with an accent lose it (é→e, ç→c, ñ→n, ø→o, å→a, ł→l);</item>
/// <item>German umlauts become two letters as German banks write them (ä→ae, ö→oe, ü→ue), ß→ss; ligatures split
/// (æ→ae, œ→oe); a capital becomes a capital and a small letter (Ä→Ae, Œ→Oe), as names are written;</item>
/// <item>typographic quotes and double quotes become <c>'</c>, dashes become <c>-</c>, <c>&amp;</c> becomes <c>+</c>;</item>
/// <item>anything else (other scripts, <c>@ # _ * ; ! €</c>, line breaks) becomes a space, so words never run together;</item>
/// <item>runs of spaces collapse to one, the text is trimmed;</item>
/// <item>a text longer than the limit is cut at its last space within the limit (never inside a word), or hard at the
/// limit when its first word alone is longer.</item>
/// </list>
/// </summary>
public static class SepaText
{
    private static readonly FrozenDictionary<char, string> Replacements = BuildReplacements();

    /// <summary>Whether <paramref name="c"/> belongs to the SEPA Latin character set.</summary>
    public static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '?' or ':' or '(' or ')' or '.' or ',' or '\'' or '+' or ' ';

    /// <summary><paramref name="text"/> in the SEPA character set, collapsed, trimmed and at most <paramref name="maxLength"/> long.</summary>
    public static string Transliterate(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var replacement = IsAllowed(c) ? null : Replacements.GetValueOrDefault(c, " ");
            if (replacement is null)
            {
                AppendCollapsed(builder, c);
            }
            else
            {
                foreach (var r in replacement)
                {
                    AppendCollapsed(builder, r);
                }
            }
        }

        var result = builder.ToString().Trim();
        return result.Length <= maxLength ? result : Cut(result, maxLength);
    }

    /// <summary>
    /// Whether <paramref name="id"/> can stand as a SEPA identifier (message, payment or end-to-end id): 1 to 35 characters
    /// of the SEPA set without spaces, not starting or ending with <c>/</c> and without <c>//</c>. Identifiers are refused,
    /// never rewritten: the bank's status report names them back and must match.
    /// </summary>
    public static bool IsIdentifier(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 35 && id.All(c => c != ' ' && IsAllowed(c))
        && id[0] != '/' && id[^1] != '/' && !id.Contains("//", StringComparison.Ordinal);

    private static void AppendCollapsed(StringBuilder builder, char c)
    {
        if (c == ' ' && (builder.Length == 0 || builder[^1] == ' '))
        {
            return;
        }

        builder.Append(c);
    }

    private static string Cut(string text, int maxLength)
    {
        if (text[maxLength] == ' ')
        {
            return text[..maxLength].TrimEnd();
        }

        var lastSpace = text.LastIndexOf(' ', maxLength - 1);
        return lastSpace > 0 ? text[..lastSpace].TrimEnd() : text[..maxLength];
    }

    private static FrozenDictionary<char, string> BuildReplacements()
    {
        var map = new Dictionary<char, string>();
        void Add(string from, string to)
        {
            foreach (var c in from)
            {
                map[c] = to;
            }
        }

        Add("ÀÁÂÃÅĀĂĄǍ", "A"); Add("àáâãåāăąǎª", "a"); Add("Ä", "Ae"); Add("ä", "ae"); Add("Æ", "Ae"); Add("æ", "ae");
        Add("ÇĆĈĊČ", "C"); Add("çćĉċč", "c"); Add("ĎĐÐ", "D"); Add("ďđð", "d");
        Add("ÈÉÊËĒĔĖĘĚ", "E"); Add("èéêëēĕėęě", "e"); Add("ĜĞĠĢ", "G"); Add("ĝğġģ", "g"); Add("ĤĦ", "H"); Add("ĥħ", "h");
        Add("ÌÍÎÏĨĪĬĮİ", "I"); Add("ìíîïĩīĭįı", "i"); Add("Ĳ", "IJ"); Add("ĳ", "ij"); Add("Ĵ", "J"); Add("ĵ", "j");
        Add("Ķ", "K"); Add("ķĸ", "k"); Add("ĹĻĽĿŁ", "L"); Add("ĺļľŀł", "l"); Add("ÑŃŅŇŊ", "N"); Add("ñńņňŉŋ", "n");
        Add("ÒÓÔÕŌŎŐØ", "O"); Add("òóôõōŏőøº", "o"); Add("Ö", "Oe"); Add("ö", "oe"); Add("Œ", "Oe"); Add("œ", "oe");
        Add("ŔŖŘ", "R"); Add("ŕŗř", "r"); Add("ŚŜŞŠȘ", "S"); Add("śŝşšșſ", "s"); Add("ß", "ss"); Add("ẞ", "SS");
        Add("ŢŤŦȚ", "T"); Add("ţťŧț", "t"); Add("Þ", "Th"); Add("þ", "th");
        Add("ÙÚÛŨŪŬŮŰŲ", "U"); Add("ùúûũūŭůűų", "u"); Add("Ü", "Ue"); Add("ü", "ue"); Add("Ŵ", "W"); Add("ŵ", "w");
        Add("ÝŶŸ", "Y"); Add("ýÿŷ", "y"); Add("ŹŻŽ", "Z"); Add("źżž", "z");
        Add("‘’‚‛′`´\"“”„«»", "'"); Add("‐‑‒–—―−", "-"); Add("&", "+");
        return map.ToFrozenDictionary();
    }
}
