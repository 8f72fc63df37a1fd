using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Catalogue;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.StatutoryCover;

namespace CmcmActors.Domain.Adjudication;

/// <summary>
/// Decides what the CMCM pays on a claim: a pure function of the member, the running totals, the lines and the
/// catalogue editions. Lines are taken in order, each seeing what the earlier lines consumed.
/// </summary>
public static class Adjudicator
{
    /// <param name="plausibility">The plausibility guard (<see cref="PlausibilityLimits"/>); none when null or when a person reviewed the amounts.</param>
    public static ClaimAdjudication Adjudicate(
        MemberProfile member,
        IReadOnlyList<ClaimLine> lines,
        IAccumulatorReader accumulators,
        CatalogueSet catalogues,
        PlausibilityLimits? plausibility = null)
    {
        plausibility ??= PlausibilityLimits.None;
        var claimInvoiced = Money.Money.Zero;
        foreach (var line in lines)
        {
            claimInvoiced += line.Invoiced;
        }

        var pending = new PendingChanges(accumulators);
        var decisions = new LineDecision[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            decisions[i] = DecideLine(i + 1, member, lines[i], pending, catalogues, plausibility, claimInvoiced);
        }

        return Summarise(decisions, pending.Changes);
    }

    private static ClaimAdjudication Summarise(LineDecision[] decisions, IReadOnlyList<AccumulatorChange> changes)
    {
        var total = Money.Money.Zero;
        int paid = 0, partial = 0, refused = 0;
        LineDecision? firstPended = null;
        foreach (var decision in decisions)
        {
            total += decision.TotalPaid;
            switch (decision.Outcome)
            {
                case LineOutcome.Paid: paid++; break;
                case LineOutcome.PartiallyPaid: partial++; break;
                case LineOutcome.Refused: refused++; break;
                default: firstPended ??= decision; break;
            }
        }

        if (firstPended is not null)
        {
            return new ClaimAdjudication(decisions, ClaimOutcome.Pended, Money.Money.Zero, [],
                firstPended.Department, $"Pended: line {firstPended.LineNumber} needs a person. {firstPended.Explanation}");
        }

        var outcome = (paid, partial, refused) switch
        {
            (_, 0, 0) when paid > 0 => ClaimOutcome.Approved,
            (0, 0, _) => ClaimOutcome.Refused,
            _ => ClaimOutcome.PartiallyApproved,
        };
        var explanation = outcome switch
        {
            ClaimOutcome.Approved => $"Approved: the CMCM pays {total.ToDisplayString()}.",
            ClaimOutcome.Refused => "Refused: " + (decisions.Length > 0 ? decisions[0].Explanation : "the claim has no line."),
            _ => $"Partially approved: the CMCM pays {total.ToDisplayString()}; {partial + refused} of {decisions.Length} line(s) limited or refused.",
        };
        var department = decisions.Length > 0 ? decisions[0].Department : Department.National;
        return new ClaimAdjudication(decisions, outcome, total, changes.ToArray(), department, explanation);
    }

    private static LineDecision DecideLine(int number, MemberProfile member, ClaimLine line, PendingChanges pending, CatalogueSet catalogues,
        PlausibilityLimits plausibility, Money.Money claimInvoiced)
    {
        var edition = catalogues.InForceOn(line.DateOfCare);
        var uncovered = line.Uncovered;
        if (edition is null)
        {
            return Refuse(number, line, null, Department.National, ReasonCode.NoEditionInForce,
                $"No catalogue edition is in force on {line.DateOfCare:yyyy-MM-dd}; the first takes effect on {catalogues.Editions[0].EffectiveFrom:yyyy-MM-dd}.");
        }

        if (!edition.TryGet(line.BenefitCode, out var named))
        {
            return Refuse(number, line, edition.Edition, Department.National, ReasonCode.UnknownBenefit,
                $"Benefit {line.BenefitCode} is not in the catalogue edition {edition.Edition}.");
        }

        var chain = edition.ChainFor(line.BenefitCode);
        var department = DepartmentRouting.For(chain[0].Category, line.CountryOfCare);
        var refusal = CheckMember(member, line);
        if (refusal is { } r)
        {
            return Refuse(number, line, edition.Edition, department, r.Reason, r.Explanation);
        }

        if (plausibility.Check(line, claimInvoiced) is { } review)
        {
            return Pend(number, line, edition.Edition, department, review, [], []);
        }

        var payments = new List<TierPayment>(chain.Count);
        var notes = new List<BenefitNote>();
        var paidSoFar = Money.Money.Zero;
        var capLimited = false;
        foreach (var benefit in chain)
        {
            if (!benefit.AppliesToElement(line.Element))
            {
                if (benefit == named || benefit.Elements.Count == 0)
                {
                    notes.Add(new(benefit.Tier, benefit.Code, ReasonCode.ElementNotCovered,
                        $"{benefit.Code} does not cover {(line.Element is null ? "a line without an element" : $"element '{line.Element}'")}."));
                }

                continue;
            }

            var tier = TierCoverage.Check(member.FamilySpells, member.OwnStart, benefit.Tier, line.DateOfCare);
            if (tier.Status == TierCoverageStatus.NotHeld)
            {
                notes.Add(new(benefit.Tier, benefit.Code, ReasonCode.TierNotHeld, $"The family does not hold {TierName(benefit.Tier)} on {line.DateOfCare:yyyy-MM-dd}."));
                continue;
            }

            if (tier.Status == TierCoverageStatus.InWaitingPeriod)
            {
                notes.Add(new(benefit.Tier, benefit.Code, ReasonCode.WaitingPeriod,
                    $"{TierName(benefit.Tier)} is in its waiting period; care is covered from {tier.FirstCoveredDate:yyyy-MM-dd}.", tier.FirstCoveredDate));
                continue;
            }

            var condition = CheckConditions(benefit, member, line);
            if (condition.Need is { } need)
            {
                return Pend(number, line, edition.Edition, department, need, payments, notes);
            }

            if (condition.Unmet is { } unmet)
            {
                notes.Add(new(benefit.Tier, benefit.Code, ReasonCode.ConditionNotMet, $"{benefit.Code} requires {unmet.Describe()}."));
                continue;
            }

            var ruleAmount = RuleAmount(benefit.Rule, line);
            if (ruleAmount is null)
            {
                return Pend(number, line, edition.Edition, department,
                    new PendingNeed(ReasonCode.NeedsConfirmation, ["official-tariff"], "The official tariff of the act is needed."), payments, notes);
            }

            var remaining = uncovered - paidSoFar;
            if (remaining.Cents <= 0)
            {
                notes.Add(new(benefit.Tier, benefit.Code, ReasonCode.NothingUncovered, "Nothing of the uncovered amount is left to pay."));
                continue;
            }

            if (ruleAmount.Value.IsZero)
            {
                notes.Add(new(benefit.Tier, benefit.Code, ReasonCode.AmountNotSet, $"{benefit.Code} sets no amount for this line."));
                continue;
            }

            var payment = Pay(benefit, member, line, ruleAmount.Value, remaining, pending);
            if (payment.Paid.IsZero)
            {
                notes.Add(new(benefit.Tier, benefit.Code, ReasonCode.CapReached, $"{benefit.Code}: {payment.Explanation}"));
                capLimited = true;
                continue;
            }

            foreach (var effect in payment.Caps)
            {
                capLimited |= effect.Limited;
            }

            payments.Add(payment);
            paidSoFar += payment.Paid;
        }

        if (paidSoFar.IsZero)
        {
            var reason = MostUsefulReason(notes);
            var explanation = notes.Count == 0 ? "No benefit applies." : string.Join(" ", notes.Select(n => n.Explanation));
            return new LineDecision(number, line.BenefitCode, line.DateOfCare, edition.Edition, line.Invoiced, line.StatutoryReimbursement, uncovered,
                payments, notes, Money.Money.Zero, LineOutcome.Refused, reason, explanation, department, null);
        }

        // A cap that bit but left nothing of the uncovered amount unpaid (a later tier paid the rest) limited no one.
        capLimited &= paidSoFar < uncovered;
        var paidText = payments.Count == 1 ? payments[0].Explanation : string.Join(" ", payments.ConvertAll(p => p.Explanation));
        return new LineDecision(number, line.BenefitCode, line.DateOfCare, edition.Edition, line.Invoiced, line.StatutoryReimbursement, uncovered,
            payments, notes, paidSoFar, capLimited ? LineOutcome.PartiallyPaid : LineOutcome.Paid, capLimited ? ReasonCode.CapReached : null,
            paidText, department, null);
    }

    private static (ReasonCode Reason, string Explanation)? CheckMember(MemberProfile member, ClaimLine line)
    {
        if (!member.AffiliationInEffect)
        {
            return (ReasonCode.ContributionUnpaid, "The affiliation takes effect only once the due contribution is paid.");
        }

        if (member.OwnStart is { } own && line.DateOfCare < own)
        {
            return (ReasonCode.AffiliationNotStarted, $"The member's affiliation starts on {own:yyyy-MM-dd}.");
        }

        if (member.LeftOn is { } left && line.DateOfCare >= left)
        {
            return (ReasonCode.NotOnRoster, $"The member left the family's roster on {left:yyyy-MM-dd}.");
        }

        if (!CoAffiliation.IsCoAffiliatedOn(member.Kind, member.BirthDate, member.CoInsuredWithMainAffiliate, line.DateOfCare))
        {
            return (ReasonCode.NotCoAffiliated,
                "A co-affiliate must be co-insured with the main affiliate's statutory fund; a child is kept only until 19.");
        }

        var statutory = StatutoryCoverCheck.Check(member.StatutoryPeriods, line.DateOfCare);
        if (!statutory.IsCovered)
        {
            return (ReasonCode.NoStatutoryCover, $"No statutory health insurance (CCSS) cover on {line.DateOfCare:yyyy-MM-dd}.");
        }

        return null;
    }

    private readonly record struct ConditionCheck(Condition? Unmet, PendingNeed? Need);

    private static ConditionCheck CheckConditions(Benefit benefit, MemberProfile member, ClaimLine line)
    {
        foreach (var condition in benefit.Conditions)
        {
            if (condition.When is { } when && !Has(line.Circumstances, when) && !string.Equals(line.Element, when, StringComparison.Ordinal))
            {
                continue;
            }

            switch (condition.Kind)
            {
                case ConditionKind.AgeUnder when Age.InYears(member.BirthDate, line.DateOfCare) >= condition.Years:
                case ConditionKind.AgeAtLeast when Age.InYears(member.BirthDate, line.DateOfCare) < condition.Years:
                case ConditionKind.CareAbroad when !line.IsAbroad:
                case ConditionKind.CareInLuxembourg when line.IsAbroad:
                case ConditionKind.AuthorisedByStatutoryFund when line.Authorised == false:
                case ConditionKind.SeriousIntervention when line.Serious == false:
                case ConditionKind.ProgrammeCompleted when line.ProgrammeCompleted == false:
                    return new(condition, null);
                case ConditionKind.AuthorisedByStatutoryFund when line.Authorised is null:
                    return Confirm("authorisation", "Whether the statutory fund authorised the care must be confirmed.");
                case ConditionKind.SeriousIntervention when line.Serious is null:
                    return Confirm("serious-intervention", "Whether the care relates to a serious surgery or treatment must be confirmed.");
                case ConditionKind.ProgrammeCompleted when line.ProgrammeCompleted is null:
                    return Confirm("programme-completed", "Completion of the programme must be confirmed.");
                case ConditionKind.AnyOfCircumstances when !condition.Values.Any(v => Has(line.Circumstances, v)):
                    if (line.Circumstances is { Count: > 0 })
                    {
                        return new(condition, null);
                    }

                    return Confirm("circumstance", $"One of these circumstances must be confirmed: {string.Join(", ", condition.Values)}.");
                case ConditionKind.RequiredDocuments:
                    var missing = condition.Values.Where(d => !Has(line.Documents, d)).ToArray();
                    if (missing.Length > 0)
                    {
                        return new(null, new PendingNeed(ReasonCode.MissingDocuments, missing, "Documents missing: " + string.Join(", ", missing) + "."));
                    }

                    break;
            }
        }

        return default;

        static ConditionCheck Confirm(string item, string text) =>
            new(null, new PendingNeed(ReasonCode.NeedsConfirmation, [item], text));
    }

    private static bool Has(IReadOnlyList<string>? values, string value)
    {
        if (values is null)
        {
            return false;
        }

        foreach (var v in values)
        {
            if (string.Equals(v, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Money.Money? RuleAmount(PaymentRule rule, ClaimLine line) => rule.Kind switch
    {
        RuleKind.PercentOfUncovered => line.Uncovered.Times(rule.Rate),
        RuleKind.PercentOfStatutory => line.StatutoryReimbursement.Times(rule.Rate),
        RuleKind.PercentOfOfficialTariff => line.OfficialTariff?.Times(rule.Rate),
        _ => FlatAmount(rule, line.Element).Times(line.Units),
    };

    private static Money.Money FlatAmount(PaymentRule rule, string? element) =>
        element is not null && rule.FlatByElement.TryGetValue(element, out var byElement) ? byElement : rule.FlatAmount;

    private static TierPayment Pay(Benefit benefit, MemberProfile member, ClaimLine line, Money.Money ruleAmount, Money.Money remaining, PendingChanges pending)
    {
        var amount = Money.Money.Min(ruleAmount, remaining);
        var units = line.Units;
        var rooms = new (CapDefinition Cap, AccumulatorKey? Key, Usage Used, Money.Money? Room, int? UnitsRoom)[benefit.Caps.Count];
        for (var i = 0; i < benefit.Caps.Count; i++)
        {
            var cap = benefit.Caps[i];
            if (!cap.Accumulates)
            {
                rooms[i] = (cap, null, Usage.None, cap.Amount!.Value.Times(line.Units), null);
                continue;
            }

            var key = KeyFor(cap, member, line);
            var used = pending.Get(key);
            Money.Money? room = cap.Amount is { } limit ? Money.Money.Max(Money.Money.Zero, limit - used.Paid) : null;
            int? unitsRoom = cap.MaxCount is { } max ? Math.Max(0, max - used.Units) : null;
            rooms[i] = (cap, key, used, room, unitsRoom);
        }

        // A count cap with less room than the line's units pays the units that fit, pro rata.
        var paidUnits = units;
        foreach (var r in rooms)
        {
            if (r.UnitsRoom is { } unitsRoom && unitsRoom < paidUnits)
            {
                paidUnits = unitsRoom;
            }
        }

        // Pro rata is a computed amount: rounded half away from zero like every other (spec, section 1).
        var paid = paidUnits == units
            ? amount
            : new Money.Money((long)Math.Round((decimal)amount.Cents * paidUnits / units, MidpointRounding.AwayFromZero));
        foreach (var r in rooms)
        {
            if (r.Room is { } room)
            {
                paid = Money.Money.Min(paid, room);
            }
        }

        if (paid.IsZero)
        {
            paidUnits = 0;
        }

        var effects = new CapEffect[rooms.Length];
        List<string>? capsText = null;
        for (var i = 0; i < rooms.Length; i++)
        {
            var (cap, key, used, room, unitsRoom) = rooms[i];
            // A cap limited the payment when it is the binding one: its room is what was paid (or its units ran out).
            var limitedByAmount = room is { } rm && rm < amount && rm == paid;
            var limitedByUnits = unitsRoom is { } ur && ur < units && ur == paidUnits;
            var limited = limitedByAmount || limitedByUnits;
            if (key is { } k && paid.Cents > 0)
            {
                pending.Add(new AccumulatorChange(k, paid, paidUnits));
            }

            Money.Money? limit = cap.Accumulates ? cap.Amount : cap.Amount!.Value.Times(line.Units);
            effects[i] = new CapEffect(cap.Id, cap.Description, key?.ToString(), limit, room, room is { } before ? before - paid : null,
                cap.MaxCount, unitsRoom, unitsRoom is { } ub ? ub - paidUnits : null, limited);
            if (limited)
            {
                capsText ??= [];
                capsText.Add(room is { } r2
                    ? $"limited by the cap of {cap.Description} (room {r2.ToDisplayString()})"
                    : $"limited by the cap of {cap.Description} ({unitsRoom} unit(s) left)");
            }
        }

        var basis = benefit.Rule.Kind switch
        {
            RuleKind.PercentOfUncovered => $"{benefit.Rule.Description} ({line.Uncovered.ToDisplayString()})",
            RuleKind.PercentOfStatutory => $"{benefit.Rule.Description} ({line.StatutoryReimbursement.ToDisplayString()})",
            RuleKind.PercentOfOfficialTariff => $"{benefit.Rule.Description} ({line.OfficialTariff!.Value.ToDisplayString()})",
            _ => $"{line.Units} × {FlatAmount(benefit.Rule, line.Element).ToDisplayString()}",
        };
        var text = $"{TierName(benefit.Tier)} ({benefit.Code}) pays {paid.ToDisplayString()}: {basis}";
        if (amount < ruleAmount)
        {
            text += $", within the uncovered amount left ({remaining.ToDisplayString()})";
        }

        if (capsText is not null)
        {
            text += ", " + string.Join(", ", capsText);
        }

        return new TierPayment(benefit.Tier, benefit.Code, benefit.Title, ruleAmount, paid, text + ".", effects);
    }

    /// <summary>The accumulator a cap draws on for this line: the year of the date of care, never of processing.</summary>
    internal static AccumulatorKey KeyFor(CapDefinition cap, MemberProfile member, ClaimLine line) => new(
        cap.Scope,
        cap.Scope == CapScope.Family ? member.FamilyId : member.MemberId,
        cap.Id,
        cap.Period,
        cap.Period == CapPeriod.Year ? line.DateOfCare.Year : 0,
        cap.Period switch
        {
            CapPeriod.Incident => line.IncidentId ?? "unspecified",
            CapPeriod.Trip => line.TripId ?? "unspecified",
            _ => null,
        },
        cap.PerElement ? line.Element ?? "unspecified" : null);

    private static ReasonCode MostUsefulReason(List<BenefitNote> notes)
    {
        ReadOnlySpan<ReasonCode> priority =
        [
            ReasonCode.WaitingPeriod, ReasonCode.CapReached, ReasonCode.ConditionNotMet, ReasonCode.ElementNotCovered,
            ReasonCode.NothingUncovered, ReasonCode.AmountNotSet, ReasonCode.TierNotHeld,
        ];
        foreach (var code in priority)
        {
            if (notes.Exists(n => n.Reason == code))
            {
                return code;
            }
        }

        return ReasonCode.TierNotHeld;
    }

    private static LineDecision Refuse(int number, ClaimLine line, string? edition, Department department, ReasonCode reason, string explanation) =>
        new(number, line.BenefitCode, line.DateOfCare, edition, line.Invoiced, line.StatutoryReimbursement, line.Uncovered,
            [], [], Money.Money.Zero, LineOutcome.Refused, reason, explanation, department, null);

    private static LineDecision Pend(int number, ClaimLine line, string edition, Department department, PendingNeed need, List<TierPayment> payments, List<BenefitNote> notes) =>
        new(number, line.BenefitCode, line.DateOfCare, edition, line.Invoiced, line.StatutoryReimbursement, line.Uncovered,
            payments, notes, Money.Money.Zero, LineOutcome.Pended, need.Reason, need.Explanation, department, need);

    public static string TierName(Tier tier) => tier switch
    {
        Tier.RC => "Régime Commun (RC)",
        Tier.ASSIST => "CMCM-Assistance",
        Tier.PP => "Prestaplus (PP)",
        Tier.DO => "Denta & Optiplus (DO)",
        _ => tier.ToString(),
    };
}
