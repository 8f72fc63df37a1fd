namespace CmcmActors.Cli.Reports;

internal sealed record TextColumn(string Header, bool AlignRight = false);

/// <summary>A fixed-width table: each column as wide as its widest cell, two spaces between columns.</summary>
internal sealed class TextTable(params TextColumn[] columns)
{
    private const string Gap = "  ";

    private abstract record Row;

    private sealed record Cells(string[] Values) : Row;

    private sealed record Rule : Row;

    /// <summary>A line of free text across the table; it does not widen the columns.</summary>
    private sealed record Text(string Value) : Row;

    private readonly List<Row> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"Expected {columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(new Cells(cells));
    }

    public void AddRule() => _rows.Add(new Rule());

    public void AddText(string text) => _rows.Add(new Text(text));

    public void Write(TextWriter output)
    {
        var widths = columns.Select(c => c.Header.Length).ToArray();
        foreach (var row in _rows.OfType<Cells>())
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row.Values[i].Length);
            }
        }

        var ruleLine = string.Join(Gap, widths.Select(w => new string('-', w)));
        output.WriteLine(Format(columns.Select(c => c.Header).ToArray(), widths));
        output.WriteLine(ruleLine);
        foreach (var row in _rows)
        {
            output.WriteLine(row switch
            {
                Cells cells => Format(cells.Values, widths),
                Text text => text.Value,
                _ => ruleLine,
            });
        }
    }

    private string Format(string[] values, int[] widths) =>
        string.Join(Gap, values.Select((v, i) => columns[i].AlignRight ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd();
}
