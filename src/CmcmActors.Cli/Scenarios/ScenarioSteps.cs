using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;

namespace CmcmActors.Cli.Scenarios;

/// <summary>A scenario file, read and checked: its steps in the order they happen.</summary>
/// <param name="Source">The file as the user named it; every message about the file starts with it.</param>
internal sealed record Scenario(string Source, string? Title, string? Description, IReadOnlyList<ScenarioStep> Steps);

/// <summary>One thing that happens to a family, a member or a claim, on <see cref="Date"/>.</summary>
/// <param name="Index">Position in the file's <c>steps</c> array, from 0.</param>
/// <param name="Date">The day the step happens at the CMCM; steps never go back in time.</param>
/// <param name="Note">Free text from the file, for the people reading the output.</param>
internal abstract record ScenarioStep(int Index, DateOnly Date, string? Note)
{
    /// <summary>Where the step is in the file, as in <c>steps[4]</c>.</summary>
    public string Place => $"steps[{Index}]";
}

/// <summary>A family joins: the main affiliate applies on <see cref="ScenarioStep.Date"/>.</summary>
internal sealed record EnrolmentStep(
    int Index, DateOnly Date, string? Note,
    string FamilyId, string MemberId, DateOnly BirthDate, CoverageLevel Level, EnrolmentReason Reason, EligibilityFacts Eligibility)
    : ScenarioStep(Index, Date, Note);

/// <summary>A contribution paid on <see cref="ScenarioStep.Date"/>; the affiliation takes effect once one is paid.</summary>
internal sealed record ContributionPaymentStep(int Index, DateOnly Date, string? Note, string FamilyId, int Year, Domain.Money.Money Amount)
    : ScenarioStep(Index, Date, Note);

/// <summary>A request for another level (tier change), received on <see cref="ScenarioStep.Date"/>.</summary>
internal sealed record LevelChangeStep(int Index, DateOnly Date, string? Note, string FamilyId, CoverageLevel Level)
    : ScenarioStep(Index, Date, Note);

/// <summary>The CMCM learns of a member's statutory (CCSS) affiliation period on <see cref="ScenarioStep.Date"/>.</summary>
/// <param name="To">Last day affiliated (inclusive), or null while it lasts.</param>
internal sealed record StatutoryPeriodStep(
    int Index, DateOnly Date, string? Note,
    string MemberId, DateOnly From, DateOnly? To, bool IllnessUnderTreatment, bool OtherLegalCover)
    : ScenarioStep(Index, Date, Note);

/// <summary>A co-affiliate joins the family on <see cref="ScenarioStep.Date"/>.</summary>
internal sealed record CoAffiliateAddedStep(
    int Index, DateOnly Date, string? Note,
    string FamilyId, string MemberId, MemberKind Kind, DateOnly BirthDate, bool CoInsured, DateOnly? BornOrAdoptedOn)
    : ScenarioStep(Index, Date, Note);

/// <summary>A co-affiliate leaves the family; care from <see cref="ScenarioStep.Date"/> on is not covered.</summary>
internal sealed record CoAffiliateRemovedStep(int Index, DateOnly Date, string? Note, string FamilyId, string MemberId)
    : ScenarioStep(Index, Date, Note);

/// <summary>The family resigns; care from <see cref="ScenarioStep.Date"/> on is not covered.</summary>
internal sealed record ResignationStep(int Index, DateOnly Date, string? Note, string FamilyId)
    : ScenarioStep(Index, Date, Note);

/// <summary>A family that resigned applies again on <see cref="ScenarioStep.Date"/>.</summary>
internal sealed record ReadmissionStep(int Index, DateOnly Date, string? Note, string FamilyId, CoverageLevel Level)
    : ScenarioStep(Index, Date, Note);

/// <summary>A claim received on <see cref="ScenarioStep.Date"/>.</summary>
internal sealed record ClaimStep(int Index, DateOnly Date, string? Note, string ClaimId, string MemberId, IReadOnlyList<ClaimLine> Lines)
    : ScenarioStep(Index, Date, Note);

/// <summary>An earlier decided claim is undone on <see cref="ScenarioStep.Date"/>: its payments and cap use are given back.</summary>
internal sealed record ReversalStep(int Index, DateOnly Date, string? Note, string ClaimId)
    : ScenarioStep(Index, Date, Note);
