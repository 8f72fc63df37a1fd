using System.Net;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace CmcmActors.Host.Tests.MemberSpace;

/// <summary>
/// Reads a PDF answer back with PdfPig, as the lines a member reads: letters of one baseline in order, with " | " where
/// a wide gap separates a label from its amount on the right.
/// </summary>
public static class StatementPdfs
{
    public const char Nbsp = '\u00a0';

    public static async Task<IReadOnlyList<string>> PdfLinesAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var document = PdfDocument.Open(bytes);
        return [.. document.GetPages().SelectMany(Lines)];
    }

    /// <summary>The amounts at the right of the rows, top to bottom.</summary>
    public static IReadOnlyList<string> Amounts(IReadOnlyList<string> lines) =>
        [.. lines.Where(l => l.Contains(" | ", StringComparison.Ordinal)).Select(l => l[(l.LastIndexOf(" | ", StringComparison.Ordinal) + 3)..])];

    public static string Text(IReadOnlyList<string> lines) => string.Join("\n", lines);


    private static IEnumerable<string> Lines(Page page) =>
        page.Letters
            .GroupBy(l => Math.Round(l.StartBaseLine.Y))
            .OrderByDescending(g => g.Key)
            .Select(g =>
            {
                var line = new StringBuilder();
                Letter? previous = null;
                foreach (var letter in g.OrderBy(l => l.StartBaseLine.X))
                {
                    var gap = previous is null ? 0 : letter.StartBaseLine.X - previous.EndBaseLine.X;
                    if (gap > 12)
                    {
                        line.Append(" | ");
                    }
                    else if (gap > 1.5 && letter.Value != " " && previous!.Value != " " && letter.Value != "\u00a0" && previous.Value != "\u00a0")
                    {
                        line.Append(' ');
                    }

                    line.Append(letter.Value);
                    previous = letter;
                }

                // DejaVu draws the no-break space with the space's glyph, so the text read back has a space there
                // (PageWordsTests check the no-break spaces of the amounts themselves).
                return line.Replace(Nbsp, ' ').ToString();
            });
}
