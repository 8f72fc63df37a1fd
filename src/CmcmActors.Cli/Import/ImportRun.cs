using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Import;

namespace CmcmActors.Cli.Import;

/// <summary>
/// <c>cmcm import</c>: reads the files, checks every row (the report names each bad one), and sends the good families to
/// a running host in batches (<c>POST /api/admin/imports/families</c>), several batches at once. Each answered batch's
/// families are appended to a progress file, so a run cut off half way starts again after them; a family sent twice is
/// answered "already imported" and nothing changes.
/// </summary>
internal static class ImportRun
{
    internal sealed record Options(string Directory, string? Url, string? Token, int BatchSize, int Parallel, string Progress, string Report, bool CheckOnly);

    public static async Task<int> RunAsync(Options options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var (rows, fileErrors) = ImportFileReader.ReadDirectory(options.Directory);
        var read = watch.Elapsed;
        var check = FamilyImportCheck.Check(rows, CatalogueSet.BuiltIn);
        var errors = fileErrors.Concat(check.Errors).ToList();
        stdout.WriteLine($"checked {rows.Families.Count:N0} families, {rows.Members.Count:N0} members, {rows.Balances.Count:N0} opening balances (read {read.TotalSeconds:0.0} s, checked {(watch.Elapsed - read).TotalSeconds:0.0} s): "
            + $"{check.Families.Count:N0} families ready, {check.Refused.Count:N0} refused ({errors.Count:N0} bad rows)");
        if (options.CheckOnly || options.Url is null)
        {
            WriteReport(options.Report, errors, []);
            return errors.Count == 0 ? CmcmCommandLine.Success : Refusals;
        }

        var done = File.Exists(options.Progress) ? new HashSet<string>(await File.ReadAllLinesAsync(options.Progress, cancellationToken), StringComparer.Ordinal) : [];
        var todo = check.Families.Where(f => !done.Contains(f.FamilyId)).Select(f => f.FamilyId).ToHashSet(StringComparer.Ordinal);
        if (done.Count > 0)
        {
            stdout.WriteLine($"{options.Progress}: {done.Count:N0} families done by an earlier run; {todo.Count:N0} to go");
        }

        var batches = new RowBatches(rows, todo).Batches(options.BatchSize);
        using var http = new HttpClient { BaseAddress = new Uri(options.Url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        var refused = new List<string>();
        var (imported, already, sent) = (0, 0, 0);
        await using var progress = new StreamWriter(options.Progress, append: true);
        var sendWatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            var (response, text) = await SendAsync(http, batch.Body, ct);
            using var _ = response;
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                // The host's catalogue refused a row the built-in one took: report the batch, import the rest.
                lock (refused)
                {
                    refused.Add($"a batch of {batch.FamilyIds.Count} families ({batch.FamilyIds[0]} …) refused by the host: {text}");
                }

                return;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST /api/admin/imports/families answered {(int)response.StatusCode}: {text}");
            }

            var answer = JsonNode.Parse(text)!;
            lock (refused)
            {
                imported += answer["imported"]!.AsArray().Count;
                already += answer["alreadyImported"]!.AsArray().Count;
                foreach (var r in answer["refused"]!.AsArray())
                {
                    refused.Add($"{r!["familyId"]}: {r["code"]} ({r["field"]}): {r["message"]}");
                }

                foreach (var id in batch.FamilyIds)
                {
                    progress.WriteLine(id);
                }

                progress.Flush();
                sent += batch.FamilyIds.Count;
                if (sent / 10_000 != (sent - batch.FamilyIds.Count) / 10_000)
                {
                    stdout.WriteLine($"  {sent:N0}/{todo.Count:N0} families, {sent / sendWatch.Elapsed.TotalSeconds:N0} families/s");
                }
            }
        });

        WriteReport(options.Report, errors, refused);
        stdout.WriteLine($"imported {imported:N0} families ({already:N0} already imported, {refused.Count:N0} refused by the cluster) in {sendWatch.Elapsed.TotalSeconds:0.0} s; "
            + $"{todo.Count / Math.Max(sendWatch.Elapsed.TotalSeconds, 0.001):N0} families/s; files to ready {watch.Elapsed.TotalSeconds:0.0} s");
        stdout.WriteLine($"report: {options.Report}");
        return errors.Count == 0 && refused.Count == 0 ? CmcmCommandLine.Success : Refusals;
    }

    /// <summary>
    /// Sends a batch; a 503 (storage or the cluster busy) is sent again after its Retry-After, up to five times: a batch
    /// sent again changes nothing that was imported.
    /// </summary>
    private static async Task<(HttpResponseMessage Response, string Text)> SendAsync(HttpClient http, JsonObject body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await http.PostAsync("api/admin/imports/families", JsonContent.Create(body), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                return (response, text);
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    /// <summary>Some families were refused (bad rows, or by the cluster): the report names them; the others are imported.</summary>
    public const int Refusals = 3;

    private static void WriteReport(string path, List<ImportError> errors, List<string> refused)
    {
        using var report = new StreamWriter(path);
        report.WriteLine($"# cmcm import: {errors.Count} bad rows, {refused.Count} families refused by the cluster");
        foreach (var error in errors)
        {
            report.WriteLine(error.ToString());
        }

        foreach (var line in refused)
        {
            report.WriteLine(line);
        }
    }

    /// <summary>The rows of each family, gathered into request bodies of whole families.</summary>
    private sealed class RowBatches(ImportRowSet rows, HashSet<string> families)
    {
        public sealed record Batch(IReadOnlyList<string> FamilyIds, JsonObject Body);

        public IEnumerable<Batch> Batches(int size)
        {
            var memberFamily = rows.Members.Where(r => r["member_id"] is not null && r["family_id"] is not null)
                .GroupBy(r => r["member_id"]!).ToDictionary(g => g.Key, g => g.First()["family_id"]!, StringComparer.Ordinal);
            var byFamily = new Dictionary<string, List<(string Name, ImportRow Row)>>(StringComparer.Ordinal);
            void Add(string name, ImportRow row, string? familyId)
            {
                if (familyId is not null && families.Contains(familyId))
                {
                    (byFamily.TryGetValue(familyId, out var list) ? list : byFamily[familyId] = []).Add((name, row));
                }
            }

            foreach (var r in rows.Families) { Add("families", r, r["family_id"]); }
            foreach (var r in rows.Members) { Add("members", r, r["family_id"]); }
            foreach (var r in rows.Tiers) { Add("tiers", r, r["family_id"]); }
            foreach (var r in rows.Contributions) { Add("contributions", r, r["family_id"]); }
            foreach (var r in rows.StatutoryPeriods) { Add("statutoryPeriods", r, r["member_id"] is { } m ? memberFamily.GetValueOrDefault(m) : null); }
            foreach (var r in rows.Balances) { Add("balances", r, r["scope"] == "family" ? r["owner_id"] : r["owner_id"] is { } o ? memberFamily.GetValueOrDefault(o) : null); }

            foreach (var chunk in byFamily.Chunk(size))
            {
                var body = new JsonObject();
                foreach (var (name, row) in chunk.SelectMany(f => f.Value))
                {
                    var fields = new JsonObject();
                    foreach (var (column, value) in row.Fields.Where(f => f.Value is not null))
                    {
                        fields[column] = value;
                    }

                    ((body[name] ??= new JsonArray()) as JsonArray)!.Add(new JsonObject { ["line"] = row.Line, ["fields"] = fields });
                }

                yield return new Batch([.. chunk.Select(f => f.Key)], body);
            }
        }
    }
}
