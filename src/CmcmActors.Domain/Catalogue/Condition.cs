namespace CmcmActors.Domain.Catalogue;

public enum ConditionKind
{
    /// <summary>Age in completed years on the date of care is below <see cref="Condition.Years"/>.</summary>
    AgeUnder,

    /// <summary>Age in completed years on the date of care is at least <see cref="Condition.Years"/>.</summary>
    AgeAtLeast,

    /// <summary>The statutory fund authorised the care.</summary>
    AuthorisedByStatutoryFund,

    /// <summary>The care follows or is a serious surgery or serious medical treatment.</summary>
    SeriousIntervention,

    /// <summary>Care outside Luxembourg.</summary>
    CareAbroad,

    /// <summary>Care in Luxembourg.</summary>
    CareInLuxembourg,

    /// <summary>Every listed document is present; a line without them is pended, not refused.</summary>
    RequiredDocuments,

    /// <summary>The programme was completed (all sessions, or successfully).</summary>
    ProgrammeCompleted,

    /// <summary>At least one of the listed circumstances is attested (for example childbirth, end of life).</summary>
    AnyOfCircumstances,
}

/// <param name="When">
/// When set, the condition applies only to lines that attest this circumstance (a death certificate for a death) or
/// name this element (the age limit of child orthodontics within the dental-care benefit).
/// </param>
public sealed record Condition(ConditionKind Kind, int? Years, IReadOnlyList<string> Values, string? When = null)
{
    public string Describe() => Kind switch
    {
        ConditionKind.AgeUnder => $"under {Years} on the date of care",
        ConditionKind.AgeAtLeast => $"{Years} or older on the date of care",
        ConditionKind.AuthorisedByStatutoryFund => "authorised by the statutory fund",
        ConditionKind.SeriousIntervention => "a serious surgery or serious medical treatment",
        ConditionKind.CareAbroad => "care abroad",
        ConditionKind.CareInLuxembourg => "care in Luxembourg",
        ConditionKind.RequiredDocuments => "documents: " + string.Join(", ", Values) + (When is null ? "" : $" (when {When})"),
        ConditionKind.ProgrammeCompleted => "the programme completed",
        ConditionKind.AnyOfCircumstances => "one of: " + string.Join(", ", Values),
        _ => Kind.ToString(),
    };
}
