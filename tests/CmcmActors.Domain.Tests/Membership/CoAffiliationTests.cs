using CmcmActors.Domain.Families;
using static CmcmActors.Domain.Tests.Support.Dates;

namespace CmcmActors.Domain.Tests.Membership;

/// <summary>Co-affiliates (spec, section 3): co-insured with the main affiliate's fund, a child kept until 19.</summary>
public sealed class CoAffiliationTests
{
    private static readonly DateOnly ChildBirth = D("2007-09-15");

    [Theory]
    [InlineData(MemberKind.Child, "2026-09-14", true)]       // day before the 19th birthday: still co-affiliated though personally insured
    [InlineData(MemberKind.Child, "2026-09-15", false)]      // on the birthday: no longer
    [InlineData(MemberKind.FosterChild, "2026-09-14", true)]
    [InlineData(MemberKind.FosterChild, "2026-09-15", false)]
    public void ChildPersonallyInsured_AroundThe19thBirthday_CoAffiliatedOnlyBefore(MemberKind kind, string on, bool expected)
    {
        Assert.Equal(expected, CoAffiliation.IsCoAffiliatedOn(kind, ChildBirth, coInsuredWithMainAffiliate: false, D(on)));
    }

    [Fact]
    public void ChildCoInsured_After19_StillCoAffiliated()
    {
        Assert.True(CoAffiliation.IsCoAffiliatedOn(MemberKind.Child, ChildBirth, coInsuredWithMainAffiliate: true, D("2030-01-01")));
    }

    [Theory]
    [InlineData(MemberKind.SpouseOrPartner, true, true)]
    [InlineData(MemberKind.SpouseOrPartner, false, false)]
    [InlineData(MemberKind.HouseholdRelative, true, true)]
    [InlineData(MemberKind.HouseholdRelative, false, false)]
    [InlineData(MemberKind.MainAffiliate, false, true)]
    public void AdultMember_CoInsuranceWithMainAffiliate_DecidesCoAffiliation(MemberKind kind, bool coInsured, bool expected)
    {
        Assert.Equal(expected, CoAffiliation.IsCoAffiliatedOn(kind, D("1982-01-01"), coInsured, D("2026-09-15")));
    }

    [Fact]
    public void ChildKeptUntilAge_Is19()
    {
        Assert.Equal(19, CoAffiliation.ChildKeptUntilAge);
    }

    [Theory]
    [InlineData(MemberKind.MainAffiliate, new MemberKind[0], "A family has exactly one main affiliate; it is set at enrolment.")]
    [InlineData(MemberKind.SpouseOrPartner, new[] { MemberKind.SpouseOrPartner }, "The family already has a spouse or partner.")]
    [InlineData(MemberKind.SpouseOrPartner, new[] { MemberKind.HouseholdRelative }, "A spouse or partner cannot join while a household relative is co-affiliated in place of one.")]
    [InlineData(MemberKind.HouseholdRelative, new[] { MemberKind.SpouseOrPartner }, "A household relative can be co-affiliated only where there is no spouse or partner.")]
    [InlineData(MemberKind.HouseholdRelative, new[] { MemberKind.HouseholdRelative }, "The family already has a household relative in place of a spouse or partner.")]
    public void CheckCanJoin_RosterRuleBroken_Refused(MemberKind kind, MemberKind[] roster, string expected)
    {
        Assert.Equal(expected, CoAffiliation.CheckCanJoin(kind, [MemberKind.MainAffiliate, .. roster], D("1980-01-01"), true, D("2026-09-15")));
    }

    [Theory]
    [InlineData(MemberKind.SpouseOrPartner, new[] { MemberKind.Child })]
    [InlineData(MemberKind.HouseholdRelative, new[] { MemberKind.Child, MemberKind.FosterChild })]
    [InlineData(MemberKind.Child, new[] { MemberKind.SpouseOrPartner, MemberKind.Child })]
    [InlineData(MemberKind.FosterChild, new[] { MemberKind.HouseholdRelative })]
    public void CheckCanJoin_RosterAllowsTheKind_Allowed(MemberKind kind, MemberKind[] roster)
    {
        Assert.Null(CoAffiliation.CheckCanJoin(kind, [MemberKind.MainAffiliate, .. roster], D("1980-01-01"), true, D("2026-09-15")));
    }

    [Fact]
    public void CheckCanJoin_BirthDateInTheFuture_Refused()
    {
        Assert.Equal("The birth date is in the future.", CoAffiliation.CheckCanJoin(MemberKind.Child, [MemberKind.MainAffiliate], D("2026-09-16"), true, D("2026-09-15")));
    }

    [Fact]
    public void CheckCanJoin_SpouseNotCoInsured_RefusedWithTheRule()
    {
        Assert.Equal(
            "A co-affiliate must be co-insured with the main affiliate's (or spouse's) statutory fund; only a child under 19 is exempt.",
            CoAffiliation.CheckCanJoin(MemberKind.SpouseOrPartner, [MemberKind.MainAffiliate], D("1980-01-01"), false, D("2026-09-15")));
    }

    [Theory]
    [InlineData("2026-09-14", true)]
    [InlineData("2026-09-15", false)]
    public void CheckCanJoin_ChildNotCoInsuredAround19_AllowedOnlyBefore(string on, bool allowed)
    {
        var refusal = CoAffiliation.CheckCanJoin(MemberKind.Child, [MemberKind.MainAffiliate], ChildBirth, false, D(on));

        Assert.Equal(allowed, refusal is null);
    }
}
