using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Claims;

/// <summary>
/// Who may state which facts (ClaimTrust): every staff-only fact, on a claim the member sends with his own token and on
/// the same claim entered by staff, and the plausibility guard; on the memory host and on PostgreSQL.
/// </summary>
public static class TrustBoundaryCases
{
    /// <summary>Each staff-only fact, on a benefit that needs it, with what staff entering it are paid.</summary>
    public static TheoryData<string> Facts => new() { "authorised", "serious", "programmeCompleted", "circumstances+documents" };

    private static object LineStating(string fact, string tripId) => fact switch
    {
        "authorised" => new { benefitCode = "PP.LONGCOVID", dateOfCare = Care, invoiced = 1000.00m, statutoryReimbursement = 0m, authorised = true },
        "serious" => new { benefitCode = "RC.SERIOUS.REHAB", dateOfCare = Care, invoiced = 1000.00m, statutoryReimbursement = 0m, serious = true },
        "programmeCompleted" => new { benefitCode = "PP.DAVIDHEALTH", dateOfCare = Care, invoiced = 1000.00m, statutoryReimbursement = 0m, programmeCompleted = true },
        _ => new
        {
            benefitCode = "ASSIST.TRIP.CANCEL", dateOfCare = Care, invoiced = 900.00m, statutoryReimbursement = 0m,
            circumstances = new[] { "illness" }, documents = new[] { "travel-invoices", "provider-refund-decision" }, tripId,
        },
    };

    private static decimal PaidWhenTrue(string fact) => fact == "circumstances+documents" ? 900.00m : 1000.00m;

    public static async Task MemberStatingAStaffOnlyFact_PendedForConfirmation_StaffStatingIt_Paid(HostFixture host, string fact)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        var byMember = await (await member.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "APP-1", LineStating(fact, "T1")))).JsonAsync(HttpStatusCode.Created);
        var byStaff = await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "DESK-1", LineStating(fact, "T2")))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(("pended", 0m), (byMember["status"].Text(), byMember["totalPaid"].Decimal()));
        Assert.False(string.IsNullOrEmpty(byMember["pending"]!["department"].Text()));
        Assert.True(byMember["pending"]!["expectedWeeks"]!.GetValue<int>() > 0);
        Assert.Contains("only the CMCM's staff may confirm", byMember["history"]![0]!["note"].Text(), StringComparison.Ordinal);
        Assert.Equal(("approved", PaidWhenTrue(fact)), (byStaff["status"].Text(), byStaff["totalPaid"].Decimal()));
    }

    public static async Task MemberFactConfirmedByStaff_ThenPaid_AndTheHistorySaysWhoConfirmedWhat(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        await (await member.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "APP-2", LineStating("serious", "T1")))).JsonAsync(HttpStatusCode.Created);

        var confirmed = await (await staff.PostJsonAsync($"/api/claims/{memberId}/APP-2/resolution", new { refuse = false, serious = true })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("approved", 1000m), (confirmed["status"].Text(), confirmed["totalPaid"].Decimal()));
        Assert.Equal("Facts confirmed by frontdesk: serious yes.", confirmed["history"]![2]!["note"].Text());
    }

    /// <summary>The outside test's case: a co-affiliate's own token, 50 lines of €1,000,000 "serious" rehabilitation.</summary>
    public static async Task FiftyMillionFromACoAffiliatesToken_PendedNotPaid_AndStaffEnteringIt_PendedForReview(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, _) = await staff.EnrolledFamilyAsync();
        var spouse = await staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        var coAffiliate = host.CreateClient(TestUser.Member(familyId, spouse));
        var lines = Enumerable.Range(0, 50)
            .Select(_ => (object)new { benefitCode = "RC.SERIOUS.REHAB", dateOfCare = Care, invoiced = 1_000_000.00m, statutoryReimbursement = 0m, serious = true }).ToArray();

        var byMember = await (await coAffiliate.PostJsonAsync("/api/claims", ClaimBody(familyId, spouse, "BIG-1", lines))).JsonAsync(HttpStatusCode.Created);
        var byStaff = await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, spouse, "BIG-2", lines))).JsonAsync(HttpStatusCode.Created);
        var caps = await staff.GetJsonAsync($"/api/families/{familyId}/members/{spouse}");

        Assert.Equal(("pended", 0m), (byMember["status"].Text(), byMember["totalPaid"].Decimal()));
        Assert.Equal(("pended", 0m, "plausibilityReview"), (byStaff["status"].Text(), byStaff["totalPaid"].Decimal(), byStaff["lines"]![0]!["reason"].Text()));
        Assert.Equal(0m, caps["totalPaid"].Decimal());
    }
}

[Collection(HostCollection.Name)]
public sealed class TrustBoundaryTests(HostFixture host)
{
    [Theory]
    [MemberData(nameof(TrustBoundaryCases.Facts), MemberType = typeof(TrustBoundaryCases))]
    public Task MemberStatingAStaffOnlyFact_PendedForConfirmation_StaffStatingIt_Paid(string fact) =>
        TrustBoundaryCases.MemberStatingAStaffOnlyFact_PendedForConfirmation_StaffStatingIt_Paid(host, fact);

    [Fact]
    public Task MemberFactConfirmedByStaff_ThenPaid_AndTheHistorySaysWhoConfirmedWhat() =>
        TrustBoundaryCases.MemberFactConfirmedByStaff_ThenPaid_AndTheHistorySaysWhoConfirmedWhat(host);

    [Fact]
    public Task FiftyMillionFromACoAffiliatesToken_PendedNotPaid_AndStaffEnteringIt_PendedForReview() =>
        TrustBoundaryCases.FiftyMillionFromACoAffiliatesToken_PendedNotPaid_AndStaffEnteringIt_PendedForReview(host);
}

[Collection(PostgresHostCollection.Name)]
public sealed class TrustBoundaryOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [MemberData(nameof(TrustBoundaryCases.Facts), MemberType = typeof(TrustBoundaryCases))]
    public Task MemberStatingAStaffOnlyFact_PendedForConfirmation_StaffStatingIt_Paid(string fact) =>
        TrustBoundaryCases.MemberStatingAStaffOnlyFact_PendedForConfirmation_StaffStatingIt_Paid(postgres.Host!, fact);

    [PostgresTheory]
    [InlineData("fifty-million")]
    public Task FiftyMillionFromACoAffiliatesToken_PendedNotPaid_AndStaffEnteringIt_PendedForReview(string _) =>
        TrustBoundaryCases.FiftyMillionFromACoAffiliatesToken_PendedNotPaid_AndStaffEnteringIt_PendedForReview(postgres.Host!);
}
