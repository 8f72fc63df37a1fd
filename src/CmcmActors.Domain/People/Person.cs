using System.Globalization;
using System.Collections.Frozen;
using System.Text;

namespace CmcmActors.Domain.People;

/// <summary>Who a member is, for a person at the desk: names and the national number. Personal data: never logged.</summary>
/// <param name="NationalNumber">13 digits (<see cref="People.NationalNumber"/>), or null when not known yet.</param>
public sealed record Person(string Surname, string GivenNames, string? NationalNumber)
{
    public const int MaxNameLength = 100;

    /// <summary>"Given Surname", as a clerk reads it.</summary>
    public string FullName => $"{GivenNames} {Surname}".Trim();

    /// <summary>The names folded for search (<see cref="SearchText.Fold"/>): "surname given names".</summary>
    public string SearchName => SearchText.Fold($"{Surname} {GivenNames}");
}

/// <summary>Text folded for a search that ignores case and accents: "Müller-Schmit  Élise" → "muller-schmit elise".</summary>
public static class SearchText
{
    // Latin letters with diacritics (U+00C0–U+024F) and their base letters, from Unicode's compatibility decomposition
    // (the host runs with invariant globalization, where string.Normalize leaves them as they are).
    private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĲĳĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǄǅǆǇǈǉǊǋǌǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǱǲǳǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ";
    private const string Bases = "a|a|a|a|a|a|c|e|e|e|e|i|i|i|i|n|o|o|o|o|o|u|u|u|u|y|a|a|a|a|a|a|c|e|e|e|e|i|i|i|i|n|o|o|o|o|o|u|u|u|u|y|y|a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|e|e|e|e|e|e|e|e|e|e|g|g|g|g|g|g|g|g|h|h|i|i|i|i|i|i|i|i|i|ij|ij|j|j|k|k|l|l|l|l|l|l|n|n|n|n|n|n|o|o|o|o|o|o|r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|u|u|u|u|u|u|u|u|u|u|u|u|w|w|y|y|y|z|z|z|z|z|z|s|o|o|u|u|dz|dz|dz|lj|lj|lj|nj|nj|nj|a|a|i|i|o|o|u|u|u|u|u|u|u|u|u|u|a|a|a|a|g|g|k|k|o|o|o|o|j|dz|dz|dz|g|g|n|n|a|a|a|a|a|a|e|e|e|e|i|i|i|i|o|o|o|o|r|r|r|r|u|u|u|u|s|s|t|t|h|h|a|a|e|e|o|o|o|o|o|o|o|o|y|y";

    private static readonly FrozenDictionary<char, string> BaseOf =
        Accented.Zip(Bases.Split('|')).ToDictionary(p => p.First, p => p.Second).ToFrozenDictionary();

    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = folded.Length > 0;
                continue;
            }

            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (space)
            {
                folded.Append(' ');
                space = false;
            }

            if (BaseOf.TryGetValue(c, out var letters))
            {
                folded.Append(letters);
                continue;
            }

            switch (c)
            {
                case 'ß': folded.Append("ss"); break;
                case 'æ' or 'Æ': folded.Append("ae"); break;
                case 'œ' or 'Œ': folded.Append("oe"); break;
                case 'ø' or 'Ø': folded.Append('o'); break;
                default: folded.Append(char.ToLowerInvariant(c)); break;
            }
        }

        return folded.ToString();
    }

    /// <summary>The words of a query, folded: a name matches when it contains every one of them.</summary>
    public static string[] Words(string query) => Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
