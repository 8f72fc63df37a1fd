using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Calendar;

namespace CmcmActors.Host.Tests.Live;

public sealed class CoverStartDatesTests
{
    private static readonly EligibilityFacts Eligible = new(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"));

    [Fact]
    public void A_first_time_family_starts_each_tier_three_months_after_its_start_and_a_later_spouse_on_her_own_dates()
    {
        // Applied 2025-12-10: the family is covered from 2026-04-01. The spouse added on 2026-05-10 starts on
        // 2026-06-01 and waits her own three months.
        var family = Family.Enrol("F-1", "M-1", new DateOnly(1980, 5, 1), new DateOnly(2025, 12, 10), CoverageLevel.RC_PP_DO, EnrolmentReason.FirstTime, Eligible).Value!
            .AddCoAffiliate("M-2", MemberKind.SpouseOrPartner, new DateOnly(1982, 2, 3), true, new DateOnly(2026, 5, 10)).Value!;

        var starts = CoverStartDates.Of(family);

        Assert.Equal(
        [
            "Base cover (RC) starts on 2026-04-01.",
            "Prestaplus cover (PP) starts on 2026-04-01.",
            "Dental cover (DO) starts on 2026-04-01.",
            "Base cover (RC) starts on 2026-09-01 for member M-2.",
            "Prestaplus cover (PP) starts on 2026-09-01 for member M-2.",
            "Dental cover (DO) starts on 2026-09-01 for member M-2.",
        ], starts.Select(s => s.Message));
        Assert.Equal(["M-1"], CoverStartDates.MembersOf(family, starts[0]));
        Assert.Equal(["M-2"], CoverStartDates.MembersOf(family, starts[3]));
    }

    [Fact]
    public void A_family_joining_without_a_waiting_period_has_no_cover_start_to_announce()
    {
        var family = Family.Enrol("F-1", "M-1", new DateOnly(1980, 5, 1), new DateOnly(2025, 12, 10), CoverageLevel.RC_PP_DO,
            EnrolmentReason.AfterDivorceOrEndOfPartnership, Eligible).Value!;

        Assert.Empty(CoverStartDates.Of(family));
    }
}
