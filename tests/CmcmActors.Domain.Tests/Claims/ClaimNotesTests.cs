using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Claims;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Claims;

/// <summary>The words of a claim's history and the trust rules a resolution applies, exactly as the pages show them.</summary>
public sealed class ClaimNotesTests
{
    [Fact]
    public void ReceivedFrom_MemberDeclaringStaffOnlyFacts_NamesThemOnce()
    {
        Assert.Equal("Received from the member, who declares serious, documents: only the CMCM's staff may confirm these.",
            ClaimNotes.ReceivedFrom(ClaimSource.Member, ["serious", "documents", "serious"]));
        Assert.Equal("Received.", ClaimNotes.ReceivedFrom(ClaimSource.Staff, ["serious"]));
        Assert.Equal("Received.", ClaimNotes.ReceivedFrom(ClaimSource.Member, []));
    }

    [Fact]
    public void FactsConfirmed_NamesEachFactInOrder_TariffWithAPoint()
    {
        var facts = new ConfirmedFacts(Authorised: true, Serious: false, Circumstances: ["accident"], Documents: ["invoice"], OfficialTariff: 1234.5m, AmountsReviewed: true);

        Assert.Equal("Facts confirmed by agent-1: authorised yes; serious no; circumstances accident; documents invoice; official tariff 1234.50; amounts reviewed.",
            ClaimNotes.FactsConfirmed("agent-1", facts));
        Assert.Equal("Facts confirmed by agent-1.", ClaimNotes.FactsConfirmed("agent-1", new ConfirmedFacts()));
    }

    [Fact]
    public void Redecided_SaysTheCauseAndTheTopUp()
    {
        Assert.Equal("Re-decided after claim m-1/C-1 was reversed: pays €80.00 (was €20.00), a top-up of €60.00.",
            ClaimNotes.Redecided("m-1/C-1", "reversed", Eur(20m), Eur(80m)));
    }

    [Fact]
    public void CountedDocuments_MemberAttaching_CountsNone()
    {
        Assert.Null(ClaimTrust.CountedDocuments(ClaimSource.Member, ClaimSource.Member, ["invoice"], [], ["invoice"]));
    }

    [Fact]
    public void CountedDocuments_StaffClaim_EveryAttachedDocumentCounts()
    {
        Assert.Equal(["invoice", "prescription"], ClaimTrust.CountedDocuments(ClaimSource.Staff, ClaimSource.Staff, ["invoice", "prescription"], [], []));
    }

    [Fact]
    public void CountedDocuments_MembersClaim_OnlyWhatStaffConfirmedNowOrBefore()
    {
        var confirmedBefore = Line("RC.HOSP.LU", 100m, 80m) with { Documents = ["Prescription"] };

        Assert.Equal(["Prescription", "invoice"],
            ClaimTrust.CountedDocuments(ClaimSource.Member, ClaimSource.Staff, ["photo", "invoice", "prescription"], [confirmedBefore], ["invoice", "prescription"]));
    }

    [Fact]
    public void AmountsReviewed_OnlyStaffMarkThem_AndTheyStay()
    {
        Assert.False(ClaimTrust.AmountsReviewed(false, ClaimSource.Member, true));
        Assert.True(ClaimTrust.AmountsReviewed(false, ClaimSource.Staff, true));
        Assert.True(ClaimTrust.AmountsReviewed(true, ClaimSource.Staff, false));
        Assert.False(ClaimTrust.AmountsReviewed(false, ClaimSource.Staff, null));
    }
}
