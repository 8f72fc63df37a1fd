using System.Text.Json;
using System.Text.RegularExpressions;
using CmcmActors.Host.Tests.Operations;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// The pages' words (wwwroot/i18n/{fr,de,en}.json): every key the pages use exists in English, every English key exists
/// in French and German with the same {placeholders}, and every benefit of the catalogue has a French and a German title.
/// </summary>
public sealed partial class TranslationTests
{
    private static readonly string Root = Repository.PathOf("src/CmcmActors.Host/wwwroot");

    private static Dictionary<string, string> Words(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Root, "i18n", language + ".json")))!;

    [Fact]
    public void EveryKeyThePagesUse_HasEnglishWords()
    {
        var english = Words("en");
        var used = Directory.GetFiles(Path.Combine(Root, "js"), "*.js").Concat(Directory.GetFiles(Root, "*.html"))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(used.Count > 200, $"{used.Count} keys found");
        Assert.Empty(used.Where(k => !english.ContainsKey(k)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    public void EveryEnglishKey_IsTranslated_WithTheSamePlaceholders(string language)
    {
        var english = Words("en");
        var translated = Words(language);

        Assert.Empty(english.Keys.Where(k => !translated.ContainsKey(k)).Order(StringComparer.Ordinal));
        Assert.All(english, e => Assert.Equal(Placeholders(e.Value), Placeholders(translated[e.Key])));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    public void EveryBenefitOfTheCatalogue_HasATitle(string language)
    {
        using var catalogue = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("catalogue/cmcm-2026-07-01.json")));
        var words = Words(language);
        var codes = catalogue.RootElement.GetProperty("benefits").EnumerateArray().Select(b => b.GetProperty("code").GetString()!).ToList();

        Assert.Equal(56, codes.Count);
        Assert.DoesNotContain(codes, c => !words.ContainsKey("benefit." + c));
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\bt\('([A-Za-z0-9_.+-]+)'|data-i18n(?:-label|-placeholder)?=""([^""]+)""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();
}
