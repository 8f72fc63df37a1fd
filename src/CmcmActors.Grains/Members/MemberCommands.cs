using CmcmActors.Contracts.Audit;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Grains.Journal;

namespace CmcmActors.Grains.Members;

/// <summary>
/// A command queued for a member: decided in order with the others of its batch, answered once the batch is durable
/// (or failed with it).
/// </summary>
internal abstract record MemberCommand
{
    /// <summary>Who asked for it: the caller's actor for a caller's command, the system for the engine's own (cascades, reconciliation).</summary>
    public Actor Actor { get; init; } = Actor.System;

    public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record SetStatutoryPeriods(string FamilyId, StatutoryPeriod[] Periods) : MemberCommand;

internal sealed record SubmitClaim(ClaimSubmission Submission) : MemberCommand;

/// <summary>Documents attached to a pended claim (recorded only when a member sends them; counted when staff do).</summary>
internal sealed record AddClaimDocuments(string ClaimId, string By, string[] Documents, ClaimSource Source) : MemberCommand;

internal sealed record ResolveClaim(string ClaimId, ClaimResolution Resolution) : MemberCommand;

internal sealed record ReverseClaim(string ClaimId, string Reason) : MemberCommand;

internal sealed record CorrectClaim(string ClaimId, ClaimLine[] Lines, string Reason, string By) : MemberCommand;

/// <summary>This member's steps of a family cascade, planned by its owner.</summary>
internal sealed record ApplyCascadeSteps(CascadeStepOrder Order) : MemberCommand;

/// <summary>The due family cascade was driven to its end: the head forgets it.</summary>
internal sealed record FinishCascade(FamilyCascadeDue Cascade) : MemberCommand;

/// <summary>The family asks what was written of a claim whose share it still holds a reservation for.</summary>
internal sealed record ReconcileFamilyShare(string FamilyId, string ClaimId) : MemberCommand;

/// <summary>An imported member takes statutory periods and opening balances (<see cref="IMemberGrain.ImportAsync"/>).</summary>
internal sealed record TakeOpening(string FamilyId, Domain.Import.ImportedMember Member, string Fingerprint) : MemberCommand;
