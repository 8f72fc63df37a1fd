using PdfSharp.Fonts;

namespace CmcmActors.Host.MemberSpace;

/// <summary>
/// PDFsharp 6 finds no system fonts on Linux: it asks this resolver, which serves DejaVu Sans from the host's own
/// assembly (Fonts/DejaVuSans.ttf, Bitstream Vera licence, in Fonts/DejaVuSans-LICENSE.txt: free to embed and
/// redistribute). It covers every letter of French, German and English and the euro sign; bold is simulated, which
/// keeps one font file in the repository. PDFsharp embeds only the glyphs a document uses.
/// </summary>
public sealed class StatementFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Face = "DejaVuSans";

    private static readonly Lock InstallLock = new();
    private static readonly StatementFonts Instance = new();
    private static bool _installed;

    private readonly Lazy<byte[]> _regular = new(() =>
    {
        using var stream = typeof(StatementFonts).Assembly.GetManifestResourceStream("CmcmActors.Host.MemberSpace.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The statement font is missing from the host's assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>Installs the resolver once per process (PDFsharp's setting is global and may be set only once).</summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = Instance;
                _installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(Face, bold, italic) : null;

    public byte[]? GetFont(string faceName) => faceName == Face ? _regular.Value : null;
}
