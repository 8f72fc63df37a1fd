using System.Security.Cryptography;
using System.Text;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.People;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Domain.Import;

/// <summary>What a check of the import files found: the families ready to import, and every bad row.</summary>
/// <param name="Refused">Families with at least one bad row: none of their rows is imported.</param>
public sealed record ImportCheckResult(IReadOnlyList<ImportedFamily> Families, IReadOnlyList<ImportError> Errors, IReadOnlyList<string> Refused);

/// <summary>
/// Checks the rows of an import and builds each family through the domain's own commands (enrolment, co-affiliates,
/// level changes, payments), so that an imported family obeys the rules a family entered at the desk obeys. Every bad
/// row is named (file, line, field, why); a family with one bad row anywhere (its roster, tiers, payments, its members'
/// statutory periods or opening balances) is refused whole. Pure: no clock, no storage.
/// </summary>
public static partial class FamilyImportCheck
{
    /// <summary>Imported families were members of the CMCM already: they are eligible.</summary>
    public static readonly EligibilityFacts ExistingMember = new(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"));

    private static readonly Dictionary<string, EnrolmentReason> Reasons = new(StringComparer.Ordinal)
    {
        ["firstTime"] = EnrolmentReason.FirstTime,
        ["readmission"] = EnrolmentReason.Readmission,
        ["formerCoAffiliate"] = EnrolmentReason.FormerCoAffiliate,
        ["afterDivorce"] = EnrolmentReason.AfterDivorceOrEndOfPartnership,
    };

    private static readonly Dictionary<string, MemberKind> Kinds = new(StringComparer.Ordinal)
    {
        ["mainAffiliate"] = MemberKind.MainAffiliate,
        ["spouseOrPartner"] = MemberKind.SpouseOrPartner,
        ["householdRelative"] = MemberKind.HouseholdRelative,
        ["child"] = MemberKind.Child,
        ["fosterChild"] = MemberKind.FosterChild,
    };

    private static readonly Dictionary<string, CoverageLevel> Levels = new(StringComparer.Ordinal)
    {
        ["RC"] = CoverageLevel.RC,
        ["RC+PP"] = CoverageLevel.RC_PP,
        ["RC+PP+DO"] = CoverageLevel.RC_PP_DO,
    };

    private sealed record FamilyLine(ImportRow Row, string FamilyId, DateOnly AppliedOn, EnrolmentReason Reason);

    private sealed record MemberLine(ImportRow Row, string FamilyId, string MemberId, MemberKind Kind, DateOnly BirthDate, Person Person, DateOnly? AddedOn, bool CoInsured, DateOnly? BornOrAdoptedOn);

    private sealed record TierLine(ImportRow Row, DateOnly Start, CoverageLevel Level);

    private sealed record PaymentLine(ImportRow Row, int Year, Money.Money Amount, DateOnly PaidOn);

    private sealed record PeriodLine(ImportRow Row, StatutoryPeriod Period);

    private sealed class Draft(FamilyLine family)
    {
        public FamilyLine Family { get; } = family;
        public List<MemberLine> Members { get; } = [];
        public List<TierLine> Tiers { get; } = [];
        public List<PaymentLine> Payments { get; } = [];
        public Dictionary<string, List<PeriodLine>> Periods { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<AccumulatorChange>> Opening { get; } = new(StringComparer.Ordinal);
        public List<AccumulatorChange> FamilyOpening { get; } = [];
        public List<ImportRow> Rows { get; } = [];
    }

    public static ImportCheckResult Check(ImportRowSet rows, CatalogueSet catalogue)
    {
        var errors = new List<ImportError>();
        var bad = new HashSet<string>(StringComparer.Ordinal);
        var drafts = ReadFamilies(rows.Families, errors, bad);
        var memberFamily = ReadMembers(rows.Members, drafts, errors, bad);
        ReadTiers(rows.Tiers, drafts, errors, bad);
        ReadPayments(rows.Contributions, drafts, errors, bad);
        ReadPeriods(rows.StatutoryPeriods, drafts, memberFamily, errors, bad);
        ReadBalances(rows.Balances, catalogue, drafts, memberFamily, errors, bad);

        var built = new List<ImportedFamily>(drafts.Count);
        foreach (var draft in drafts.Values)
        {
            if (bad.Contains(draft.Family.FamilyId))
            {
                continue;
            }

            var family = Build(draft, errors);
            if (family is null)
            {
                bad.Add(draft.Family.FamilyId);
            }
            else
            {
                built.Add(family);
            }
        }

        return new ImportCheckResult(built, [.. errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)], [.. bad.Order(StringComparer.Ordinal)]);
    }

    private static Dictionary<string, Draft> ReadFamilies(IReadOnlyList<ImportRow> rows, List<ImportError> errors, HashSet<string> bad)
    {
        var drafts = new Dictionary<string, Draft>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var f = new ImportFields(row, errors);
            var id = f.Id("family_id");
            var appliedOn = f.Date("applied_on");
            var reason = f.Choice("reason", Reasons, EnrolmentReason.FirstTime);
            if (id is null)
            {
                continue;
            }

            if (firstLine.TryGetValue(id, out var line))
            {
                f.Error("family_id", $"Family {id} is already on line {line}.");
                bad.Add(id);
                continue;
            }

            firstLine[id] = row.Line;
            if (f.ErrorCount > 0)
            {
                bad.Add(id);
            }

            var draft = new Draft(new FamilyLine(row, id, appliedOn ?? default, reason ?? default));
            draft.Rows.Add(row);
            drafts[id] = draft;
        }

        return drafts;
    }

    /// <summary>Reads the members; returns each member's family.</summary>
    private static Dictionary<string, string> ReadMembers(IReadOnlyList<ImportRow> rows, Dictionary<string, Draft> drafts, List<ImportError> errors, HashSet<string> bad)
    {
        var memberFamily = new Dictionary<string, string>(StringComparer.Ordinal);
        var memberLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var numberRows = new Dictionary<string, List<(ImportRow Row, string FamilyId)>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var f = new ImportFields(row, errors);
            var familyId = f.Id("family_id");
            var memberId = f.Id("member_id");
            var kind = f.Choice("kind", Kinds);
            var birthDate = f.Date("birth_date");
            var addedOn = f.Date("added_on", required: false);
            var coInsured = f.Bool("co_insured", fallback: true);
            var bornOrAdopted = f.Date("born_or_adopted_on", required: false);
            var (person, personErrors) = PersonValidation.Check(row["surname"], row["given_names"], row["national_number"], birthDate, nationalNumberRequired: true);
            foreach (var (field, message) in personErrors)
            {
                f.Error(field switch { "givenNames" => "given_names", "nationalNumber" => "national_number", _ => field }, message);
            }

            Draft? draft = null;
            if (familyId is not null && !drafts.TryGetValue(familyId, out draft))
            {
                f.Error("family_id", $"Family {familyId} is not in {ImportFiles.Families}.");
            }

            if (memberId is not null)
            {
                if (memberLine.TryGetValue(memberId, out var line))
                {
                    f.Error("member_id", $"Member {memberId} is already on line {line}: a person belongs to one family.");
                    if (memberFamily.TryGetValue(memberId, out var first))
                    {
                        bad.Add(first);
                    }
                }
                else
                {
                    memberLine[memberId] = row.Line;
                    if (familyId is not null)
                    {
                        memberFamily[memberId] = familyId;
                    }
                }
            }

            if (person?.NationalNumber is { } number && familyId is not null)
            {
                numberRows.TryAdd(number, []);
                numberRows[number].Add((row, familyId));
            }

            if (draft is null)
            {
                continue;
            }

            draft.Rows.Add(row);
            if (f.ErrorCount > 0 || memberId is null || kind is null || birthDate is null || person is null || coInsured is null)
            {
                bad.Add(draft.Family.FamilyId);
                continue;
            }

            draft.Members.Add(new MemberLine(row, draft.Family.FamilyId, memberId, kind.Value, birthDate.Value, person, addedOn, coInsured.Value, bornOrAdopted));
        }

        foreach (var (_, holders) in numberRows.Where(n => n.Value.Count > 1))
        {
            foreach (var (row, familyId) in holders)
            {
                var others = string.Join(", ", holders.Where(h => h.Row != row).Select(h => h.Row.Line));
                errors.Add(new ImportError(row.File, row.Line, "national_number", $"This national number is held twice (also line {others}): a person has one member id."));
                bad.Add(familyId);
            }
        }

        foreach (var draft in drafts.Values)
        {
            var mains = draft.Members.Where(m => m.Kind == MemberKind.MainAffiliate).ToArray();
            if (mains.Length == 0 && !bad.Contains(draft.Family.FamilyId))
            {
                foreach (var co in draft.Members)
                {
                    errors.Add(new ImportError(co.Row.File, co.Row.Line, "family_id", $"Family {co.FamilyId} has no main affiliate in {ImportFiles.Members}: a co-affiliate needs one."));
                }

                errors.Add(new ImportError(draft.Family.Row.File, draft.Family.Row.Line, "family_id", $"Family {draft.Family.FamilyId} has no main affiliate in {ImportFiles.Members}."));
                bad.Add(draft.Family.FamilyId);
            }

            foreach (var extra in mains.Skip(1))
            {
                errors.Add(new ImportError(extra.Row.File, extra.Row.Line, "kind", $"Family {draft.Family.FamilyId} has its main affiliate on line {mains[0].Row.Line}: a family has one."));
                bad.Add(draft.Family.FamilyId);
            }
        }

        return memberFamily;
    }

    private static void ReadTiers(IReadOnlyList<ImportRow> rows, Dictionary<string, Draft> drafts, List<ImportError> errors, HashSet<string> bad)
    {
        foreach (var row in rows)
        {
            var f = new ImportFields(row, errors);
            var familyId = f.Id("family_id");
            var start = f.Date("start");
            var level = f.Choice("level", Levels);
            if (start is { Day: not 1 })
            {
                f.Error("start", "A tier starts on the first day of a month.");
            }

            if (Owner(f, familyId, drafts) is not { } draft)
            {
                continue;
            }

            draft.Rows.Add(row);
            if (f.ErrorCount > 0)
            {
                bad.Add(draft.Family.FamilyId);
                continue;
            }

            draft.Tiers.Add(new TierLine(row, start!.Value, level!.Value));
        }

        foreach (var draft in drafts.Values.Where(d => d.Tiers.Count == 0 && !bad.Contains(d.Family.FamilyId)))
        {
            errors.Add(new ImportError(draft.Family.Row.File, draft.Family.Row.Line, "family_id", $"Family {draft.Family.FamilyId} has no tier in {ImportFiles.Tiers}."));
            bad.Add(draft.Family.FamilyId);
        }
    }

    private static void ReadPayments(IReadOnlyList<ImportRow> rows, Dictionary<string, Draft> drafts, List<ImportError> errors, HashSet<string> bad)
    {
        foreach (var row in rows)
        {
            var f = new ImportFields(row, errors);
            var familyId = f.Id("family_id");
            var year = f.Int("year", 1900, 2200);
            var amount = f.Euros("amount");
            var paidOn = f.Date("paid_on");
            if (amount is { IsZero: true })
            {
                f.Error("amount", "A contribution payment is positive.");
            }

            if (Owner(f, familyId, drafts) is not { } draft)
            {
                continue;
            }

            draft.Rows.Add(row);
            if (f.ErrorCount > 0)
            {
                bad.Add(draft.Family.FamilyId);
                continue;
            }

            draft.Payments.Add(new PaymentLine(row, year!.Value, amount!.Value, paidOn!.Value));
        }
    }

    private static void ReadPeriods(IReadOnlyList<ImportRow> rows, Dictionary<string, Draft> drafts, Dictionary<string, string> memberFamily, List<ImportError> errors, HashSet<string> bad)
    {
        foreach (var row in rows)
        {
            var f = new ImportFields(row, errors);
            var memberId = f.Id("member_id");
            var from = f.Date("from");
            var to = f.Date("to", required: false);
            var illness = f.Bool("illness_under_treatment", false);
            var otherCover = f.Bool("other_legal_cover", false);
            if (from is { } start && to is { } end && end < start)
            {
                f.Error("to", $"Dates out of order: the period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).");
            }

            if (memberId is null)
            {
                continue;
            }

            if (!memberFamily.TryGetValue(memberId, out var familyId) || !drafts.TryGetValue(familyId, out var draft))
            {
                f.Error("member_id", $"Member {memberId} is not in {ImportFiles.Members}.");
                continue;
            }

            draft.Rows.Add(row);
            if (f.ErrorCount > 0)
            {
                bad.Add(familyId);
                continue;
            }

            var periods = draft.Periods.TryGetValue(memberId, out var list) ? list : draft.Periods[memberId] = [];
            var period = new StatutoryPeriod(from!.Value, to, illness!.Value, otherCover!.Value);
            if (periods.FirstOrDefault(p => Overlap(p.Period, period)) is { } other)
            {
                f.Error("from", $"Overlaps the statutory period of line {other.Row.Line}.");
                bad.Add(familyId);
                continue;
            }

            periods.Add(new PeriodLine(row, period));
        }
    }

    private static bool Overlap(StatutoryPeriod a, StatutoryPeriod b) =>
        a.From <= (b.To ?? DateOnly.MaxValue) && b.From <= (a.To ?? DateOnly.MaxValue);

    private static Draft? Owner(ImportFields f, string? familyId, Dictionary<string, Draft> drafts)
    {
        if (familyId is null)
        {
            return null;
        }

        if (!drafts.TryGetValue(familyId, out var draft))
        {
            f.Error("family_id", $"Family {familyId} is not in {ImportFiles.Families}.");
            return null;
        }

        return draft;
    }

    /// <summary>The family through the domain's commands; null (with the rows' errors) when one of them refuses.</summary>
    private static ImportedFamily? Build(Draft draft, List<ImportError> errors)
    {
        var head = draft.Family;
        var main = draft.Members.Single(m => m.Kind == MemberKind.MainAffiliate);
        var tiers = draft.Tiers.OrderBy(t => t.Start).ThenBy(t => t.Row.Line).ToArray();
        var expectedStart = WaitingPeriods.AffiliationStart(head.AppliedOn);
        if (tiers[0].Start != expectedStart)
        {
            return Refuse(errors, tiers[0].Row, "start", $"The first tier starts on the first of the month after the family applied ({head.AppliedOn:yyyy-MM-dd}): {expectedStart:yyyy-MM-dd}.");
        }

        if (main.AddedOn is { } mainAdded && mainAdded != head.AppliedOn)
        {
            return Refuse(errors, main.Row, "added_on", $"The main affiliate joins on the day the family applied ({head.AppliedOn:yyyy-MM-dd}).");
        }

        var enrolled = Family.Enrol(head.FamilyId, main.MemberId, main.BirthDate, head.AppliedOn, tiers[0].Level, head.Reason, ExistingMember);
        if (!enrolled.IsSuccess)
        {
            return Refuse(errors, main.Row, Column(enrolled.Rejection!.Field, "birth_date"), enrolled.Rejection.Message);
        }

        var family = enrolled.Value!;
        foreach (var co in draft.Members.Where(m => m != main).OrderBy(m => m.AddedOn ?? head.AppliedOn).ThenBy(m => m.Row.Line))
        {
            var added = family.AddCoAffiliate(co.MemberId, co.Kind, co.BirthDate, co.CoInsured, co.AddedOn ?? head.AppliedOn, co.BornOrAdoptedOn);
            if (!added.IsSuccess)
            {
                return Refuse(errors, co.Row, Column(added.Rejection!.Field, "kind"), added.Rejection.Message);
            }

            family = added.Value!;
        }

        for (var i = 1; i < tiers.Length; i++)
        {
            if (tiers[i].Start == tiers[i - 1].Start)
            {
                return Refuse(errors, tiers[i].Row, "start", $"Two tiers of the family start on {tiers[i].Start:yyyy-MM-dd} (also line {tiers[i - 1].Row.Line}).");
            }

            var changed = family.ChangeLevel(tiers[i].Start.AddDays(-1), tiers[i].Level);
            if (!changed.IsSuccess)
            {
                return Refuse(errors, tiers[i].Row, changed.Rejection!.Field == "level" ? "level" : "start", changed.Rejection.Message);
            }

            family = changed.Value!;
        }

        foreach (var payment in draft.Payments.OrderBy(p => p.PaidOn).ThenBy(p => p.Row.Line))
        {
            var paid = family.RecordPayment(payment.Year, payment.Amount, payment.PaidOn);
            if (!paid.IsSuccess)
            {
                return Refuse(errors, payment.Row, Column(paid.Rejection!.Field, "paid_on"), paid.Rejection.Message);
            }

            family = paid.Value!;
        }

        var members = draft.Members.Select(m => new ImportedMember(
            m.MemberId,
            [.. (draft.Periods.GetValueOrDefault(m.MemberId) ?? []).Select(p => p.Period).OrderBy(p => p.From)],
            [.. draft.Opening.GetValueOrDefault(m.MemberId) ?? []])).ToArray();
        return new ImportedFamily(head.FamilyId, family, draft.Members.ToDictionary(m => m.MemberId, m => m.Person, StringComparer.Ordinal),
            members, [.. draft.FamilyOpening], Fingerprint(draft.Rows));
    }

    private static ImportedFamily? Refuse(List<ImportError> errors, ImportRow row, string field, string message)
    {
        errors.Add(new ImportError(row.File, row.Line, field, message));
        return null;
    }

    /// <summary>A domain field name (addedOn) as the file's column (added_on).</summary>
    private static string Column(string? field, string fallback)
    {
        if (field is null)
        {
            return fallback;
        }

        var column = new StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (char.IsUpper(c))
            {
                column.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                column.Append(c);
            }
        }

        return column.ToString();
    }

    /// <summary>The family's rows by content (not by line): the same files give the same fingerprint.</summary>
    private static string Fingerprint(IEnumerable<ImportRow> rows)
    {
        var text = new StringBuilder();
        foreach (var line in rows.Select(r => r.File + "\u001f" + string.Join("\u001f", r.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value?.Trim()}")))
                     .Order(StringComparer.Ordinal))
        {
            text.Append(line).Append('\u001e');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
