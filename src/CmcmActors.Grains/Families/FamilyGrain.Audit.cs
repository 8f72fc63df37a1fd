using Microsoft.Extensions.Logging;

namespace CmcmActors.Grains.Families;

/// <summary>
/// The family's audit outbox: each command's entry is written with the command's state write, then copied to the audit
/// table (by entry id, so a copy made twice keeps one entry) and dropped from the state at its next write. Entries a
/// crash left in the outbox are copied when the family next activates.
/// </summary>
public sealed partial class FamilyGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.AuditOutbox.Count > 0)
        {
            this.RegisterGrainTimer(static (grain, _) => grain.CopyAuditSafelyAsync(), this,
                new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false });
        }

        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Best effort: an entry that could not be copied stays in the durable outbox and is copied at the next command or activation.</summary>
    private async Task CopyAuditSafelyAsync()
    {
        if (state.State.AuditOutbox.Count == 0)
        {
            return;
        }

        var copied = state.State.AuditOutbox.ToArray();
        try
        {
            await auditTrail.AddAsync(copied);
            state.State.AuditOutbox.RemoveAll(e => copied.Contains(e));
        }
        catch (Exception e)
        {
            LogAuditCopyFailed(logger, e, FamilyId, copied.Length);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Family {FamilyId}: {Count} audit entries could not be copied to the audit table; they stay in the family's outbox")]
    private static partial void LogAuditCopyFailed(ILogger logger, Exception exception, string familyId, int count);
}
