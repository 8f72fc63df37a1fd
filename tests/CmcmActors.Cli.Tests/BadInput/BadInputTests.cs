using CmcmActors.Cli.Tests.Support;

namespace CmcmActors.Cli.Tests.BadInput;

/// <summary>Bad input ends with exit code 2 and one message per problem on stderr, naming the place in the file.</summary>
public sealed class BadInputTests
{
    private static void AssertRejected(string json, params string[] expected)
    {
        using var file = new TempFile(json);
        var run = Cmcm.Run("replay", file.Path, "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal(expected.Select(e => $"{file.Path}: {e}"), run.ErrorLines);
    }

    [Fact]
    public void ValidScenario_ExitsWithZero()
    {
        using var file = new TempFile(ScenarioJson.Valid);

        var run = Cmcm.Run("replay", file.Path, "--json");

        Assert.Equal((0, ""), (run.ExitCode, run.Err));
        Assert.Equal(150.00m, run.Json.Euros("totals", "netPaid"));
    }

    [Fact]
    public void MalformedJson_NamesLineAndPosition() =>
        AssertRejected(ScenarioJson.ValidWith("\"level\": \"RC+PP+DO\", \"reason\"", "\"level\": \"RC+PP+DO\" \"reason\""),
            "malformed JSON at line 4, position 129: '\"' is invalid after a value. Expected either ',', '}', or ']'.");

    [Fact]
    public void UnknownBenefitCode_NamesTheLine() =>
        AssertRejected(ScenarioJson.ValidWith("DO.OPTIC.LENSES", "DO.OPTIC.MONOCLE"),
            "steps[3].lines[0].benefitCode: Unknown benefit code 'DO.OPTIC.MONOCLE'.");

    [Fact]
    public void StatutoryReimbursementAboveInvoice_NamesTheField() =>
        AssertRejected(ScenarioJson.ValidWith("\"statutoryReimbursement\": 50.00", "\"statutoryReimbursement\": 250.00"),
            "steps[3].lines[0].statutoryReimbursement: The statutory reimbursement cannot exceed the invoiced amount.");

    [Fact]
    public void NegativeAmount_NamesTheField() =>
        AssertRejected(ScenarioJson.ValidWith("\"statutoryReimbursement\": 50.00", "\"statutoryReimbursement\": -50.00"),
            "steps[3].lines[0].statutoryReimbursement: The amount cannot be negative.");

    [Fact]
    public void MoreThanTwoDecimals_NamesTheField() =>
        AssertRejected(ScenarioJson.ValidWith("\"invoiced\": 200.00", "\"invoiced\": 200.005"),
            "steps[3].lines[0].invoiced: 200.005 has more than 2 decimals; amounts are euros and cents");

    [Fact]
    public void StepDatedBeforeThePreviousStep_NamesItsDate() =>
        AssertRejected(ScenarioJson.ValidWith("\"date\": \"2026-01-10\"", "\"date\": \"2026-01-04\""),
            "steps[2].date: 2026-01-04 is before the date of the previous step (steps[1], 2026-01-05); steps must be in date order");

    [Fact]
    public void ClaimReceivedBeforeTheDateOfCare_NamesTheDateOfCare() =>
        AssertRejected(ScenarioJson.ValidWith("\"dateOfCare\": \"2026-09-10\"", "\"dateOfCare\": \"2026-09-21\""),
            "steps[3].lines[0].dateOfCare: 2026-09-21 is after the date the claim was received (2026-09-20)");

    [Fact]
    public void DateNotIso_NamesTheField() =>
        AssertRejected(ScenarioJson.ValidWith("\"dateOfCare\": \"2026-09-10\"", "\"dateOfCare\": \"10/09/2026\""),
            "steps[3].lines[0].dateOfCare: '10/09/2026' is not a date written yyyy-MM-dd");

    [Fact]
    public void MisspeltAndMissingFields_AreEachNamed() =>
        AssertRejected(ScenarioJson.ValidWith("\"statutoryReimbursement\": 50.00", "\"statutoryReimbursment\": 50.00"),
            "steps[3].lines[0].statutoryReimbursment: unknown field; expected one of: benefitCode, dateOfCare, invoiced, statutoryReimbursement, officialTariff, units, element, countryOfCare, authorised, serious, programmeCompleted, circumstances, documents, incidentId, tripId",
            "steps[3].lines[0].statutoryReimbursement: is required");

    [Fact]
    public void FieldWrittenTwice_IsNamed() =>
        AssertRejected(ScenarioJson.ValidWith("\"invoiced\": 200.00", "\"invoiced\": 200.00, \"invoiced\": 300.00"),
            "steps[3].lines[0].invoiced: the field appears twice");

    [Fact]
    public void ClaimDateMissing_IsNamedOnce_WithoutComparingTheCareDateToIt() =>
        AssertRejected(ScenarioJson.ValidWith("\"date\": \"2026-09-20\", ", ""),
            "steps[3].date: is required");

    [Fact]
    public void WrongKindOfValue_NamesTheField() =>
        AssertRejected(ScenarioJson.ValidWith("\"invoiced\": 200.00", "\"invoiced\": \"200.00\""),
            "steps[3].lines[0].invoiced: expected an amount in euros (a JSON number such as 1340.00), found the string \"200.00\"");

    [Fact]
    public void UnknownStepType_ListsTheTypes() =>
        AssertRejected(ScenarioJson.ValidWith("\"type\": \"contributionPayment\"", "\"type\": \"payment\""),
            "steps[2].type: unknown step type 'payment'; expected one of: enrolment, contributionPayment, levelChange, statutoryPeriod, coAffiliateAdded, coAffiliateRemoved, resignation, readmission, claim, reverse");

    [Fact]
    public void IneligibleEnrolment_IsADomainRefusalAtTheEligibility() =>
        AssertRejected(ScenarioJson.ValidWith("\"domicileCountry\": \"LU\"", "\"domicileCountry\": \"ES\""),
            "steps[0].eligibility: refused by the rules (not-eligible:domicile): With a Luxembourg fund or the EU institutions' scheme, the domicile must be in Luxembourg, Germany, Belgium or France.");

    [Fact]
    public void ChangeToTheLevelAlreadyHeld_IsADomainRefusalAtTheLevel() =>
        AssertRejected(ScenarioJson.ValidThen("""{ "type": "levelChange", "date": "2026-09-21", "family": "F1", "level": "RC+PP+DO" }"""),
            "steps[4].level: refused by the rules (same-level): The family already holds RC+PP+DO.");

    [Fact]
    public void StepOnAFamilyNeverEnrolled_NamesTheFamily() =>
        AssertRejected(ScenarioJson.ValidWith("\"family\": \"F1\", \"year\"", "\"family\": \"F9\", \"year\""),
            "steps[2].family: no family 'F9' has been enrolled before this step");

    [Fact]
    public void ClaimForAnUnknownMember_NamesTheMember() =>
        AssertRejected(ScenarioJson.ValidWith("\"claimId\": \"C1\", \"member\": \"M1\"", "\"claimId\": \"C1\", \"member\": \"M2\""),
            "steps[3].member: no member 'M2' has been enrolled or added before this step");

    [Fact]
    public void OverlappingStatutoryPeriods_NameTheLaterPeriod() =>
        AssertRejected(ScenarioJson.ValidThen("""{ "type": "statutoryPeriod", "date": "2026-09-21", "member": "M1", "from": "2010-01-01", "to": "2011-12-31" }"""),
            "steps[4].from: the period overlaps the period from 2000-01-01 to open end already recorded for M1");

    [Fact]
    public void DuplicateClaimId_NamesTheSecondClaim() =>
        AssertRejected(ScenarioJson.ValidThen("""
            { "type": "claim", "date": "2026-09-21", "claimId": "C1", "member": "M1",
              "lines": [ { "benefitCode": "DO.OPTIC.FRAMES", "dateOfCare": "2026-09-10", "invoiced": 80.00, "statutoryReimbursement": 0.00 } ] }
            """),
            "steps[4].claimId: claim 'C1' already appears at steps[3]");

    [Fact]
    public void ReversalOfAnUnknownClaim_NamesTheClaimId() =>
        AssertRejected(ScenarioJson.ValidThen("""{ "type": "reverse", "date": "2026-09-21", "claimId": "C7" }"""),
            "steps[4].claimId: no claim 'C7' comes before this step");

    [Fact]
    public void ReversalTwice_NamesTheSecondReversal() =>
        AssertRejected(ScenarioJson.ValidThen("""
            { "type": "reverse", "date": "2026-09-21", "claimId": "C1" },
            { "type": "reverse", "date": "2026-09-22", "claimId": "C1" }
            """),
            "steps[5].claimId: claim 'C1' was already reversed at steps[4]");

    [Fact]
    public void ReversalOfAPendedClaim_IsAnInputError() =>
        AssertRejected(ScenarioJson.ValidThen("""
            { "type": "claim", "date": "2026-09-21", "claimId": "C2", "member": "M1",
              "lines": [ { "benefitCode": "ASSIST.TRIP.CANCEL", "dateOfCare": "2026-09-10", "invoiced": 800.00, "statutoryReimbursement": 0.00,
                           "circumstances": [ "illness" ], "tripId": "T1" } ] },
            { "type": "reverse", "date": "2026-09-22", "claimId": "C2" }
            """),
            "steps[5].claimId: claim 'C2' (steps[4]) was pended: it paid nothing, so there is nothing to reverse");

    [Fact]
    public void EmptySteps_IsAnError() =>
        AssertRejected("""{ "steps": [] }""", "steps: a scenario needs at least one step");

    [Fact]
    public void MissingFile_SaysItCannotBeRead()
    {
        var path = Path.Combine(Path.GetTempPath(), "cmcm-no-such-scenario.json");

        var run = Cmcm.Run("replay", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{path}: cannot read the file: ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedDraftCatalogue_NamesTheDraftFile()
    {
        using var draft = new TempFile("""{ "edition": "x", """, "draft.json");

        var run = Cmcm.Run("replay", Cmcm.Scenario("brochure-implants.json"), "--catalogue", draft.Path, "--compare");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{draft.Path}: malformed JSON", run.Err, StringComparison.Ordinal);
    }
}
