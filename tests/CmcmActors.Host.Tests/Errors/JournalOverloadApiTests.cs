using System.Collections.Concurrent;
using System.Net;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Grains.Journal;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Errors;

/// <summary>
/// What a client sees when the members' journal is full: 503, the journal's Retry-After and a problem saying the
/// service is busy; nothing of the claim is kept, and the same claim sent again later is taken once.
/// </summary>
[Collection(BusyJournalHostCollection.Name)]
public sealed class JournalOverloadApiTests(BusyJournalHostFixture fixture)
{
    private readonly HttpClient _staff = fixture.Host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task ClaimWhileTheJournalIsFull_503ServiceBusy_WithTheJournalsRetryAfter_NothingKept_SentAgainLater201()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var claim = ClaimBody(familyId, memberId, "INV-BUSY", Line("RC.HOSP.LU", 40m, 30m));
        fixture.Journal.Refuse(memberId);

        var busy = await _staff.PostJsonAsync("/api/claims", claim);

        var problem = await busy.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(BusyJournal.RetryAfterSeconds), busy.Headers.RetryAfter?.Delta);
        Assert.Equal(("Service busy.", "journal-overloaded", "https://tools.ietf.org/html/rfc9110#section-15.6.4"),
            (problem["title"].Text(), problem["code"].Text(), problem["type"].Text()));
        Assert.Equal($"The service is busy: the claims journal has as many writes waiting as it may take. Nothing of this request was written; retry in {BusyJournal.RetryAfterSeconds} s.",
            problem["detail"].Text());
        fixture.Journal.Accept(memberId);
        var keptAfterRefusal = await (await PastReloadAsync(() => _staff.GetAsync($"/api/families/{familyId}/members/{memberId}/claims"))).JsonAsync(HttpStatusCode.OK);
        var taken = await (await PastReloadAsync(() => _staff.PostJsonAsync("/api/claims", claim))).JsonAsync(HttpStatusCode.Created);
        var kept = await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims");

        Assert.Empty(keptAfterRefusal.AsArray());
        Assert.Equal($"{memberId}/INV-BUSY", taken["claimId"].Text());
        Assert.Equal([$"{memberId}/INV-BUSY"], kept.AsArray().Select(c => c!["claimId"].Text()));
    }

    [Fact]
    public async Task TwelveClaimsAtOnceWhileTheJournalIsFull_All503WithRetryAfter_NoneKept()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        fixture.Journal.Refuse(memberId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, $"INV-{i:D2}", Line("RC.HOSP.LU", 40m, 30m)))));
        var answers = new List<(string? Code, TimeSpan? RetryAfter)>();
        foreach (var response in responses)
        {
            var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            answers.Add((problem["code"]?.GetValue<string>(), response.Headers.RetryAfter?.Delta));
        }

        fixture.Journal.Accept(memberId);

        // The member's first batch is refused by the journal (busy, the journal's Retry-After); calls reaching the member
        // while it reloads after that failed write are told to retry in the API's usual 5 s.
        Assert.All(answers, a => Assert.True(
            a == ("journal-overloaded", TimeSpan.FromSeconds(BusyJournal.RetryAfterSeconds)) || a == (null, TimeSpan.FromSeconds(ApiProblemsRetryAfter)), a.ToString()));
        Assert.Contains(answers, a => a.Code == "journal-overloaded");
        var kept = await (await PastReloadAsync(() => _staff.GetAsync($"/api/families/{familyId}/members/{memberId}/claims"))).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(kept.AsArray());
    }

    [Fact]
    public async Task HostWithABadJournalSetting_RefusesToStart_NamingTheKey()
    {
        var host = HostFixture.With(builder => builder.UseSetting("Cmcm:Journal:Writers", "0"));
        Exception refused;
        try
        {
            refused = await Assert.ThrowsAnyAsync<Exception>(host.InitializeAsync);
        }
        finally
        {
            await host.DisposeAsync();
        }

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(refused));
        Assert.Equal(["Cmcm:Journal:Writers must be between 1 and 32 (it is 0)."], validation.Failures);
    }

    private const int ApiProblemsRetryAfter = CmcmActors.Host.Api.ApiProblems.RetryAfterSeconds;

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;

    /// <summary>
    /// Sends again while the member reloads after the refused write (it answers 503 "retry" meanwhile), at most 40 times;
    /// returns the first other answer.
    /// </summary>
    private static async Task<HttpResponseMessage> PastReloadAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 40)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// The members' journal of <see cref="BusyJournalHostFixture"/>: the in-memory journal, except that it refuses the appends
/// of the members a test names as a full PostgreSQL journal does (<see cref="JournalOverloadedException"/>, before
/// anything is written).
/// </summary>
public sealed class BusyJournal(IMemberJournal inner) : IMemberJournal
{
    public const int RetryAfterSeconds = 7;

    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.Ordinal);

    public void Refuse(string memberId) => _refused[memberId] = true;

    public void Accept(string memberId) => _refused.TryRemove(memberId, out _);

    public Task AppendAsync(MemberAppend append) => _refused.ContainsKey(append.MemberId)
        ? Task.FromException(new JournalOverloadedException("The journal is full (injected by the tests).", RetryAfterSeconds))
        : inner.AppendAsync(append);

    public Task<MemberSnapshot?> LoadAsync(string memberId) => inner.LoadAsync(memberId);

    public Task<JournaledClaim?> ReadClaimAsync(string memberId, string claimId) => inner.ReadClaimAsync(memberId, claimId);

    public Task<IReadOnlyList<JournaledClaim>> ReadClaimsAsync(string memberId, ClaimCursor? after = null, int limit = int.MaxValue, bool newestFirst = false) =>
        inner.ReadClaimsAsync(memberId, after, limit, newestFirst);

    public Task<IReadOnlyList<ClaimRecord>> ReadPendedAsync(ClaimCursor? after = null, int limit = int.MaxValue) => inner.ReadPendedAsync(after, limit);
}

/// <summary>The real host on the embedded default, its members' journal wrapped in a <see cref="BusyJournal"/>.</summary>
public sealed class BusyJournalHostFixture : IAsyncLifetime
{
    public BusyJournalHostFixture() =>
        Host = HostFixture.With(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(sp => new BusyJournal(MemoryMemberJournal.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId)));
            services.AddSingleton<IMemberJournal>(sp => sp.GetRequiredService<BusyJournal>());
        }));

    public HostFixture Host { get; }

    public BusyJournal Journal => Host.Services.GetRequiredService<BusyJournal>();

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BusyJournalHostCollection : ICollectionFixture<BusyJournalHostFixture>
{
    public const string Name = "host with a busy journal";
}
