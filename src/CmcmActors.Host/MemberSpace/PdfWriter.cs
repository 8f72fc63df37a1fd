using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CmcmActors.Host.MemberSpace;

/// <summary>
/// A4 pages written top to bottom: paragraphs wrapped at the margins, label–amount rows with the amount aligned right,
/// a new page when the current one is full. Just what a statement and a certificate need.
/// </summary>
internal sealed class PdfWriter : IDisposable
{
    private const double Margin = 50;
    private const double Size = 10;

    private readonly PdfDocument _document = new();
    private readonly XFont _regular;
    private readonly XFont _bold;
    private readonly XFont _title;
    private XGraphics _graphics = null!;
    private PdfPage _page = null!;
    private double _y;

    public PdfWriter(string title)
    {
        // Before the first font: PDFsharp asks its resolver once, when a font is first made.
        StatementFonts.Install();
        _regular = new XFont(StatementFonts.Family, Size, XFontStyleEx.Regular);
        _bold = new XFont(StatementFonts.Family, Size, XFontStyleEx.Bold);
        _title = new XFont(StatementFonts.Family, 15, XFontStyleEx.Bold);
        _document.Info.Title = title;
        _document.Info.Creator = "CmcmActors";
        NewPage();
    }

    private double Width => _page.Width.Point - 2 * Margin;

    public void Title(string text)
    {
        Room(30);
        _graphics.DrawString(text, _title, XBrushes.Black, new XPoint(Margin, _y + 15));
        _y += 26;
    }

    public void Paragraph(string text, bool bold = false, double indent = 0)
    {
        var font = bold ? _bold : _regular;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Room(14);
            _graphics.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, _y + Size));
            _y += 14;
        }
    }

    /// <summary>A label on the left and an amount on the right of the same line.</summary>
    public void Row(string label, string amount, bool bold = false, double indent = 0)
    {
        var font = bold ? _bold : _regular;
        var amountWidth = _graphics.MeasureString(amount, font).Width;
        var lines = Wrap(label, font, Width - indent - amountWidth - 12);
        for (var i = 0; i < lines.Count; i++)
        {
            Room(14);
            _graphics.DrawString(lines[i], font, XBrushes.Black, new XPoint(Margin + indent, _y + Size));
            if (i == 0)
            {
                _graphics.DrawString(amount, font, XBrushes.Black, new XPoint(Margin + Width - amountWidth, _y + Size));
            }

            _y += 14;
        }
    }

    public void Rule()
    {
        Room(10);
        _graphics.DrawLine(XPens.Gray, Margin, _y + 4, Margin + Width, _y + 4);
        _y += 10;
    }

    public void Space(double points = 8) => _y += points;

    public byte[] ToBytes()
    {
        _graphics.Dispose();
        using var stream = new MemoryStream();
        _document.Save(stream, false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _graphics.Dispose();
        _document.Dispose();
    }

    private void Room(double height)
    {
        if (_y + height > _page.Height.Point - Margin)
        {
            _graphics.Dispose();
            NewPage();
        }
    }

    private void NewPage()
    {
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && _graphics.MeasureString(candidate, font).Width > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        lines.Add(current);
        return lines;
    }
}
