using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Claims;

/// <summary>Claims submitted and decided in one request, and what happens to them after.</summary>
[Collection(HostCollection.Name)]
public sealed class ClaimsApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task GetClaim_ShowsTheLinesAsSubmitted_EveryField_ForACorrectionToStartFrom()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        var line = new
        {
            benefitCode = "RC.ALTMED", dateOfCare = Care, invoiced = 85.50m, statutoryReimbursement = 0m, units = 2, element = "osteopathy",
            countryOfCare = "FR", officialTariff = 80.00m, documents = new[] { "prescription" }, incidentId = "INC-7",
        };
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, line))).JsonAsync(HttpStatusCode.Created);

        var claim = await _staff.GetJsonAsync($"/api/claims/{memberId}/{invoice}");

        var submitted = Assert.Single(claim["submittedLines"]!.AsArray())!;
        Assert.Equal(("RC.ALTMED", Care, 85.50m, 0m, 80.00m, 2, "osteopathy", "FR", "INC-7"),
            (submitted["benefitCode"].Text(), submitted["dateOfCare"].Text(), submitted["invoiced"].Decimal(), submitted["statutoryReimbursement"].Decimal(),
             submitted["officialTariff"].Decimal(), submitted["units"]!.GetValue<int>(), submitted["element"].Text(), submitted["countryOfCare"].Text(), submitted["incidentId"].Text()));
        Assert.Equal(["prescription"], submitted["documents"]!.AsArray().Select(d => d.Text()));
        Assert.Null(submitted["tripId"]);
        Assert.Null(submitted["authorised"]);
    }

    [Fact]
    public async Task Submit_BrochureImplants_201Approved_300ByRcAnd1000ByDo()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var response = await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-IMPLANTS", Implants()));
        var claim = await response.JsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/claims/{memberId}/INV-IMPLANTS", response.Headers.Location?.OriginalString);
        Assert.Equal(($"{memberId}/INV-IMPLANTS", "approved", true, 1300m), (claim["claimId"].Text(), claim["status"].Text(), claim["final"]!.GetValue<bool>(), claim["totalPaid"].Decimal()));
        Assert.Equal((300m, 0m, 0m, 1000m), (claim["paidByTier"]!["RC"].Decimal(), claim["paidByTier"]!["ASSIST"].Decimal(), claim["paidByTier"]!["PP"].Decimal(), claim["paidByTier"]!["DO"].Decimal()));
        var line = Assert.Single(claim["lines"]!.AsArray())!;
        Assert.Equal(("paid", 1300m, "dentalLuxembourg"), (line["outcome"].Text(), line["paid"].Decimal(), line["department"].Text()));
        var payments = line["payments"]!.AsArray();
        Assert.Equal([("RC", "RC.DENTAL.FLAT", 300m), ("DO", "DO.IMPLANT", 1000m)], payments.Select(p => (p!["tier"].Text(), p["benefitCode"].Text(), p["amount"].Decimal())));
        var cap = Assert.Single(payments[1]!["caps"]!.AsArray())!;
        Assert.Equal(("DO.IMPLANT/year", 2000m, 2000m, 1000m, false), (cap["capId"].Text(), cap["limit"].Decimal(), cap["roomBefore"].Decimal(), cap["roomAfter"].Decimal(), cap["limited"]!.GetValue<bool>()));
        Assert.False(string.IsNullOrWhiteSpace(payments[1]!["explanation"].Text()));
        Assert.Equal(["received", "approved"], claim["history"]!.AsArray().Select(h => h!["status"].Text()));
    }

    [Fact]
    public async Task Submit_OrthodonticsOfAChild_PartiallyApproved_3117_08ByTheCapPerActCode()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();
        var child = await _staff.CoAffiliateAsync(familyId, "child", "2014-03-01");

        var claim = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, child, "ORTHO-1",
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.90m, "DT41"),
            Line("RC.DENTAL.ORTHO.CHILD", 1340.00m, 558.60m, "DT42"),
            Line("RC.DENTAL.ORTHO.CHILD", 1510.00m, 702.30m, "DT43"),
            Line("RC.DENTAL.ORTHO.CHILD", 1430.00m, 633.00m, "DT44"),
            Line("RC.DENTAL.ORTHO.CHILD", 1430.00m, 632.60m, "DT45")))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(("partiallyApproved", 3117.08m, 617.08m, 2500m), (claim["status"].Text(), claim["totalPaid"].Decimal(), claim["paidByTier"]!["RC"].Decimal(), claim["paidByTier"]!["DO"].Decimal()));
        Assert.All(claim["lines"]!.AsArray(), l => Assert.Equal(("partiallyPaid", "capReached"), (l!["outcome"].Text(), l["reason"].Text())));
    }

    [Fact]
    public async Task Submit_SameClaimAgain_200WithTheSameDecision()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var body = ClaimBody(familyId, memberId, "INV-TWICE", Implants());
        var first = await (await _staff.PostJsonAsync("/api/claims", body)).JsonAsync(HttpStatusCode.Created);

        var again = await (await _staff.PostJsonAsync("/api/claims", body)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Single((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray());
    }

    [Fact]
    public async Task Submit_InvoiceReferenceReusedWithOtherLines_409NamingInvoiceReference_AndTheFirstClaimStands()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-REUSED", Implants()))).JsonAsync(HttpStatusCode.Created);

        var problem = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-REUSED", Line("DO.OPTIC.FRAMES", 25m))))
            .ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("invoice-reused", problem["code"].Text());
        Assert.NotNull(problem["errors"]!["invoiceReference"]);
        Assert.Equal(1300m, (await _staff.GetJsonAsync($"/api/claims/{memberId}/INV-REUSED"))["totalPaid"].Decimal());
    }

    [Fact]
    public async Task Submit_TripCancellationWithoutTheRefundDecision_PendedForTheForeignDepartment_AndQueued()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var claim = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "TRIP-1", TripCancellationWithoutRefundDecision("T1"))))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal(("pended", false, 0m), (claim["status"].Text(), claim["final"]!.GetValue<bool>(), claim["totalPaid"].Decimal()));
        var pending = claim["pending"]!;
        Assert.Equal(("foreign", "app", 1, "Documents missing: provider-refund-decision."),
            (pending["department"].Text(), pending["channel"].Text(), pending["expectedWeeks"]!.GetValue<int>(), pending["need"].Text()));
        var queued = (await _staff.GetJsonAsync("/api/claims/pended")).AsArray().Single(c => c!["claimId"].Text() == $"{memberId}/TRIP-1")!;
        Assert.Equal((familyId, "foreign", 1), (queued["familyId"].Text(), queued["department"].Text(), queued["expectedWeeks"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Documents_FromTheMemberOnAPendedClaim_RecordedButPendedUntilStaffConfirm_ThenApprovedAndOutOfTheQueue()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "TRIP-2", TripCancellationWithoutRefundDecision("T2")))).JsonAsync(HttpStatusCode.Created);
        var member = host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));

        var attached = await (await member.PostJsonAsync($"/api/claims/{memberId}/TRIP-2/documents", new { documents = new[] { "provider-refund-decision" } }))
            .JsonAsync(HttpStatusCode.OK);
        var stillQueued = (await _staff.GetJsonAsync("/api/claims/pended")).AsArray().Any(c => c!["claimId"].Text() == $"{memberId}/TRIP-2");
        var confirmed = await (await _staff.PostJsonAsync($"/api/claims/{memberId}/TRIP-2/resolution", new { refuse = false, documents = new[] { "provider-refund-decision" } }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("pended", 0m), (attached["status"].Text(), attached["totalPaid"].Decimal()));
        Assert.Equal(["travel-invoices", "provider-refund-decision"], attached["documents"]!.AsArray().Select(d => d.Text()));
        Assert.True(stillQueued);
        Assert.Equal(("approved", 900m), (confirmed["status"].Text(), confirmed["totalPaid"].Decimal()));
        Assert.DoesNotContain((await _staff.GetJsonAsync("/api/claims/pended")).AsArray(), c => c!["claimId"].Text() == $"{memberId}/TRIP-2");
    }

    [Fact]
    public async Task Documents_OnAnApprovedClaim_409NamingStatus()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-1", Implants()))).JsonAsync(HttpStatusCode.Created);

        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/INV-1/documents", new { documents = new[] { "x-ray" } })).ProblemAsync(HttpStatusCode.Conflict, "status");
    }

    [Theory]
    [InlineData("{}", "documents")]
    [InlineData("{\"documents\":[]}", "documents")]
    [InlineData("{\"documents\":[\"\"]}", "documents[0]")]
    [InlineData("{\"documents\":\"x-ray\"}", "documents")]
    public async Task Documents_Wrong_400NamingTheField_AndTheClaimStaysPended(string json, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "TRIP-3", TripCancellationWithoutRefundDecision("T3")))).JsonAsync(HttpStatusCode.Created);

        await (await _staff.PostRawAsync($"/api/claims/{memberId}/TRIP-3/documents", json)).ProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal("pended", (await _staff.GetJsonAsync($"/api/claims/{memberId}/TRIP-3"))["status"].Text());
    }

    [Fact]
    public async Task Resolution_AuthorisationConfirmed_200Approved()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var pended = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "WIG-1", Line("RC.WIG", 250m, 70m)))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(("pended", "national", 5), (pended["status"].Text(), pended["pending"]!["department"].Text(), pended["pending"]!["expectedWeeks"]!.GetValue<int>()));

        var claim = await (await _staff.PostJsonAsync($"/api/claims/{memberId}/WIG-1/resolution", new { refuse = false, authorised = true })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("approved", 180m, 2L), (claim["status"].Text(), claim["totalPaid"].Decimal(), claim["version"]!.GetValue<long>()));
        Assert.Equal("Facts confirmed by frontdesk: authorised yes.", claim["history"]![2]!["note"].Text());
    }

    [Fact]
    public async Task Resolution_Refused_200RefusedWithTheReason_AndTheClaimLeavesTheQueue()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "WIG-2", Line("RC.WIG", 250m, 70m)))).JsonAsync(HttpStatusCode.Created);

        var claim = await (await _staff.PostJsonAsync($"/api/claims/{memberId}/WIG-2/resolution", new { refuse = true, reason = "The invoice is for a relative." }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("refused", "Refused by frontdesk: The invoice is for a relative."), (claim["status"].Text(), claim["history"]!.AsArray()[^1]!["note"].Text()));
        Assert.DoesNotContain((await _staff.GetJsonAsync("/api/claims/pended")).AsArray(), c => c!["claimId"].Text() == $"{memberId}/WIG-2");
    }

    [Theory]
    [InlineData("{}", "refuse")]
    [InlineData("{\"refuse\":true}", "reason")]
    [InlineData("{\"refuse\":false}", "refuse")]
    [InlineData("{\"refuse\":false,\"officialTariff\":-3}", "officialTariff")]
    [InlineData("{\"refuse\":false,\"authorised\":\"yes\"}", "authorised")]
    public async Task Resolution_Wrong_400NamingTheField_AndTheClaimStaysPended(string json, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "WIG-3", Line("RC.WIG", 250m, 70m)))).JsonAsync(HttpStatusCode.Created);

        await (await _staff.PostRawAsync($"/api/claims/{memberId}/WIG-3/resolution", json)).ProblemAsync(HttpStatusCode.BadRequest, field);

        var claim = await _staff.GetJsonAsync($"/api/claims/{memberId}/WIG-3");
        Assert.Equal(("pended", 1L), (claim["status"].Text(), claim["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Resolution_OfAnApprovedClaim_409NamingStatus()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-1", Implants()))).JsonAsync(HttpStatusCode.Created);

        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/INV-1/resolution", new { refuse = true, reason = "no" })).ProblemAsync(HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task Reversal_OfAPaidClaim_200Reversed_AndTheCapRoomComesBack()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-REV", Implants()))).JsonAsync(HttpStatusCode.Created);

        var claim = await (await _staff.PostJsonAsync($"/api/claims/{memberId}/INV-REV/reversal", new { reason = "Duplicate invoice." })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("reversed", 0m, 0m), (claim["status"].Text(), claim["totalPaid"].Decimal(), claim["paidByTier"]!["DO"].Decimal()));
        var caps = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/caps?year=2026");
        Assert.Equal(0m, caps.AsArray().Single(c => c!["capId"].Text() == "DO.IMPLANT/year")!["used"].Decimal());
        var audit = (await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/audit")).AsArray();
        Assert.Contains(audit, m => m!["reversal"]!.GetValue<bool>() && m["after"].Decimal() == 0m);
    }

    [Fact]
    public async Task Reversal_OfAPendedClaim_409NamingStatus()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "WIG-4", Line("RC.WIG", 250m, 70m)))).JsonAsync(HttpStatusCode.Created);

        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/WIG-4/reversal", new { reason = "no" })).ProblemAsync(HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task Reversal_WithoutAReason_400NamingReason_AndTheClaimStaysPaid()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-KEEP", Implants()))).JsonAsync(HttpStatusCode.Created);

        await (await _staff.PostJsonAsync($"/api/claims/{memberId}/INV-KEEP/reversal", new { reason = "  " })).ProblemAsync(HttpStatusCode.BadRequest, "reason");

        Assert.Equal("approved", (await _staff.GetJsonAsync($"/api/claims/{memberId}/INV-KEEP"))["status"].Text());
    }

    [Fact]
    public async Task Reversal_OfAnUnknownClaim_404NamingInvoiceReference()
    {
        await (await _staff.PostJsonAsync($"/api/claims/{NewId("M")}/NOPE/reversal", new { reason = "no" })).ProblemAsync(HttpStatusCode.NotFound, "invoiceReference");
    }

    [Fact]
    public async Task Get_UnknownClaim_404NamingInvoiceReference()
    {
        await (await _staff.GetAsync($"/api/claims/{NewId("M")}/INV-NONE")).ProblemAsync(HttpStatusCode.NotFound, "invoiceReference");
    }

    [Fact]
    public async Task Get_InvalidIds_400NamingBoth()
    {
        var problem = await (await _staff.GetAsync("/api/claims/M%20X/INV%2B1")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["memberId"]);
        Assert.NotNull(problem["errors"]!["invoiceReference"]);
    }

    [Fact]
    public async Task FamilyClaims_ListEveryMembersClaims_MemberClaimsOnlyTheirOwn()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var spouse = await _staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, "INV-A", Implants()))).JsonAsync(HttpStatusCode.Created);
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, spouse, "INV-B", Line("DO.OPTIC.FRAMES", 25m)))).JsonAsync(HttpStatusCode.Created);

        var family = await _staff.GetJsonAsync($"/api/families/{familyId}/claims");
        var own = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{spouse}/claims");

        Assert.Equal([$"{memberId}/INV-A", $"{spouse}/INV-B"], family.AsArray().Select(c => c!["claimId"].Text()));
        Assert.Equal([$"{spouse}/INV-B"], own.AsArray().Select(c => c!["claimId"].Text()));
    }

    [Fact]
    public async Task Submit_ForAFamilyThatDoesNotExist_404NamingFamilyId()
    {
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(NewId("F"), NewId("M"), "INV-1", Implants()))).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    [Fact]
    public async Task Submit_ForAMemberNotOnTheRoster_404NamingMemberId()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync();

        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, NewId("M"), "INV-1", Implants()))).ProblemAsync(HttpStatusCode.NotFound, "memberId");
    }
}
