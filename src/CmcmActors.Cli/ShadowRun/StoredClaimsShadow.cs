using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CmcmActors.Cli.Reports;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Cli.ShadowRun;

/// <summary>
/// <c>cmcm shadow</c>: a draft edition shadow-run over the claims stored in a period, either by a running host (its
/// admin API runs the job; this command uploads the draft, follows the job and reads the report) or straight from the
/// database (the same engine, run here). Both print the same report.
/// </summary>
internal static class StoredClaimsShadow
{
    internal sealed record Options(DateOnly From, DateOnly To, string Draft, string? Url, string? Token, string? Postgres, string ServiceId, string Format);

    public static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static async Task<ShadowReport> ViaHostAsync(Options options, string draftJson, TextWriter progress, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = new Uri(options.Url!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        using var upload = await http.PostAsync("api/admin/catalogue/drafts", new StringContent(draftJson, Encoding.UTF8, "application/json"), cancellationToken);
        var draft = await ReadAsync(upload, cancellationToken);
        var draftId = draft.GetProperty("draftId").GetString()!;
        using var start = await http.PostAsync("api/admin/catalogue/shadow-runs", JsonContent(new { draftId, from = options.From, to = options.To }), cancellationToken);
        var runId = (await ReadAsync(start, cancellationToken)).GetProperty("runId").GetString()!;
        while (true)
        {
            using var poll = await http.GetAsync($"api/admin/catalogue/shadow-runs/{runId}", cancellationToken);
            var run = await ReadAsync(poll, cancellationToken);
            var status = run.GetProperty("status").GetString();
            if (status == "completed")
            {
                break;
            }

            if (status != "running")
            {
                throw new ShadowFailedException($"shadow run {runId} {status}: {(run.TryGetProperty("error", out var e) ? e.GetString() : "")}");
            }

            await progress.WriteLineAsync($"shadow run {runId}: {run.GetProperty("done").GetInt32()} of {run.GetProperty("total").GetInt32()} claims");
            await Task.Delay(500, cancellationToken);
        }

        using var report = await http.GetAsync($"api/admin/catalogue/shadow-runs/{runId}/report.json", cancellationToken);
        if (!report.IsSuccessStatusCode)
        {
            await ReadAsync(report, cancellationToken);
        }

        return JsonSerializer.Deserialize<ShadowReport>(await report.Content.ReadAsStringAsync(cancellationToken), ReportJson)!;
    }

    public static async Task<ShadowReport> ViaDatabaseAsync(Options options, CatalogueEdition draft, CancellationToken cancellationToken = default)
    {
        await using var stored = new PostgresStoredClaims(options.Postgres!, options.ServiceId);
        await using var profiles = new PostgresMemberProfiles(options.Postgres!, options.ServiceId);
        await using var store = new PostgresCatalogueStore(options.Postgres!, options.ServiceId);
        var catalogues = Grains.Hosting.CmcmReferenceData.Build(CatalogueSet.BuiltIn, (await store.LoadAsync()).Editions);
        return await Grains.Catalogue.ShadowRun.RunAsync(stored, profiles.ProfileAsync, catalogues, draft, options.From, options.To, PlausibilityLimits.Default,
            cancellationToken: cancellationToken);
    }

    public static void Write(TextWriter output, ShadowReport report, string source)
    {
        output.WriteLine($"Shadow run of draft {report.Draft} over the claims received {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd} ({source})");
        output.WriteLine($"  {report.Claims} claim(s) in the period, {report.Judged.Count} judged, {report.Skipped} not judged (pended, reversed or member unknown); "
            + $"{report.ClaimsChanged} would change.");
        output.WriteLine();
        var totals = new TextTable(new("benefit"), new("tier"), new("paid", true), new("would pay", true), new("difference", true));
        foreach (var total in report.Totals)
        {
            totals.Add(total.Benefit, total.Tier.ToString(), Amount(total.PaidBefore), Amount(total.PaidAfter), Signed(total.Difference));
        }

        totals.AddRule();
        totals.Add("all", "", Amount(report.PaidBefore), Amount(report.PaidAfter), Signed(report.Difference));
        totals.Write(output);

        var changed = report.Judged.Where(c => c.Changed).ToList();
        if (changed.Count > 0)
        {
            output.WriteLine();
            var claims = new TextTable(new("claim"), new("received"), new("edition"), new("outcome"), new("would be"), new("paid", true), new("would pay", true), new("difference", true));
            foreach (var claim in changed)
            {
                claims.Add(claim.ClaimId, $"{claim.ReceivedOn:yyyy-MM-dd}", string.Join(' ', claim.Editions), claim.OutcomeBefore, claim.OutcomeAfter,
                    Amount(claim.PaidBefore), Amount(claim.PaidAfter), Signed(claim.Difference));
            }

            claims.Write(output);
        }

        output.WriteLine();
        output.WriteLine($"Summary: paid {Amount(report.PaidBefore)}, would have paid {Amount(report.PaidAfter)} (difference {Signed(report.Difference)}).");
    }

    private static string Amount(decimal euros) => euros.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Signed(decimal euros) => euros > 0 ? "+" + Amount(euros) : Amount(euros);

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body, ReportJson), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        var detail = text;
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            var errors = problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                ? e.EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(m => $"{f.Name}: {m.GetString()}"))
                : [];
            detail = string.Join("; ", errors.DefaultIfEmpty(problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : problem.GetProperty("title").GetString() ?? ""));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not a problem document: the body as it came.
        }

        throw new ShadowFailedException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {detail}");
    }
}

internal sealed class ShadowFailedException(string message) : Exception(message);
