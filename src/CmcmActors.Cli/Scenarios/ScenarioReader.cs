using System.Text.Json;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;

namespace CmcmActors.Cli.Scenarios;

/// <summary>
/// Reads a scenario file (docs/scenario-format.md) and checks everything that does not need the rules: JSON syntax,
/// fields and their kinds, at most 2 decimals, dates in order, claim ids. Every error names its place in the file.
/// </summary>
internal static class ScenarioReader
{
    public static readonly IReadOnlyDictionary<string, CoverageLevel> Levels = new Dictionary<string, CoverageLevel>(StringComparer.Ordinal)
    {
        ["RC"] = CoverageLevel.RC,
        ["RC+PP"] = CoverageLevel.RC_PP,
        ["RC+PP+DO"] = CoverageLevel.RC_PP_DO,
    };

    public static readonly IReadOnlyDictionary<string, EnrolmentReason> Reasons = new Dictionary<string, EnrolmentReason>(StringComparer.Ordinal)
    {
        ["firstTime"] = EnrolmentReason.FirstTime,
        ["readmission"] = EnrolmentReason.Readmission,
        ["formerCoAffiliate"] = EnrolmentReason.FormerCoAffiliate,
        ["afterDivorce"] = EnrolmentReason.AfterDivorceOrEndOfPartnership,
    };

    public static readonly IReadOnlyDictionary<string, MemberKind> CoAffiliateKinds = new Dictionary<string, MemberKind>(StringComparer.Ordinal)
    {
        ["spouseOrPartner"] = MemberKind.SpouseOrPartner,
        ["householdRelative"] = MemberKind.HouseholdRelative,
        ["child"] = MemberKind.Child,
        ["fosterChild"] = MemberKind.FosterChild,
    };

    public static readonly IReadOnlyDictionary<string, StatutoryInsuranceKind> Insurances = new Dictionary<string, StatutoryInsuranceKind>(StringComparer.Ordinal)
    {
        ["luxembourgFund"] = StatutoryInsuranceKind.LuxembourgFund,
        ["euInstitutions"] = StatutoryInsuranceKind.EuInstitutions,
        ["neighbouringCountryScheme"] = StatutoryInsuranceKind.NeighbouringCountryScheme,
        ["none"] = StatutoryInsuranceKind.None,
    };

    private static readonly string[] RootFields = ["title", "description", "steps"];
    private static readonly string[] CommonFields = ["type", "date", "note"];
    private static readonly string[] EligibilityFields =
        ["memberOfRecognisedMutual", "paysMutualityFamilyContribution", "statutoryInsurance", "domicileCountry", "domicileRegion"];

    private static readonly string[] LineFields =
    [
        "benefitCode", "dateOfCare", "invoiced", "statutoryReimbursement", "officialTariff", "units", "element", "countryOfCare",
        "authorised", "serious", "programmeCompleted", "circumstances", "documents", "incidentId", "tripId",
    ];

    /// <param name="date">The step's date, or null when it is missing or wrong (the step is then dropped, but its other fields are still checked).</param>
    private delegate ScenarioStep? StepParser(JsonFields fields, int index, DateOnly? date, string? note, List<InputError> errors);

    private static readonly Dictionary<string, (string[] Fields, StepParser Parse)> StepTypes = new(StringComparer.Ordinal)
    {
        ["enrolment"] = (["family", "member", "birthDate", "level", "reason", "eligibility"], ReadEnrolment),
        ["contributionPayment"] = (["family", "year", "amount"], ReadContributionPayment),
        ["levelChange"] = (["family", "level"], ReadLevelChange),
        ["statutoryPeriod"] = (["member", "from", "to", "illnessUnderTreatment", "otherLegalCover"], ReadStatutoryPeriod),
        ["coAffiliateAdded"] = (["family", "member", "kind", "birthDate", "coInsured", "bornOrAdoptedOn"], ReadCoAffiliateAdded),
        ["coAffiliateRemoved"] = (["family", "member"], ReadCoAffiliateRemoved),
        ["resignation"] = (["family"], ReadResignation),
        ["readmission"] = (["family", "level"], ReadReadmission),
        ["claim"] = (["claimId", "member", "lines"], ReadClaim),
        ["reverse"] = (["claimId"], ReadReversal),
    };

    public static Validated<Scenario> ReadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Validated<Scenario>.Invalid("", "cannot read the file: " + e.Message);
        }

        return Read(json, path);
    }

    public static Validated<Scenario> Read(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return Validated<Scenario>.Invalid("",
                $"malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {WithoutPosition(e.Message)}");
        }

        using (document)
        {
            var errors = new List<InputError>();
            var root = JsonFields.Of(document.RootElement, "", errors, RootFields);
            if (root is null)
            {
                return Validated<Scenario>.Invalid(errors);
            }

            var title = root.String("title", required: false);
            var description = root.String("description", required: false);
            var steps = new List<ScenarioStep>();
            var elements = root.Array("steps");
            for (var index = 0; elements is not null && index < elements.Count; index++)
            {
                if (ReadStep(elements[index].Element, index, errors) is { } step)
                {
                    steps.Add(step);
                }
            }

            if (elements is { Count: 0 })
            {
                root.Error("steps", "a scenario needs at least one step");
            }

            CheckOrder(steps, errors);
            CheckClaimIds(steps, errors);
            return errors.Count > 0
                ? Validated<Scenario>.Invalid(errors)
                : Validated<Scenario>.Valid(new Scenario(source, title, description, steps));
        }
    }

    private static ScenarioStep? ReadStep(JsonElement element, int index, List<InputError> errors)
    {
        var place = $"steps[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(place, "expected a step object with a \"type\""));
            return null;
        }

        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(place + ".type", $"is required: one of {string.Join(", ", StepTypes.Keys)}"));
            return null;
        }

        var type = typeElement.GetString()!;
        if (!StepTypes.TryGetValue(type, out var stepType))
        {
            errors.Add(new(place + ".type", $"unknown step type '{type}'; expected one of: {string.Join(", ", StepTypes.Keys)}"));
            return null;
        }

        var before = errors.Count;
        var fields = JsonFields.Of(element, place, errors, [.. CommonFields, .. stepType.Fields])!;
        var date = fields.Date("date");
        var note = fields.String("note", required: false);
        var step = stepType.Parse(fields, index, date, note, errors);
        return errors.Count > before || date is null ? null : step;
    }

    private static EnrolmentStep? ReadEnrolment(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var family = f.String("family");
        var member = f.String("member");
        var birthDate = f.Date("birthDate");
        var level = f.Choice("level", Levels);
        var reason = f.Choice("reason", Reasons);
        var eligibility = f.Object("eligibility") is { } e ? ReadEligibility(e, f.PlaceOf("eligibility"), errors) : null;
        return family is null || member is null || birthDate is null || level is null || reason is null || eligibility is null
            ? null
            : new EnrolmentStep(index, date ?? default, note, family, member, birthDate.Value, level.Value, reason.Value, eligibility);
    }

    private static EligibilityFacts? ReadEligibility(JsonElement element, string place, List<InputError> errors)
    {
        var f = JsonFields.Of(element, place, errors, EligibilityFields);
        if (f is null)
        {
            return null;
        }

        var mutual = f.Boolean("memberOfRecognisedMutual");
        var paysMutuality = f.Boolean("paysMutualityFamilyContribution", required: false) ?? false;
        var insurance = f.Choice("statutoryInsurance", Insurances);
        var country = f.String("domicileCountry");
        var region = f.String("domicileRegion", required: false);
        return mutual is null || insurance is null || country is null
            ? null
            : new EligibilityFacts(mutual.Value, paysMutuality, insurance.Value, new Domicile(country, region));
    }

    private static ContributionPaymentStep? ReadContributionPayment(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var family = f.String("family");
        var year = f.Integer("year");
        var amount = f.Amount("amount");
        if (year is < 1900 or > 2200)
        {
            f.Error("year", $"{year} is not a contribution year");
        }

        return family is null || year is null || amount is null ? null : new ContributionPaymentStep(index, date ?? default, note, family, year.Value, amount.Value);
    }

    private static LevelChangeStep? ReadLevelChange(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var family = f.String("family");
        var level = f.Choice("level", Levels);
        return family is null || level is null ? null : new LevelChangeStep(index, date ?? default, note, family, level.Value);
    }

    private static StatutoryPeriodStep? ReadStatutoryPeriod(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var member = f.String("member");
        var from = f.Date("from");
        var to = f.Date("to", required: false);
        var illness = f.Boolean("illnessUnderTreatment", required: false) ?? false;
        var otherCover = f.Boolean("otherLegalCover", required: false) ?? false;
        if (from is { } start && to is { } end && end < start)
        {
            f.Error("to", $"{end:yyyy-MM-dd} is before the period's start {start:yyyy-MM-dd}");
            return null;
        }

        return member is null || from is null ? null : new StatutoryPeriodStep(index, date ?? default, note, member, from.Value, to, illness, otherCover);
    }

    private static CoAffiliateAddedStep? ReadCoAffiliateAdded(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var family = f.String("family");
        var member = f.String("member");
        var kind = f.Choice("kind", CoAffiliateKinds);
        var birthDate = f.Date("birthDate");
        var coInsured = f.Boolean("coInsured");
        var bornOrAdoptedOn = f.Date("bornOrAdoptedOn", required: false);
        if (bornOrAdoptedOn is { } born && date is { } added && born > added)
        {
            f.Error("bornOrAdoptedOn", $"{born:yyyy-MM-dd} is after the step's date {added:yyyy-MM-dd}");
            return null;
        }

        return family is null || member is null || kind is null || birthDate is null || coInsured is null
            ? null
            : new CoAffiliateAddedStep(index, date ?? default, note, family, member, kind.Value, birthDate.Value, coInsured.Value, bornOrAdoptedOn);
    }

    private static CoAffiliateRemovedStep? ReadCoAffiliateRemoved(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var family = f.String("family");
        var member = f.String("member");
        return family is null || member is null ? null : new CoAffiliateRemovedStep(index, date ?? default, note, family, member);
    }

    private static ResignationStep? ReadResignation(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors) =>
        f.String("family") is { } family ? new ResignationStep(index, date ?? default, note, family) : null;

    private static ReadmissionStep? ReadReadmission(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var family = f.String("family");
        var level = f.Choice("level", Levels);
        return family is null || level is null ? null : new ReadmissionStep(index, date ?? default, note, family, level.Value);
    }

    private static ClaimStep? ReadClaim(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors)
    {
        var claimId = f.String("claimId");
        var member = f.String("member");
        var lines = new List<ClaimLine>();
        var linesOk = true;
        foreach (var (element, place) in f.Array("lines") ?? [])
        {
            if (ReadLine(element, place, date, errors) is { } line)
            {
                lines.Add(line);
            }
            else
            {
                linesOk = false;
            }
        }

        return claimId is null || member is null || !linesOk || !f.Has("lines") ? null : new ClaimStep(index, date ?? default, note, claimId, member, lines);
    }

    private static ClaimLine? ReadLine(JsonElement element, string place, DateOnly? received, List<InputError> errors)
    {
        var f = JsonFields.Of(element, place, errors, LineFields);
        if (f is null)
        {
            return null;
        }

        var before = errors.Count;
        var code = f.String("benefitCode");
        var dateOfCare = f.Date("dateOfCare");
        var invoiced = f.Amount("invoiced");
        var statutory = f.Amount("statutoryReimbursement");
        var tariff = f.Amount("officialTariff", required: false);
        var units = f.Integer("units", required: false) ?? 1;
        var act = f.String("element", required: false);
        var country = f.String("countryOfCare", required: false) ?? "LU";
        var authorised = f.Boolean("authorised", required: false);
        var serious = f.Boolean("serious", required: false);
        var completed = f.Boolean("programmeCompleted", required: false);
        var circumstances = f.Strings("circumstances");
        var documents = f.Strings("documents");
        var incident = f.String("incidentId", required: false);
        var trip = f.String("tripId", required: false);
        if (dateOfCare is { } care && received is { } claimReceived && care > claimReceived)
        {
            f.Error("dateOfCare", $"{care:yyyy-MM-dd} is after the date the claim was received ({claimReceived:yyyy-MM-dd})");
        }

        if (errors.Count > before || code is null || dateOfCare is null || invoiced is null || statutory is null)
        {
            return null;
        }

        return new ClaimLine(code, dateOfCare.Value, invoiced.Value, statutory.Value, tariff, units, act, country,
            authorised, serious, completed, circumstances, documents, incident, trip);
    }

    private static ReversalStep? ReadReversal(JsonFields f, int index, DateOnly? date, string? note, List<InputError> errors) =>
        f.String("claimId") is { } claimId ? new ReversalStep(index, date ?? default, note, claimId) : null;

    /// <summary>Steps happen in date order: a step dated before the previous one is an error.</summary>
    private static void CheckOrder(List<ScenarioStep> steps, List<InputError> errors)
    {
        for (var i = 1; i < steps.Count; i++)
        {
            var previous = steps[i - 1];
            var step = steps[i];
            if (step.Date < previous.Date)
            {
                errors.Add(new(step.Place + ".date",
                    $"{step.Date:yyyy-MM-dd} is before the date of the previous step ({previous.Place}, {previous.Date:yyyy-MM-dd}); steps must be in date order"));
            }
        }
    }

    /// <summary>Claim ids are unique, and a reversal names a claim that comes before it.</summary>
    private static void CheckClaimIds(List<ScenarioStep> steps, List<InputError> errors)
    {
        var claims = new Dictionary<string, ClaimStep>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            switch (step)
            {
                case ClaimStep claim when claims.TryGetValue(claim.ClaimId, out var first):
                    errors.Add(new(claim.Place + ".claimId", $"claim '{claim.ClaimId}' already appears at {first.Place}"));
                    break;
                case ClaimStep claim:
                    claims.Add(claim.ClaimId, claim);
                    break;
                case ReversalStep reversal when !claims.ContainsKey(reversal.ClaimId):
                    errors.Add(new(reversal.Place + ".claimId", $"no claim '{reversal.ClaimId}' comes before this step"));
                    break;
            }
        }
    }

    /// <summary>System.Text.Json ends its messages with the position, which the error already gives in words.</summary>
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
