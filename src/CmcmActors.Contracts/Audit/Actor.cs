using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace CmcmActors.Contracts.Audit;

/// <summary>
/// Who did an act: the subject and role of the caller's token, and the trace id of the request (W3C, from
/// <c>Activity.Current</c>) so that an entry of the audit trail can be followed to the request's logs. Taken from the
/// token at the API edge; <see cref="System"/> for what the engine does on its own (a cascade, a reminder).
/// </summary>
[GenerateSerializer, Immutable, Alias("cmcm.Actor")]
public sealed record Actor(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Role,
    [property: Id(2)] string? TraceId)
{
    /// <summary>The engine itself: cascades, reminders, and calls that came without a caller (the load tool's Orleans client, the demo seeder).</summary>
    public static readonly Actor System = new("system", "system", null);

    /// <summary>The engine, not a person.</summary>
    [JsonIgnore]
    public bool IsSystem => Role == System.Role;

    /// <summary>True when <paramref name="other"/> is the same person (same subject; role and trace aside).</summary>
    public bool SamePersonAs(Actor? other) => other is not null && string.Equals(Subject, other.Subject, global::System.StringComparison.Ordinal);
}

/// <summary>
/// The actor of the request under way, carried with every grain call the request makes (Orleans' request context), so
/// that each command is stamped with its caller where it is decided and written, without a parameter on every method.
/// The API edge sets it once per request from the token; grains read it when they take a command.
/// </summary>
public static class AuditContext
{
    private const string Key = "cmcm-actor";

    /// <summary>The caller's actor, or null when the call came without one.</summary>
    public static Actor? Current
    {
        get => RequestContext.Get(Key) as Actor;
        set
        {
            if (value is null)
            {
                RequestContext.Remove(Key);
            }
            else
            {
                RequestContext.Set(Key, value);
            }
        }
    }

    /// <summary>The caller's actor, or <see cref="Actor.System"/>.</summary>
    public static Actor CurrentOrSystem => Current ?? Actor.System;
}
