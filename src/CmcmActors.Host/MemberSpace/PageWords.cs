using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CmcmActors.Domain.Money;

namespace CmcmActors.Host.MemberSpace;

/// <summary>
/// The pages' words (wwwroot/i18n/{fr,de,en}.json), read by the server for what it writes in the member's language: the
/// statements, the tax certificate and the e-mail notices. One source of words: a translator edits those files only, and
/// a PDF words a decision as the page does (the same reason, tier and status keys). English is the fallback of a key a
/// language lacks, as on the pages; an unknown key shows itself.
/// </summary>
public sealed partial class PageWords
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "de", "en"];

    private const char Nbsp = '\u00a0';

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _words;

    public PageWords(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> words) =>
        _words = words.ToFrozenDictionary(w => w.Key, w => w.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The words of the files under <paramref name="webRoot"/>/i18n.</summary>
    public static PageWords Load(Microsoft.Extensions.FileProviders.IFileProvider webRoot)
    {
        var words = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var language in Languages)
        {
            var file = webRoot.GetFileInfo($"i18n/{language}.json");
            if (!file.Exists)
            {
                throw new InvalidOperationException($"The pages' words i18n/{language}.json are missing from the web root.");
            }

            using var stream = file.CreateReadStream();
            words[language] = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
        }

        return new PageWords(words);
    }

    public static bool IsLanguage(string? language) => language is not null && Languages.Contains(language, StringComparer.Ordinal);

    public bool Has(string language, string key) => _words[language].ContainsKey(key) || _words["en"].ContainsKey(key);

    /// <summary>The words for <paramref name="key"/> in <paramref name="language"/>, with {name} replaced by the arguments' values.</summary>
    public string T(string language, string key, params (string Name, string Value)[] arguments)
    {
        var text = _words[language].GetValueOrDefault(key) ?? _words["en"].GetValueOrDefault(key) ?? key;
        return arguments.Length == 0 ? text : Placeholder().Replace(text, m =>
        {
            foreach (var (name, value) in arguments)
            {
                if (name == m.Groups[1].Value)
                {
                    return value;
                }
            }

            return m.Value;
        });
    }

    /// <summary>As the pages write an amount: "1 300,00 €" in French and German (no-break spaces), "€1,300.00" in English; "−" before a negative one.</summary>
    public static string Money(string language, Money amount)
    {
        var cents = Math.Abs(amount.Cents);
        var integer = (cents / 100).ToString(CultureInfo.InvariantCulture);
        var decimals = (cents % 100).ToString("00", CultureInfo.InvariantCulture);
        var sign = amount.Cents < 0 ? "−" : "";
        return language == "en"
            ? $"{sign}€{Group(integer, ',')}.{decimals}"
            : $"{sign}{Group(integer, Nbsp)},{decimals}{Nbsp}€";
    }

    /// <summary>dd/mm/yyyy, in every language, as the pages write it.</summary>
    public static string Date(DateOnly date) => date.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);

    private static string Group(string integer, char separator)
    {
        var grouped = new StringBuilder(integer.Length + integer.Length / 3);
        for (var i = 0; i < integer.Length; i++)
        {
            if (i > 0 && (integer.Length - i) % 3 == 0)
            {
                grouped.Append(separator);
            }

            grouped.Append(integer[i]);
        }

        return grouped.ToString();
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
