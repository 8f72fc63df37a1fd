using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Members;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Claims;

/// <summary>
/// Drives one claim. The member grain holds the claim's durable record (written in the same storage write as the cap
/// movements it causes), so a claim is accepted exactly when that write succeeds: a crash before it means the caller
/// got an error and may resubmit; a crash after it loses nothing, because this grain re-reads the record on its next
/// activation. Calls go one way only (claim → member → family), so no call cycle can deadlock.
/// </summary>
public sealed partial class ClaimGrain(INotificationPublisher publisher, TimeProvider clock, ILogger<ClaimGrain> logger) : Grain, IClaimGrain
{
    private ClaimRecord? _record;
    private bool _loaded;

    private (string MemberId, string InvoiceReference) Key => GrainKeys.ParseClaimKey(this.GetPrimaryKeyString());

    private string ClaimId => GrainKeys.ClaimId(Key.MemberId, Key.InvoiceReference);

    private IMemberGrain Member => GrainFactory.GetGrain<IMemberGrain>(GrainKeys.Member(Key.MemberId));

    public async Task<ClaimRecord> SubmitAsync(ClaimSubmission submission)
    {
        if (submission.ClaimId != ClaimId)
        {
            throw new ArgumentException($"The submission is for claim {submission.ClaimId}, not {ClaimId}.", nameof(submission));
        }

        if (await LoadAsync() is { } existing)
        {
            return existing.Submission.SameContentAs(submission)
                ? existing
                : throw new ClaimConflictException($"Invoice reference {submission.InvoiceReference} was already submitted for member {submission.MemberId} with other lines.");
        }

        await PublishAsync(submission.FamilyId, submission.MemberId, ClaimStatus.Received, 0m, "Received.", 0);
        await PublishAsync(submission.FamilyId, submission.MemberId, ClaimStatus.Adjudicating, 0m, "Adjudicating.", 0);
        return await SettleAsync(await Member.SubmitClaimAsync(submission));
    }

    public Task<ClaimRecord?> GetAsync() => LoadAsync();

    public async Task<ClaimRecord> AddDocumentsAsync(string[] documents, string by)
    {
        var record = await RequireAsync();
        if (record.Status != ClaimStatus.Pended)
        {
            throw new ClaimConflictException($"Claim {ClaimId} is {record.Status}; documents are added to a pended claim.");
        }

        return await SettleAsync(await Member.ResolveClaimAsync(ClaimId, new ClaimResolution(by, false, null, null, null, null, null, documents, null)));
    }

    public async Task<ClaimRecord> ResolveAsync(ClaimResolution resolution)
    {
        await RequireAsync();
        return await SettleAsync(await Member.ResolveClaimAsync(ClaimId, resolution));
    }

    public async Task<ClaimRecord> ReverseAsync(string reason, string by)
    {
        await RequireAsync();
        return await SettleAsync(await Member.ReverseClaimAsync(ClaimId, $"{reason} (by {by})"));
    }

    private async Task<ClaimRecord?> LoadAsync()
    {
        if (!_loaded)
        {
            _record = await Member.GetClaimAsync(ClaimId);
            // "Not submitted" is not kept: the member may record the claim of a call that failed on its way back.
            _loaded = _record is not null;
        }

        return _record;
    }

    private async Task<ClaimRecord> RequireAsync() =>
        await LoadAsync() ?? throw new KeyNotFoundException($"Claim {ClaimId} is unknown.");

    private async Task<ClaimRecord> SettleAsync(ClaimRecord record)
    {
        var changed = _record is null || record.Version != _record.Version;
        var wasPended = _record?.Status == ClaimStatus.Pended;
        _record = record;
        _loaded = true;
        if (changed)
        {
            if (wasPended || record.Status == ClaimStatus.Pended)
            {
                await UpdatePendedQueueAsync(record);
            }

            var last = record.History[^1];
            await PublishAsync(record.Submission.FamilyId, record.Submission.MemberId, record.Status, record.TotalPaid.Euros, last.Note, record.Version);
        }

        return record;
    }

    /// <summary>The claim is durable in the member grain already: a queue that cannot be updated is logged, not fatal.</summary>
    private async Task UpdatePendedQueueAsync(ClaimRecord record)
    {
        try
        {
            var queue = GrainFactory.GetGrain<IPendedClaimsGrain>(IPendedClaimsGrain.Key);
            await (PendedClaim.Of(record) is { } pended ? queue.AddAsync(pended) : queue.RemoveAsync(record.ClaimId, record.Version));
        }
        catch (Exception e)
        {
            LogQueueFailed(logger, e, ClaimId);
        }
    }

    private async Task PublishAsync(string familyId, string memberId, ClaimStatus status, decimal totalPaid, string summary, long version)
    {
        try
        {
            await publisher.PublishAsync(new ClaimStatusChanged(familyId, clock.GetUtcNow(), ClaimId, memberId, status, totalPaid, summary, version));
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, e, ClaimId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim {ClaimId}: the queue of pended claims could not be updated")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception, string claimId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim {ClaimId}: a notification could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string claimId);
}
