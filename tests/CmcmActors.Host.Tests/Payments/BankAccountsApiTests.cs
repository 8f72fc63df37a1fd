using System.Net;
using System.Net.Http.Headers;
using CmcmActors.Host.Security;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Payments;

/// <summary>Bank accounts through the API: four eyes, masking, refusals naming the field, a race of ten clerks.</summary>
public abstract class BankAccountsApiCases
{
    protected abstract HostFixture Host { get; }

    /// <summary>A client whose token has its own subject (two clerks of the same role are two people).</summary>
    private HttpClient Staff(string subject, string role = CmcmRoles.FrontDesk)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Host.Services.GetRequiredService<TokenIssuer>().Issue(subject, role, null, null, false, null));
        return client;
    }

    protected async Task TenClerksConfirmOneRequestAtOnce_ExactlyOneConfirms_TheOthersAre409()
    {
        var (familyId, mainId) = await Staff("clerk-setup").EnrolledFamilyAsync();
        var asked = await (await Staff("clerk-asks").PostJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts",
            new { iban = "LU28 0019 4006 4475 0000", holderName = "Jean Dupont" })).JsonAsync(HttpStatusCode.Created);
        var accountId = asked["accountId"].Text();

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(async () =>
        {
            var clerk = Staff($"clerk-{i}", i % 3 == 0 ? CmcmRoles.Finance : CmcmRoles.FrontDesk);
            var response = await clerk.PostAsync($"/api/bank-accounts/{accountId}/confirmation", null);
            return (Subject: $"clerk-{i}", response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a != winner), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var stored = await Staff("clerk-reads").GetJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts");
        var account = Assert.Single(stored["accounts"]!.AsArray())!;
        Assert.Equal(("confirmed", winner.Subject), (account["state"].Text(), account["decidedBy"].Text()));
    }

    protected async Task MemberAsks_AnotherClerkConfirms_PaidToIt_MemberSeesItMasked()
    {
        var (familyId, mainId) = await Staff("clerk-setup").EnrolledFamilyAsync();
        var member = Host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));

        var asked = await (await member.PostJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts",
            new { iban = "de89 3704 0044 0532 0130 00", bic = "deutdeff", holderName = "Jean Dupont" })).JsonAsync(HttpStatusCode.Created);
        var waiting = await member.GetJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts");
        await (await Staff("clerk-b", CmcmRoles.Finance).PostAsync($"/api/bank-accounts/{asked["accountId"].Text()}/confirmation", null)).JsonAsync(HttpStatusCode.OK);
        var seenByMember = await member.GetJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts");
        var seenByStaff = await Staff("clerk-c").GetJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts");

        Assert.Equal(("pending", "****3000", null), (asked["state"].Text(), asked["ibanMasked"].Text(), asked["iban"]?.ToString()));
        Assert.Equal("A change of bank account (****3000) waits for its second confirmation.", waiting["payments"]!["holdReason"].Text());
        Assert.Null(seenByMember["accounts"]![0]!["iban"]);
        Assert.Null(seenByMember["accounts"]![0]!["decidedBy"]);
        Assert.Equal(("confirmed", "****3000", null), (seenByMember["accounts"]![0]!["state"].Text(), seenByMember["payments"]!["ibanMasked"].Text(), seenByMember["payments"]!["holdReason"]?.ToString()));
        Assert.Equal(("DE89370400440532013000", "DEUTDEFF", "clerk-b"), (seenByStaff["accounts"]![0]!["iban"].Text(), seenByStaff["accounts"]![0]!["bic"].Text(), seenByStaff["accounts"]![0]!["decidedBy"].Text()));
    }

    protected async Task ClerkConfirmsHisOwnRequest_409FourEyes_MemberCannotConfirm_403()
    {
        var (familyId, mainId) = await Staff("clerk-setup").EnrolledFamilyAsync();
        var clerk = Staff("clerk-anna");
        var asked = await (await clerk.PostJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts",
            new { iban = "BE68 5390 0754 7034", holderName = "Jean Dupont" })).JsonAsync(HttpStatusCode.Created);
        var id = asked["accountId"].Text();

        var own = await (await clerk.PostAsync($"/api/bank-accounts/{id}/confirmation", null)).ProblemAsync(HttpStatusCode.Conflict, "confirmedBy");
        await (await Host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true)).PostAsync($"/api/bank-accounts/{id}/confirmation", null))
            .ProblemAsync(HttpStatusCode.Forbidden);
        var pending = await clerk.GetJsonAsync("/api/bank-accounts/pending?limit=500");

        Assert.Equal(["clerk-anna asked for this account: another staff member must confirm it."], own);
        var mine = Assert.Single(pending.AsArray(), a => a!["accountId"].Text() == id)!;
        Assert.Equal(("pending", false), (mine["state"].Text(), mine["canConfirm"]!.GetValue<bool>()));
    }

    protected async Task InvalidIban_400NamingIbanWithTheReason_NothingStored()
    {
        var (familyId, mainId) = await Staff("clerk-setup").EnrolledFamilyAsync();
        var clerk = Staff("clerk-anna");

        var messages = await (await clerk.PostJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts",
            new { iban = "LU28 0019 4006 4475 000", holderName = "Jean Dupont" })).ProblemAsync(HttpStatusCode.BadRequest, "iban");
        var stored = await clerk.GetJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts");

        Assert.Equal(["IBAN: length 19, a LU IBAN has 20."], messages);
        Assert.Empty(stored["accounts"]!.AsArray());
    }

    protected async Task MinorChildsOwnAccount_409_RefuseWithReason_KeepsTheRequestRefused()
    {
        var staff = Staff("clerk-setup");
        var (familyId, mainId) = await staff.EnrolledFamilyAsync();
        var child = await staff.CoAffiliateAsync(familyId, "child", "2015-03-01");

        var minor = await (await staff.PostJsonAsync($"/api/families/{familyId}/members/{child}/bank-accounts",
            new { iban = "LU28 0019 4006 4475 0000", holderName = "Léa Dupont" })).ProblemAsync(HttpStatusCode.Conflict, "memberId");
        var asked = await (await staff.PostJsonAsync($"/api/families/{familyId}/members/{mainId}/bank-accounts",
            new { iban = "LU28 0019 4006 4475 0000", holderName = "Jean Dupont" })).JsonAsync(HttpStatusCode.Created);
        var noReason = await (await staff.PostJsonAsync($"/api/bank-accounts/{asked["accountId"].Text()}/refusal", new { })).ProblemAsync(HttpStatusCode.BadRequest, "reason");
        var refused = await (await Staff("clerk-b").PostJsonAsync($"/api/bank-accounts/{asked["accountId"].Text()}/refusal", new { reason = "Not the member's name" }))
            .JsonAsync(HttpStatusCode.OK);
        var childPays = await staff.GetJsonAsync($"/api/families/{familyId}/members/{child}/bank-accounts");

        Assert.Equal([$"Member {child} is under 18: his or her claims are paid to the main affiliate's account."], minor);
        Assert.Equal(["Required."], noReason);
        Assert.Equal(("refused", "Not the member's name"), (refused["state"].Text(), refused["refusalReason"].Text()));
        Assert.Equal((true, mainId, "The main affiliate has no confirmed bank account."),
            (childPays["payments"]!["toMainAffiliate"]!.GetValue<bool>(), childPays["payments"]!["holderMemberId"].Text(), childPays["payments"]!["holdReason"].Text()));
    }

    protected async Task Providers_AdminWrites_FinanceReads_InvalidIbanNamed_NewIbanIsANewRevision()
    {
        var admin = Staff("admin-dora", CmcmRoles.Admin);
        var id = NewId("chl");

        var invalid = await (await admin.PostJsonAsync("/api/providers", new { providerId = id, name = "CHL", country = "NL", iban = "LU28", bic = "BCEELULL" }))
            .Content.ReadAsStringAsync();
        await (await admin.PostJsonAsync("/api/providers", new { providerId = id, name = "Centre Hospitalier", country = "lu", iban = "LU28 0019 4006 4475 0000", bic = "BCEELULL" }))
            .JsonAsync(HttpStatusCode.Created);
        await (await Staff("clerk-a").PostJsonAsync("/api/providers", new { providerId = NewId("x"), name = "X", country = "LU", iban = "LU280019400644750000", bic = "BCEELULL" }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        var changed = await (await admin.PutJsonAsync($"/api/providers/{id}", new { name = "Centre Hospitalier", country = "LU", iban = "BE68 5390 0754 7034", bic = "GEBABEBB" }))
            .JsonAsync(HttpStatusCode.OK);
        var list = await Staff("fin-carla", CmcmRoles.Finance).GetJsonAsync("/api/providers");

        Assert.Contains("\"country\":[\"The country is one of LU, FR, DE, BE.\"]", invalid, StringComparison.Ordinal);
        Assert.Contains("\"iban\":[\"IBAN: length 4, a LU IBAN has 20.\"]", invalid, StringComparison.Ordinal);
        Assert.Equal(($"PA-{id}-2", "BE68539007547034"), (changed["accountId"].Text(), changed["iban"].Text()));
        Assert.Contains(list.AsArray(), p => p!["providerId"].Text() == id && p["country"].Text() == "LU");
    }
}

[Collection(HostCollection.Name)]
public sealed class BankAccountsApiTests(HostFixture host) : BankAccountsApiCases
{
    protected override HostFixture Host => host;

    [Fact]
    public Task TenClerksConfirmOneRequestAtOnce_ExactlyOneConfirms_TheOthersAre409_InMemory() => TenClerksConfirmOneRequestAtOnce_ExactlyOneConfirms_TheOthersAre409();

    [Fact]
    public Task MemberAsks_AnotherClerkConfirms_PaidToIt_MemberSeesItMasked_InMemory() => MemberAsks_AnotherClerkConfirms_PaidToIt_MemberSeesItMasked();

    [Fact]
    public Task ClerkConfirmsHisOwnRequest_409FourEyes_MemberCannotConfirm_403_InMemory() => ClerkConfirmsHisOwnRequest_409FourEyes_MemberCannotConfirm_403();

    [Fact]
    public Task InvalidIban_400NamingIbanWithTheReason_NothingStored_InMemory() => InvalidIban_400NamingIbanWithTheReason_NothingStored();

    [Fact]
    public Task MinorChildsOwnAccount_409_RefuseWithReason_KeepsTheRequestRefused_InMemory() => MinorChildsOwnAccount_409_RefuseWithReason_KeepsTheRequestRefused();

    [Fact]
    public Task Providers_AdminWrites_FinanceReads_InvalidIbanNamed_NewIbanIsANewRevision_InMemory() => Providers_AdminWrites_FinanceReads_InvalidIbanNamed_NewIbanIsANewRevision();
}

[Collection(PostgresHostCollection.Name)]
public sealed class BankAccountsApiOnPostgresTests(PostgresHostFixture fixture) : BankAccountsApiCases
{
    protected override HostFixture Host => fixture.Host!;

    [PostgresTheory]
    [InlineData("race")]
    public Task TenClerksConfirmOneRequestAtOnce_ExactlyOneConfirms_TheOthersAre409_OnPostgres(string _) => TenClerksConfirmOneRequestAtOnce_ExactlyOneConfirms_TheOthersAre409();

    [PostgresTheory]
    [InlineData("four eyes")]
    public Task MemberAsks_AnotherClerkConfirms_PaidToIt_MemberSeesItMasked_OnPostgres(string _) => MemberAsks_AnotherClerkConfirms_PaidToIt_MemberSeesItMasked();
}
