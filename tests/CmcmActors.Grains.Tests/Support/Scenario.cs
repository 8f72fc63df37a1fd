using System.Text.Json;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.StatutoryCover;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Grains.Tests.Support;

/// <summary>Short ways to set up families and claims through the grains, with unique ids per test.</summary>
public static class Scenario
{
    /// <summary>The usual date of care: the July 2026 catalogue is in force, first-time waiting periods are over.</summary>
    public static readonly DateOnly Care = new(2026, 9, 15);
    public static readonly DateOnly Received = new(2026, 9, 20);

    /// <summary>The usual application date: affiliation from 2026-01-01, every waiting period over on 2026-04-01.</summary>
    public static readonly DateOnly Applied = new(2025, 12, 10);

    public static readonly StatutoryPeriod[] InsuredSince2010 = [new StatutoryPeriod(new DateOnly(2010, 1, 1), null)];

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static readonly EligibilityFacts Eligible = new(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"));

    public static M Eur(decimal euros) => M.FromEuros(euros);

    /// <summary>
    /// Enrols a family (by default applied 2025-12-10, so cover from 2026-01-01 and waiting periods over by April),
    /// records the contribution unless told not to, and gives the main member statutory cover.
    /// </summary>
    public static async Task<(string FamilyId, string MemberId)> EnrolledFamilyAsync(
        IGrainFactory grains,
        CoverageLevel level = CoverageLevel.RC_PP_DO,
        DateOnly? birth = null,
        DateOnly? applied = null,
        bool paid = true,
        string? familyId = null,
        string? memberId = null)
    {
        familyId ??= NewId("F");
        memberId ??= NewId("M");
        var application = applied ?? Applied;
        var family = grains.Family(familyId);
        var enrolled = await family.EnrolAsync(new EnrolFamily(familyId, memberId, birth ?? new DateOnly(1980, 5, 1), application, level, EnrolmentReason.FirstTime, Eligible));
        Assert.True(enrolled.IsSuccess, enrolled.Rejection?.Message);
        if (paid)
        {
            var payment = await family.RecordPaymentAsync(application.Year + 1, Eur(300m), application.AddDays(10));
            Assert.True(payment.IsSuccess, payment.Rejection?.Message);
        }

        await grains.Member(memberId).SetStatutoryPeriodsAsync(familyId, InsuredSince2010);
        return (familyId, memberId);
    }

    /// <summary>Adds a co-affiliate (by default on the application date, so with the family's dates) with statutory cover.</summary>
    public static async Task<string> CoAffiliateAsync(
        IGrainFactory grains, string familyId, MemberKind kind, DateOnly birth, bool coInsured = true, DateOnly? addedOn = null)
    {
        var memberId = NewId(kind.ToString());
        var added = await grains.Family(familyId).AddCoAffiliateAsync(new AddCoAffiliate(memberId, kind, birth, coInsured, addedOn ?? Applied, null));
        Assert.True(added.IsSuccess, added.Rejection?.Message);
        await grains.Member(memberId).SetStatutoryPeriodsAsync(familyId, InsuredSince2010);
        return memberId;
    }

    /// <summary>A claim received on <see cref="Received"/>, or on the day of its latest care when that is later.</summary>
    public static ClaimSubmission Claim(string familyId, string memberId, string invoice, params ClaimLine[] lines)
    {
        var received = lines.Length == 0 ? Received : lines.Max(l => l.DateOfCare);
        return new(familyId, memberId, invoice, received > Received ? received : Received, Channel.App, lines);
    }

    public static ClaimLine Line(string code, decimal invoiced, decimal statutory = 0m, string? element = null, int units = 1, DateOnly? on = null) =>
        new(code, on ?? Care, M.FromEuros(invoiced), M.FromEuros(statutory), Units: units, Element: element);

    /// <summary>One osteopathy session: RC pays up to €50 of it, PP up to €50 of the rest, each within €100 a year.</summary>
    public static ClaimLine Osteopathy(decimal invoiced = 80m, DateOnly? on = null) => Line("RC.ALTMED", invoiced, element: "osteopathy", on: on);

    public static IFamilyGrain Family(this IGrainFactory grains, string familyId) =>
        grains.GetGrain<IFamilyGrain>(GrainKeys.Family(familyId));

    public static IMemberGrain Member(this IGrainFactory grains, string memberId) =>
        grains.GetGrain<IMemberGrain>(GrainKeys.Member(memberId));

    public static ClaimHandle ClaimGrain(this IGrainFactory grains, ClaimSubmission submission) =>
        new(grains.Member(submission.MemberId), submission.ClaimId);

    public static Task<ClaimRecord> SubmitAsync(this IGrainFactory grains, ClaimSubmission submission) =>
        ClaimHandle.Expect(grains.Member(submission.MemberId).SubmitClaimAsync(submission));

    /// <summary>Calls again while the member reloads after a failed write (it answers RetryLaterException meanwhile).</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RetryLaterException) when (attempt < 40)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The one cap row of <paramref name="capId"/> (for caps per element: of that element).</summary>
    public static CapUsage Cap(this IReadOnlyList<CapUsage> caps, string capId) => caps.Single(c => c.CapId == capId);

    /// <summary>A value as JSON, to compare records holding lists (record equality compares lists by reference).</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.General);
}

/// <summary>
/// One claim's commands, sent to its member (the owner of the claim's life); a refusal is raised as the exception the
/// tests expect: 409 as <see cref="ClaimConflictException"/>, 404 as <see cref="KeyNotFoundException"/>, 400 as
/// <see cref="ArgumentException"/>.
/// </summary>
public sealed class ClaimHandle(IMemberGrain member, string claimId)
{
    public IMemberGrain Member => member;

    public Task<ClaimRecord> SubmitAsync(ClaimSubmission submission) => Expect(member.SubmitClaimAsync(submission));

    public Task<ClaimRecord?> GetAsync() => member.GetClaimAsync(claimId);

    public Task<ClaimRecord> AddDocumentsAsync(string[] documents, string by) => Expect(member.AddDocumentsAsync(claimId, documents, by));

    public Task<ClaimRecord> ResolveAsync(ClaimResolution resolution) => Expect(member.ResolveClaimAsync(claimId, resolution));

    public Task<ClaimRecord> ReverseAsync(string reason, string by) => Expect(member.ReverseClaimAsync(claimId, reason, by));

    public static async Task<ClaimRecord> Expect(Task<ClaimResult> call)
    {
        var result = await call;
        return result.Refusal switch
        {
            null => result.Record!,
            { Kind: ClaimRefusalKind.Conflict } r => throw new ClaimConflictException(r.Message),
            { Kind: ClaimRefusalKind.NotFound } r => throw new KeyNotFoundException(r.Message),
            { } r => throw new ArgumentException(r.Message, r.Field),
        };
    }
}
