using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Domain.Tests.Catalogue;

/// <summary>The edition built into the engine: the brochure of July 2026 (spec, section 7).</summary>
public sealed class BuiltInCatalogueTests
{
    private static readonly CatalogueEdition Edition = Assert.Single(CatalogueSet.BuiltIn.Editions);

    [Fact]
    public void BuiltIn_OneEdition_2026_07_EffectiveFromFirstJuly()
    {
        Assert.Equal(("2026-07", new DateOnly(2026, 7, 1)), (Edition.Edition, Edition.EffectiveFrom));
    }

    [Fact]
    public void BuiltIn_EveryCodeOfSection7_PresentAndNothingElse()
    {
        string[] section7 =
        [
            "RC.HOSP.LU", "RC.HOSP.FIRSTCLASS", "RC.ACCOMPANY", "RC.PMA", "RC.PROSTHESIS", "RC.WIG", "RC.HEARING",
            "RC.SERIOUS.REHAB", "RC.SERIOUS.MEDS_PHYSIO", "RC.SERIOUS.HOMECARE", "RC.SERIOUS.CONSULT", "RC.CURE.SERIOUS",
            "RC.CURE.OBESITY", "RC.BARIATRIC.FOLLOWUP", "RC.TRANSFER.ABROAD", "RC.ORTHO.SHOES", "RC.LAB.PREVENTIVE", "RC.DIET",
            "RC.CARDIO.STRESS", "RC.ALTMED", "RC.DENTAL.CARE", "RC.DENTAL.ORTHO.CHILD", "RC.DENTAL.FLAT",
            "ASSIST.HOSP.ABROAD", "ASSIST.REPATRIATION", "ASSIST.EMERGENCY.ABROAD", "ASSIST.TRANSPORT", "ASSIST.DEATH", "ASSIST.TRIP.CANCEL",
            "PP.HOSP.FIRSTCLASS", "PP.LIPOEDEMA", "PP.AMBULANCE.AUTH", "PP.AMBULANCE.UNAUTH", "PP.INSOLES", "PP.CARDIO.STRESS",
            "PP.ALTMED", "PP.PSYCH.CHILD", "PP.PSYCHOTHERAPY.ADULT", "PP.DAVIDHEALTH", "PP.PROTEA", "PP.LONGCOVID",
            "DO.DENTAL.GENERAL", "DO.DENTAL.COMPOSITE", "DO.DENTAL.PULPECTOMY", "DO.DENTAL.ROOTPLANING", "DO.DENTAL.PERIO.SURGERY",
            "DO.DENTAL.CONSERVATIVE", "DO.ORTHO.ADULT", "DO.ORTHO.CHILD", "DO.PROSTHESIS", "DO.IMPLANT", "DO.OPTIC.LENSES",
            "DO.OPTIC.FRAMES", "DO.OPTIC.CONTACTS", "DO.OPTIC.REFRACTIVE", "DO.ODYSSEE",
        ];

        Assert.Equal(section7.Order(StringComparer.Ordinal), Edition.Benefits.Select(b => b.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BuiltIn_EveryCode_BelongsToTheTierOfItsPrefix()
    {
        Assert.All(Edition.Benefits, b => Assert.StartsWith(b.Tier + ".", b.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void BuiltIn_AltmedGroupCaps_HundredAYearEachTier()
    {
        Assert.Equal(new CapDefinition("RC.ALTMED.YEAR", CapPeriod.Year, CapScope.Member, M.FromEuros(100m), null, false), Edition["RC.ALTMED"].Caps[1]);
        Assert.Equal(new CapDefinition("PP.ALTMED.YEAR", CapPeriod.Year, CapScope.Member, M.FromEuros(100m), null, false), Edition["PP.ALTMED"].Caps[1]);
    }

    [Fact]
    public void BuiltIn_EveryCap_IsPerMember()
    {
        Assert.All(Edition.Benefits.SelectMany(b => b.Caps), c => Assert.Equal(CapScope.Member, c.Scope));
    }

    [Theory]
    [InlineData("RC.ALTMED", new[] { "RC.ALTMED", "PP.ALTMED" })]
    [InlineData("PP.ALTMED", new[] { "RC.ALTMED", "PP.ALTMED" })]
    [InlineData("RC.CARDIO.STRESS", new[] { "RC.CARDIO.STRESS", "PP.CARDIO.STRESS" })]
    [InlineData("RC.HOSP.FIRSTCLASS", new[] { "RC.HOSP.FIRSTCLASS", "PP.HOSP.FIRSTCLASS" })]
    [InlineData("RC.DENTAL.ORTHO.CHILD", new[] { "RC.DENTAL.ORTHO.CHILD", "DO.ORTHO.CHILD" })]
    [InlineData("DO.IMPLANT", new[] { "RC.DENTAL.FLAT", "DO.IMPLANT", "DO.PROSTHESIS" })]
    [InlineData("DO.DENTAL.GENERAL", new[] { "DO.DENTAL.GENERAL" })]
    public void ChainFor_Code_RootAndTopUpsInTierOrder(string code, string[] expected)
    {
        Assert.Equal(expected, Edition.ChainFor(code).Select(b => b.Code));
    }

    [Fact]
    public void Describe_Caps_ReadableForPeople()
    {
        Assert.Equal("€650.00 per unit", Edition["RC.PMA"].Caps[0].Description);
        Assert.Equal("1 unit(s) per lifetime per member", Edition["RC.CURE.OBESITY"].Caps[0].Description);
        Assert.Equal("1 unit(s) and €100.00 per calendar year per member", Edition["PP.AMBULANCE.UNAUTH"].Caps[0].Description);
        Assert.Equal("€500.00 per lifetime per member per element", Edition["DO.ORTHO.CHILD"].Caps[0].Description);
        Assert.Equal("€1,500.00 per trip per member", Edition["ASSIST.TRIP.CANCEL"].Caps[0].Description);
        Assert.Equal("€100,000.00 per incident per member", Edition["ASSIST.HOSP.ABROAD"].Caps[0].Description);
    }

    [Fact]
    public void Describe_Rules_ReadableForPeople()
    {
        Assert.Equal("50% of the uncovered amount", Edition["RC.SERIOUS.HOMECARE"].Rule.Description);
        Assert.Equal("20% of the official tariff", Edition["RC.BARIATRIC.FOLLOWUP"].Rule.Description);
        Assert.Equal("20% of the statutory reimbursement", Edition["RC.DENTAL.ORTHO.CHILD"].Rule.Description);
        Assert.Equal("€500.00 per unit", Edition["DO.IMPLANT"].Rule.Description);
        Assert.Equal("a flat amount per element", Edition["DO.PROSTHESIS"].Rule.Description);
    }

    [Fact]
    public void IsKnownCode_CatalogueCodeAndUnknownCode()
    {
        Assert.True(CatalogueSet.BuiltIn.IsKnownCode("DO.ODYSSEE"));
        Assert.False(CatalogueSet.BuiltIn.IsKnownCode("DO.SPA"));
    }

    [Fact]
    public void Tier_PaysInTheOrderRcAssistPpDo()
    {
        Assert.Equal(new[] { Tier.RC, Tier.ASSIST, Tier.PP, Tier.DO }, Enum.GetValues<Tier>().Order());
    }
}
