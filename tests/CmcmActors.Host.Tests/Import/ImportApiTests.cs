using System.Net;
using System.Text.Json.Nodes;
using CmcmActors.Domain.Import;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Import;

/// <summary>POST /api/admin/imports/families on a host: the cases, run on memory and on PostgreSQL.</summary>
public static class ImportApiCases
{
    private static int _serial;

    public static async Task ImportedBalanceOf80_NextClaimPays20_AndTheCapsSayWhatWasOpening(HostFixture host)
    {
        var admin = host.CreateClient(TestUser.Admin);
        var (familyId, memberId) = (NewId("F"), NewId("M"));

        var answer = await (await admin.PostJsonAsync("/api/admin/imports/families", Batch(familyId, memberId, "80.00"))).JsonAsync(HttpStatusCode.OK);
        var claim = await (await host.CreateClient(TestUser.FrontDesk).PostJsonAsync("/api/claims", new
        {
            familyId, memberId, invoiceReference = "INV-1", channel = "app",
            lines = new[] { new { benefitCode = "RC.DIET", dateOfCare = Care, invoiced = 50m, statutoryReimbursement = 0m, authorised = true } },
        })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal([familyId], answer["imported"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(("partiallyApproved", 20m), ((string?)claim["status"], (decimal)claim["totalPaid"]!));
        var caps = (await admin.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2026")).AsArray();
        var diet = caps.Single(c => (string?)c!["capId"] == "RC.DIET/year")!;
        Assert.Equal((100m, 80m, 0m), ((decimal)diet["used"]!, (decimal)diet["openingBalance"]!, (decimal)diet["remaining"]!));
    }

    public static async Task SameBatchTwice_SecondChangesNothing(HostFixture host)
    {
        var admin = host.CreateClient(TestUser.Admin);
        var (familyId, memberId) = (NewId("F"), NewId("M"));
        var batch = Batch(familyId, memberId, "80.00");

        await (await admin.PostJsonAsync("/api/admin/imports/families", batch)).JsonAsync(HttpStatusCode.OK);
        var again = await (await admin.PostJsonAsync("/api/admin/imports/families", batch)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([familyId], again["alreadyImported"]!.AsArray().Select(f => (string?)f));
        var caps = (await admin.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2026")).AsArray();
        Assert.Equal(80m, (decimal)caps.Single(c => (string?)c!["capId"] == "RC.DIET/year")!["used"]!);
    }

    public static async Task BalanceOverItsCap_400NamingFileLineAndColumn_NothingImported(HostFixture host)
    {
        var admin = host.CreateClient(TestUser.Admin);
        var (familyId, memberId) = (NewId("F"), NewId("M"));

        var messages = await (await admin.PostJsonAsync("/api/admin/imports/families", Batch(familyId, memberId, "100.01")))
            .ProblemAsync(HttpStatusCode.BadRequest, "balances.csv:2:paid");

        Assert.Equal(["The balance €100.01 is over the cap of €100.00."], messages);
        await admin.GetJsonAsync($"/api/families/{familyId}", HttpStatusCode.NotFound);
    }

    /// <summary>One family: its main affiliate, RC+PP+DO since 2015, 2026 paid, covered since 1990, RC.DIET 2026 used as <paramref name="dietUsed"/>.</summary>
    private static JsonObject Batch(string familyId, string memberId, string dietUsed) => new()
    {
        ["families"] = Rows(Row(2, ("family_id", familyId), ("applied_on", "2015-01-20"))),
        ["members"] = Rows(Row(2, ("family_id", familyId), ("member_id", memberId), ("kind", "mainAffiliate"), ("surname", "Weber"), ("given_names", "Marie"),
            ("birth_date", "1975-06-30"), ("national_number", SyntheticNationalNumbers.For(new DateOnly(1975, 6, 30), Interlocked.Increment(ref _serial))))),
        ["tiers"] = Rows(Row(2, ("family_id", familyId), ("start", "2015-02-01"), ("level", "RC+PP+DO"))),
        ["contributions"] = Rows(Row(2, ("family_id", familyId), ("year", "2026"), ("amount", "250.00"), ("paid_on", "2026-01-15"))),
        ["statutoryPeriods"] = Rows(Row(2, ("member_id", memberId), ("from", "1990-01-01"))),
        ["balances"] = Rows(Row(2, ("scope", "member"), ("owner_id", memberId), ("cap_id", "RC.DIET/year"), ("period", "year"), ("year", "2026"), ("paid", dietUsed))),
    };

    private static JsonArray Rows(params JsonObject[] rows) => [.. rows];

    private static JsonObject Row(int line, params (string Column, string Value)[] fields)
    {
        var values = new JsonObject();
        foreach (var (column, value) in fields)
        {
            values[column] = value;
        }

        return new JsonObject { ["line"] = line, ["fields"] = values };
    }
}

[Collection(HostCollection.Name)]
public sealed class ImportApiTests(HostFixture host)
{
    [Fact]
    public Task ImportedBalanceOf80_NextClaimPays20_AndTheCapsSayWhatWasOpening() => ImportApiCases.ImportedBalanceOf80_NextClaimPays20_AndTheCapsSayWhatWasOpening(host);

    [Fact]
    public Task SameBatchTwice_SecondChangesNothing() => ImportApiCases.SameBatchTwice_SecondChangesNothing(host);

    [Fact]
    public Task BalanceOverItsCap_400NamingFileLineAndColumn_NothingImported() => ImportApiCases.BalanceOverItsCap_400NamingFileLineAndColumn_NothingImported(host);
}

[Collection(PostgresHostCollection.Name)]
public sealed class ImportApiOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [InlineData("import")]
    public Task ImportedBalanceOf80_NextClaimPays20_AndTheCapsSayWhatWasOpening(string _) =>
        ImportApiCases.ImportedBalanceOf80_NextClaimPays20_AndTheCapsSayWhatWasOpening(postgres.Host!);

    [PostgresTheory]
    [InlineData("again")]
    public Task SameBatchTwice_SecondChangesNothing(string _) => ImportApiCases.SameBatchTwice_SecondChangesNothing(postgres.Host!);
}
