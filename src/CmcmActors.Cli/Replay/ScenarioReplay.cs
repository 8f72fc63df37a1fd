using CmcmActors.Cli.Scenarios;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Cli.Replay;

/// <summary>
/// Plays a scenario's steps in order against the domain, as the grains would: one <see cref="Family"/> and one
/// <see cref="AccumulatorBook"/> per family (member and family caps share the book, since keys carry scope and owner),
/// the statutory periods per member, and every claim adjudicated against the book as it stands when received.
/// </summary>
internal sealed class ScenarioReplay
{
    /// <summary>The domain's field names in <see cref="Rejection.Field"/>, as the scenario file spells them.</summary>
    private static readonly Dictionary<string, string> FileFieldOf = new(StringComparer.Ordinal)
    {
        ["memberId"] = "member",
        ["applicationReceived"] = "date",
        ["birthDate"] = "birthDate",
        ["level"] = "level",
        ["kind"] = "kind",
        ["amount"] = "amount",
        ["addedOn"] = "date",
        ["requestReceived"] = "date",
        ["paidOn"] = "date",
        ["effective"] = "date",
        ["bornOrAdoptedOn"] = "bornOrAdoptedOn",
    };

    private readonly CatalogueSet _catalogues;
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccumulatorBook> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _familyOfMember = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StatutoryPeriod>> _statutoryPeriods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClaimRecord> _claims = new(StringComparer.Ordinal);
    private readonly List<ClaimRecord> _decided = [];
    private readonly List<ReversalRecord> _reversals = [];

    private ScenarioReplay(CatalogueSet catalogues) => _catalogues = catalogues;

    /// <summary>Replays every step; stops at the first step that cannot be played and names its place.</summary>
    public static Validated<ReplayResult> Run(Scenario scenario, CatalogueSet catalogues)
    {
        var replay = new ScenarioReplay(catalogues);
        foreach (var step in scenario.Steps)
        {
            var errors = replay.Play(step);
            if (errors.Length > 0)
            {
                return Validated<ReplayResult>.Invalid(errors);
            }
        }

        return Validated<ReplayResult>.Valid(new ReplayResult(scenario, catalogues, replay._decided, replay._reversals,
            new Dictionary<string, Family>(replay._families), new Dictionary<string, AccumulatorBook>(replay._books)));
    }

    private InputError[] Play(ScenarioStep step) => step switch
    {
        EnrolmentStep s => Enrol(s),
        ContributionPaymentStep s => OnFamily(s, s.FamilyId, f => f.RecordPayment(s.Year, s.Amount, s.Date)),
        LevelChangeStep s => OnFamily(s, s.FamilyId, f => f.ChangeLevel(s.Date, s.Level)),
        StatutoryPeriodStep s => RecordStatutoryPeriod(s),
        CoAffiliateAddedStep s => AddCoAffiliate(s),
        CoAffiliateRemovedStep s => OnFamily(s, s.FamilyId, f => f.RemoveCoAffiliate(s.MemberId, s.Date)),
        ResignationStep s => OnFamily(s, s.FamilyId, f => f.Resign(s.Date)),
        ReadmissionStep s => OnFamily(s, s.FamilyId, f => f.Readmit(s.Date, s.Level)),
        ClaimStep s => Adjudicate(s),
        ReversalStep s => Reverse(s),
        _ => throw new InvalidOperationException($"No replay for step type {step.GetType().Name}."),
    };

    private InputError[] Enrol(EnrolmentStep step)
    {
        if (_families.ContainsKey(step.FamilyId))
        {
            return Error(step, "family", $"family '{step.FamilyId}' is already enrolled; a family that resigned comes back with a readmission step");
        }

        if (_familyOfMember.TryGetValue(step.MemberId, out var other))
        {
            return Error(step, "member", $"member '{step.MemberId}' is already in family '{other}'");
        }

        var result = Family.Enrol(step.FamilyId, step.MemberId, step.BirthDate, step.Date, step.Level, step.Reason, step.Eligibility);
        if (!result.IsSuccess)
        {
            return Refused(step, result.Rejection!);
        }

        _families.Add(step.FamilyId, result.Value!);
        _books.Add(step.FamilyId, new AccumulatorBook());
        _familyOfMember.Add(step.MemberId, step.FamilyId);
        return [];
    }

    private InputError[] AddCoAffiliate(CoAffiliateAddedStep step)
    {
        if (_familyOfMember.TryGetValue(step.MemberId, out var other))
        {
            return Error(step, "member", $"member '{step.MemberId}' is already in family '{other}'");
        }

        var errors = OnFamily(step, step.FamilyId,
            f => f.AddCoAffiliate(step.MemberId, step.Kind, step.BirthDate, step.CoInsured, step.Date, step.BornOrAdoptedOn));
        if (errors.Length == 0)
        {
            _familyOfMember.Add(step.MemberId, step.FamilyId);
        }

        return errors;
    }

    private InputError[] OnFamily(ScenarioStep step, string familyId, Func<Family, Result<Family>> command)
    {
        if (!_families.TryGetValue(familyId, out var family))
        {
            return Error(step, "family", $"no family '{familyId}' has been enrolled before this step");
        }

        var result = command(family);
        if (!result.IsSuccess)
        {
            return Refused(step, result.Rejection!);
        }

        _families[familyId] = result.Value!;
        return [];
    }

    /// <summary>
    /// Periods must not overlap; a period with the same start as one already recorded replaces it, which is how a
    /// scenario records that an open period has ended.
    /// </summary>
    private InputError[] RecordStatutoryPeriod(StatutoryPeriodStep step)
    {
        if (!_familyOfMember.ContainsKey(step.MemberId))
        {
            return Error(step, "member", $"no member '{step.MemberId}' has been enrolled or added before this step");
        }

        var periods = PeriodsOf(step.MemberId);
        periods.RemoveAll(p => p.From == step.From);
        var period = new StatutoryPeriod(step.From, step.To, step.IllnessUnderTreatment, step.OtherLegalCover);
        var overlap = periods.Find(p => p.From <= (period.To ?? DateOnly.MaxValue) && period.From <= (p.To ?? DateOnly.MaxValue));
        if (overlap is not null)
        {
            return Error(step, "from",
                $"the period overlaps the period from {overlap.From:yyyy-MM-dd} to {(overlap.To is { } to ? to.ToString("yyyy-MM-dd") : "open end")} already recorded for {step.MemberId}");
        }

        periods.Add(period);
        periods.Sort((a, b) => a.From.CompareTo(b.From));
        return [];
    }

    private InputError[] Adjudicate(ClaimStep step)
    {
        if (!_familyOfMember.TryGetValue(step.MemberId, out var familyId))
        {
            return Error(step, "member", $"no member '{step.MemberId}' has been enrolled or added before this step");
        }

        var invalid = ClaimLineValidation.Validate(step.Lines, _catalogues, step.Date, step.Place + ".lines");
        if (invalid.Count > 0)
        {
            return [.. invalid.Select(e => new InputError(e.Field, e.Message))];
        }

        var book = _books[familyId];
        var member = _families[familyId].ProfileOf(step.MemberId, PeriodsOf(step.MemberId).ToArray());
        var adjudication = Adjudicator.Adjudicate(member, step.Lines, book, _catalogues);
        if (adjudication.Outcome != ClaimOutcome.Pended)
        {
            book.Apply(adjudication.Changes);
        }

        var record = new ClaimRecord(step, familyId, adjudication);
        _claims.Add(step.ClaimId, record);
        _decided.Add(record);
        return [];
    }

    private InputError[] Reverse(ReversalStep step)
    {
        if (!_claims.TryGetValue(step.ClaimId, out var claim))
        {
            return Error(step, "claimId", $"no claim '{step.ClaimId}' comes before this step");
        }

        if (claim.IsPended)
        {
            return Error(step, "claimId", $"claim '{step.ClaimId}' ({claim.Step.Place}) was pended: it paid nothing, so there is nothing to reverse");
        }

        if (claim.ReversedBy is { } earlier)
        {
            return Error(step, "claimId", $"claim '{step.ClaimId}' was already reversed at {earlier.Place}");
        }

        _books[claim.FamilyId].Apply(claim.Adjudication.ReversalChanges);
        claim.ReversedBy = step;
        _reversals.Add(new ReversalRecord(step, claim));
        return [];
    }

    private List<StatutoryPeriod> PeriodsOf(string memberId)
    {
        if (!_statutoryPeriods.TryGetValue(memberId, out var periods))
        {
            periods = [];
            _statutoryPeriods.Add(memberId, periods);
        }

        return periods;
    }

    private static InputError[] Error(ScenarioStep step, string field, string message) => [new(step.Place + "." + field, message)];

    /// <summary>A domain refusal of a family command: the scenario asks for something the rules do not allow.</summary>
    private static InputError[] Refused(ScenarioStep step, Rejection rejection)
    {
        var place = rejection.Field is { } field && FileFieldOf.TryGetValue(field, out var fileField)
            ? step.Place + "." + fileField
            : rejection.Code.StartsWith("not-eligible", StringComparison.Ordinal) ? step.Place + ".eligibility" : step.Place;
        return [new(place, $"refused by the rules ({rejection.Code}): {rejection.Message}")];
    }
}
