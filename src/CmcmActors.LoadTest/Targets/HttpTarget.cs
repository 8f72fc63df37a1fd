using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.LoadTest.Targets;

/// <summary>A request the API refused or could not answer; <see cref="Kind"/> is what the errors are counted by.</summary>
public sealed class LoadTargetException(string kind, string message, bool transient = false, TimeSpan? retryAfter = null) : Exception(message)
{
    public string Kind { get; } = kind;

    /// <summary>A failure a retry may cure: the connection was lost or refused, the request timed out, or 502/503/504.</summary>
    public bool Transient { get; } = transient;

    /// <summary>The Retry-After the host answered with, if any.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The HTTP API of one or more hosts, with a bearer token: requests go round-robin over the URLs, one
/// <see cref="HttpClient"/> per URL. A host whose connection fails is skipped for <see cref="DownFor"/> (a killed host
/// does not slow the rest of the burst down); reads are retried on the other hosts, submissions are re-driven by the
/// caller (<see cref="LoadRun"/>), which counts them.
/// </summary>
public sealed class HttpTarget : ILoadTarget
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The kind of a failure to connect at all (the host is down): the request never reached it.</summary>
    public const string ConnectionRefused = "connection refused";

    /// <summary>How long a host whose connection failed is left out of the round.</summary>
    public static readonly TimeSpan DownFor = TimeSpan.FromSeconds(2);

    private readonly HttpClient[] _clients;
    private readonly long[] _downUntil;
    private int _next = -1;

    private HttpTarget(HttpClient[] clients, string token)
    {
        _clients = clients;
        _downUntil = new long[clients.Length];
        Token = token;
    }

    public string Name => $"http ({string.Join(", ", _clients.Select(c => c.BaseAddress))})";

    /// <summary>The bearer token every request (and the hub connections) carries.</summary>
    public string Token { get; }

    public IReadOnlyList<Uri> Urls => [.. _clients.Select(c => c.BaseAddress!)];

    public static async Task<HttpTarget> ConnectAsync(IReadOnlyList<Uri> urls, string? token, int concurrency, CancellationToken cancellationToken, bool import = false)
    {
        var clients = urls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(16, concurrency * 2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(60),
        }).ToArray();
        if (token is null)
        {
            using var response = await clients[0].PostAsJsonAsync("/dev/tokens", new { role = import ? "admin" : "frontdesk", subject = "cmcm-load" }, Json, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST {clients[0].BaseAddress}dev/tokens answered {(int)response.StatusCode} (the host must run in the Development environment, or give --token).");
            }

            token = (await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken))?["token"]?.GetValue<string>()
                ?? throw new InvalidOperationException("POST /dev/tokens answered without a token.");
        }

        foreach (var client in clients)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new HttpTarget(clients, token) { _import = import };
    }

    /// <summary>The next host in the round that is not marked down (any host when all are).</summary>
    private int NextClient()
    {
        var now = Stopwatch.GetTimestamp();
        var index = 0;
        for (var tried = 0; tried < _clients.Length; tried++)
        {
            index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length);
            if (Volatile.Read(ref _downUntil[index]) <= now)
            {
                return index;
            }
        }

        return index;
    }

    /// <summary>Seed by import (<c>--import</c>), with opening balances, instead of enrolment.</summary>
    private bool _import;

    public async Task SeedFamilyAsync(SeededFamily family, int index, CancellationToken cancellationToken)
    {
        if (_import)
        {
            await ImportFamilyAsync(family, index, cancellationToken);
            return;
        }

        var main = family.MemberIds[0];
        var birth = new DateOnly(1960 + (index % 40), 1 + (index % 12), 1 + (index % 28));
        object[] periods = [new { from = "2005-01-01" }];
        var enrolled = await SendAsync(HttpMethod.Post, "/api/families", new
        {
            familyId = family.FamilyId,
            mainMemberId = main,
            mainBirthDate = Date(birth),
            applicationReceived = "2025-12-10",
            level = Level(family.Level),
            reason = "firstTime",
            eligibility = new { memberOfRecognisedMutual = true, paysMutualityFamilyContribution = false, insurance = "luxembourgFund", domicileCountry = "LU" },
            statutoryPeriods = periods,
        }, cancellationToken, allowConflict: true);
        if (enrolled is null)
        {
            return; // already enrolled: seeded by an earlier run with the same run id
        }

        for (var i = 1; i < family.MemberIds.Count; i++)
        {
            var child = i != 1;
            var childBirth = child ? new DateOnly(2010 + (index + i) % 14, 3, 1) : birth.AddYears(2);
            await SendAsync(HttpMethod.Post, $"/api/families/{family.FamilyId}/members", new
            {
                memberId = family.MemberIds[i],
                kind = child ? "child" : "spouseOrPartner",
                birthDate = Date(childBirth),
                coInsuredWithMainAffiliate = true,
                addedOn = "2025-12-10",
                statutoryPeriods = periods,
            }, cancellationToken);
        }

        await SendAsync(HttpMethod.Post, $"/api/families/{family.FamilyId}/payments", new { year = 2026, amount = 250m, paidOn = "2025-12-15" }, cancellationToken);
    }

    /// <summary>
    /// The family as the import files would hold it (the same roster, level, payment and cover as an enrolment), and for
    /// each member an opening balance of RC.DIET for 2026 (€10 to €60): the burst's dietitian claims then meet caps
    /// partly used before, and the audit checks that claims and opening balance add up to the accumulator.
    /// </summary>
    private async Task ImportFamilyAsync(SeededFamily family, int index, CancellationToken cancellationToken)
    {
        static JsonObject Row(params (string Column, string Value)[] fields)
        {
            var values = new JsonObject();
            foreach (var (column, value) in fields)
            {
                values[column] = value;
            }

            return new JsonObject { ["line"] = 2, ["fields"] = values };
        }

        var birth = new DateOnly(1960 + (index % 40), 1 + (index % 12), 1 + (index % 28));
        JsonArray members = [], periods = [], balances = [];
        for (var i = 0; i < family.MemberIds.Count; i++)
        {
            var child = i > 1;
            var memberBirth = i == 0 ? birth : child ? new DateOnly(2010 + (index + i) % 14, 3, 1) : birth.AddYears(2);
            var number = Domain.Import.SyntheticNationalNumbers.For(memberBirth, (index / 3 * 4 + i) % 1000);
            var row = Row(("family_id", family.FamilyId), ("member_id", family.MemberIds[i]), ("kind", i == 0 ? "mainAffiliate" : child ? "child" : "spouseOrPartner"),
                ("surname", "Load"), ("given_names", "Test"), ("birth_date", Date(memberBirth)), ("national_number", number),
                ("added_on", i == 0 ? "2025-12-10" : Date(memberBirth > new DateOnly(2025, 12, 10) ? memberBirth : new DateOnly(2025, 12, 10))));
            row["line"] = members.Count + 2;
            members.Add(row);
            var period = Row(("member_id", family.MemberIds[i]), ("from", "2005-01-01"));
            period["line"] = periods.Count + 2;
            periods.Add(period);
            var balance = Row(("scope", "member"), ("owner_id", family.MemberIds[i]), ("cap_id", "RC.DIET/year"), ("period", "year"), ("year", "2026"),
                ("paid", (10 + (index + i) % 51).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
            balance["line"] = balances.Count + 2;
            balances.Add(balance);
        }

        var body = new JsonObject
        {
            ["families"] = new JsonArray(Row(("family_id", family.FamilyId), ("applied_on", "2025-12-10"))),
            ["members"] = members,
            ["tiers"] = new JsonArray(Row(("family_id", family.FamilyId), ("start", "2026-01-01"), ("level", Level(family.Level)))),
            ["contributions"] = new JsonArray(Row(("family_id", family.FamilyId), ("year", "2026"), ("amount", "250.00"), ("paid_on", "2025-12-15"))),
            ["statutoryPeriods"] = periods,
            ["balances"] = balances,
        };
        var answer = await SendAsync(HttpMethod.Post, "/api/admin/imports/families", body, cancellationToken)
            ?? throw new LoadTargetException("empty-response", "POST /api/admin/imports/families answered without a body.");
        if (answer["refused"]!.AsArray().Count > 0)
        {
            throw new InvalidOperationException($"Seeding {family.FamilyId} by import: {answer["refused"]!.ToJsonString()}");
        }
    }

    public async Task<SubmitOutcome> SubmitAsync(ClaimSubmission submission, CancellationToken cancellationToken)
    {
        var body = new
        {
            familyId = submission.FamilyId,
            memberId = submission.MemberId,
            invoiceReference = submission.InvoiceReference,
            channel = submission.Channel.ToString().ToLowerInvariant(),
            receivedOn = Date(submission.ReceivedOn),
            lines = submission.Lines.Select(LineBody).ToArray(),
        };
        var record = await SendAsync(HttpMethod.Post, "/api/claims", body, cancellationToken) ?? throw new LoadTargetException("empty-response", "POST /api/claims answered without a body.");
        return new SubmitOutcome(record["claimId"]!.GetValue<string>(), Status(record["status"]!.GetValue<string>()), record["totalPaid"]!.GetValue<decimal>());
    }

    public Task<SubmitOutcome> ReverseAsync(ClaimSubmission claim, string reason, CancellationToken cancellationToken) =>
        ClaimCommandAsync(claim, "reversal", new { reason }, cancellationToken);

    public Task<SubmitOutcome> CorrectAsync(ClaimSubmission claim, IReadOnlyList<ClaimLine> lines, string reason, CancellationToken cancellationToken) =>
        ClaimCommandAsync(claim, "correction", new { reason, lines = lines.Select(LineBody).ToArray() }, cancellationToken);

    private async Task<SubmitOutcome> ClaimCommandAsync(ClaimSubmission claim, string command, object body, CancellationToken cancellationToken)
    {
        var path = $"/api/claims/{Uri.EscapeDataString(claim.MemberId)}/{Uri.EscapeDataString(claim.InvoiceReference)}/{command}";
        var record = await SendAsync(HttpMethod.Post, path, body, cancellationToken) ?? throw new LoadTargetException("empty-response", $"POST {path} answered without a body.");
        return new SubmitOutcome(record["claimId"]!.GetValue<string>(), Status(record["status"]!.GetValue<string>()), record["totalPaid"]!.GetValue<decimal>());
    }

    /// <summary>The status of one claim as the API reads it now (how a page catches up after a reconnect).</summary>
    public async Task<string> ClaimStatusAsync(ClaimSubmission submission, CancellationToken cancellationToken)
    {
        var record = await ReadAsync<JsonObject>($"/api/claims/{Uri.EscapeDataString(submission.MemberId)}/{Uri.EscapeDataString(submission.InvoiceReference)}", cancellationToken);
        return record?["status"]?.GetValue<string>() ?? throw new LoadTargetException("empty-response", "GET /api/claims answered without a status.");
    }

    public async Task<IReadOnlyList<AuditClaim>> ClaimsOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken)
    {
        var claims = await GetAllPagesAsync($"/api/families/{familyId}/members/{memberId}/claims?limit=500", cancellationToken);
        return [.. claims.Select(c => new AuditClaim(c!["claimId"]!.GetValue<string>(), Status(c["status"]!.GetValue<string>()), Cents(c["totalPaid"]), MemberChanges(c)))];
    }

    public async Task<IReadOnlyList<CapMovement>> AuditOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken)
    {
        var movements = await GetArrayAsync($"/api/families/{familyId}/members/{memberId}/audit", cancellationToken);
        return [.. movements.Select(m => new CapMovement(m!["claimId"]!.GetValue<string>(), m["key"]!.GetValue<string>(), Money(m["before"])!.Value, Money(m["after"])!.Value,
            m["unitsBefore"]!.GetValue<int>(), m["unitsAfter"]!.GetValue<int>(), m["at"]!.GetValue<DateTimeOffset>(), m["reversal"]!.GetValue<bool>()))];
    }

    public async Task<IReadOnlyList<CapUsage>> CapsOfMemberAsync(string familyId, string memberId, int year, CancellationToken cancellationToken)
    {
        var caps = await GetArrayAsync($"/api/families/{familyId}/members/{memberId}/caps?year={year}", cancellationToken);
        return [.. caps.Select(c => new CapUsage(c!["capId"]!.GetValue<string>(), [.. c["benefitCodes"]!.AsArray().Select(b => b!.GetValue<string>())],
            c["description"]?.GetValue<string>() ?? "", c["key"]!.GetValue<string>(), Money(c["limit"]), Money(c["used"])!.Value, Money(c["remaining"]),
            c["unitsLimit"]?.GetValue<int>(), c["unitsUsed"]!.GetValue<int>()) { Opening = Money(c["openingBalance"]) })];
    }

    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The member-scoped cap changes of a decided claim: every payment moves each accumulating cap it went through by its amount.</summary>
    private static List<AuditChange> MemberChanges(JsonNode claim)
    {
        var changes = new List<AuditChange>();
        foreach (var line in claim["lines"]?.AsArray() ?? [])
        {
            foreach (var payment in line?["payments"]?.AsArray() ?? [])
            {
                var paid = Cents(payment?["amount"]);
                if (paid <= 0)
                {
                    continue;
                }

                foreach (var cap in payment!["caps"]?.AsArray() ?? [])
                {
                    if (cap?["key"]?.GetValue<string>() is { } key && key.StartsWith("member:", StringComparison.Ordinal))
                    {
                        changes.Add(new AuditChange(key, paid));
                    }
                }
            }
        }

        return changes;
    }

    private async Task<JsonArray> GetArrayAsync(string path, CancellationToken cancellationToken) =>
        await ReadAsync<JsonArray>(path, cancellationToken) ?? [];

    /// <summary>Every page of a paged list, following the answers' <c>Link: &lt;…&gt;; rel="next"</c>.</summary>
    private async Task<JsonArray> GetAllPagesAsync(string path, CancellationToken cancellationToken)
    {
        var all = new JsonArray();
        for (string? next = path; next is not null;)
        {
            var (page, link) = await ReadPageAsync<JsonArray>(next, cancellationToken);
            foreach (var item in page ?? [])
            {
                all.Add(item?.DeepClone());
            }

            next = link;
        }

        return all;
    }

    /// <summary>A GET, tried on each host in turn (and again after a pause) while the failures are transient.</summary>
    private async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken) => (await ReadPageAsync<T>(path, cancellationToken)).Body;

    private async Task<(T? Body, string? Next)> ReadPageAsync<T>(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await SendOnceAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
                await ThrowUnlessSuccessAsync(response, false, cancellationToken);
                var next = response.Headers.TryGetValues("Link", out var links)
                    ? links.Select(l => System.Text.RegularExpressions.Regex.Match(l, "<([^>]+)>;\\s*rel=\"next\"")).FirstOrDefault(m => m.Success)?.Groups[1].Value
                    : null;
                return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), next);
            }
            catch (LoadTargetException e) when (e.Transient && attempt < 3 * _clients.Length + 3)
            {
                await Task.Delay(e.RetryAfter is { } wait && wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    /// <summary>Sends a JSON body once; null when a 409 was allowed and came back.</summary>
    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, object body, CancellationToken cancellationToken, bool allowConflict = false)
    {
        using var response = await SendOnceAsync(() => new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) }, cancellationToken);
        if (await ThrowUnlessSuccessAsync(response, allowConflict, cancellationToken))
        {
            return null;
        }

        return response.Content.Headers.ContentLength == 0 ? null : await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken);
    }

    /// <summary>One request to the next host; a lost connection or a timeout becomes a transient <see cref="LoadTargetException"/>.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var index = NextClient();
        var client = _clients[index];
        using var request = build();
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            Volatile.Write(ref _downUntil[index], Stopwatch.GetTimestamp() + (long)(DownFor.TotalSeconds * Stopwatch.Frequency));
            var kind = e.HttpRequestError == HttpRequestError.ConnectionError ? ConnectionRefused : $"connection {e.HttpRequestError}";
            throw new LoadTargetException(kind, $"{request.Method} {new Uri(client.BaseAddress!, request.RequestUri!)}: {e.Message}", transient: true);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadTargetException("timeout", $"{request.Method} {new Uri(client.BaseAddress!, request.RequestUri!)}: no answer in {client.Timeout.TotalSeconds} s ({e.Message})", transient: true);
        }
    }

    private static async Task<bool> ThrowUnlessSuccessAsync(HttpResponseMessage response, bool allowConflict, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return false;
        }

        if (allowConflict && response.StatusCode == HttpStatusCode.Conflict)
        {
            return true;
        }

        string? title = null, detail = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken);
            title = problem?["title"]?.GetValue<string>();
            detail = problem?["detail"]?.GetValue<string>() ?? problem?["errors"]?.ToJsonString();
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
        }

        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var kind = title is null ? $"HTTP {status}" : $"HTTP {status} {title}";
        if (status == 503 && retryAfter is null)
        {
            kind += " (without Retry-After)";
        }

        throw new LoadTargetException(kind, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {kind}: {detail}", transient: status is 502 or 503 or 504, retryAfter);
    }

    private static object LineBody(ClaimLine line) => new
    {
        benefitCode = line.BenefitCode,
        dateOfCare = Date(line.DateOfCare),
        invoiced = line.Invoiced.Euros,
        statutoryReimbursement = line.StatutoryReimbursement.Euros,
        officialTariff = line.OfficialTariff?.Euros,
        units = line.Units == 1 ? (int?)null : line.Units,
        element = line.Element,
        countryOfCare = line.CountryOfCare == "LU" ? null : line.CountryOfCare,
        authorised = line.Authorised,
        serious = line.Serious,
        programmeCompleted = line.ProgrammeCompleted,
        circumstances = line.Circumstances,
        documents = line.Documents,
        incidentId = line.IncidentId,
        tripId = line.TripId,
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Level(CoverageLevel level) => level.ToString().Replace('_', '+');

    private static ClaimStatus Status(string status) =>
        Enum.TryParse<ClaimStatus>(status, true, out var s) ? s : throw new LoadTargetException("unknown-status", $"Unknown claim status {status}.");

    private static long Cents(JsonNode? euros) => euros is null ? 0 : (long)Math.Round(euros.GetValue<decimal>() * 100m, MidpointRounding.AwayFromZero);

    private static M? Money(JsonNode? euros) => euros is null ? null : M.FromEuros(euros.GetValue<decimal>());
}
