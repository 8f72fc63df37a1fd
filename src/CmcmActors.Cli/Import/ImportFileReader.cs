using System.Collections;
using System.Globalization;
using CmcmActors.Domain.Import;
using CsvHelper;

namespace CmcmActors.Cli.Import;

/// <summary>
/// Reads the import files of a directory (docs/import.md) with CsvHelper: comma-separated, a header line naming the
/// columns, UTF-8. A file that is missing is read as empty (an import without opening balances has no balances.csv), a
/// header naming an unknown column or missing a required one is an error naming the file, line 1 and the column.
/// </summary>
internal static class ImportFileReader
{
    public static (ImportRowSet Rows, IReadOnlyList<ImportError> Errors) ReadDirectory(string directory)
    {
        var errors = new List<ImportError>();
        var files = ImportFiles.All.Select(f => Read(Path.Combine(directory, f.File), f.File, f.Columns, errors)).ToArray();
        return (new ImportRowSet(files[0], files[1], files[2], files[3], files[4], files[5]), errors);
    }

    private static List<ImportRow> Read(string path, string file, IReadOnlyList<string> columns, List<ImportError> errors)
    {
        var rows = new List<ImportRow>();
        if (!File.Exists(path))
        {
            if (file is ImportFiles.Families or ImportFiles.Members or ImportFiles.Tiers)
            {
                errors.Add(new ImportError(file, 0, "file", $"{path} is missing."));
            }

            return rows;
        }

        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { TrackLineNumbers = true, TrimWhitespace = true });
        var header = csv.Headers.ToArray();
        if (header.Length == 0)
        {
            errors.Add(new ImportError(file, 1, "header", "The file has no header line."));
            return rows;
        }

        var bad = false;
        foreach (var unknown in header.Where(h => !columns.Contains(h)))
        {
            errors.Add(new ImportError(file, 1, unknown, $"Unknown column: {file} has the columns {string.Join(", ", columns)}."));
            bad = true;
        }

        if (bad)
        {
            return rows;
        }

        var index = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        while (csv.Read())
        {
            var values = new string?[header.Length];
            for (var i = 0; i < header.Length && i < csv.FieldCount; i++)
            {
                var value = csv.GetString(i);
                values[i] = value.Length == 0 ? null : value;
            }

            rows.Add(new ImportRow(file, (int)csv.LineNumber, new RowFields(index, values)));
        }

        return rows;
    }

    /// <summary>A row's fields over the file's shared column index: 280,000 members stay a few arrays, not dictionaries.</summary>
    private sealed class RowFields(Dictionary<string, int> index, string?[] values) : IReadOnlyDictionary<string, string?>
    {
        public string? this[string key] => index.TryGetValue(key, out var i) ? values[i] : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => index.Keys;

        public IEnumerable<string?> Values => index.Values.Select(i => values[i]);

        public int Count => index.Count;

        public bool ContainsKey(string key) => index.ContainsKey(key);

        public bool TryGetValue(string key, out string? value)
        {
            var found = index.TryGetValue(key, out var i);
            value = found ? values[i] : null;
            return found;
        }

        public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
            index.Select(c => new KeyValuePair<string, string?>(c.Key, values[c.Value])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
