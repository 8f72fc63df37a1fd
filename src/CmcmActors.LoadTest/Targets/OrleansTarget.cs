using CmcmActors.Contracts;
using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Members;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.StatutoryCover;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.LoadTest.Targets;

/// <summary>An external Orleans client: the grains' own path, without HTTP.</summary>
public sealed class OrleansTarget : ILoadTarget
{
    private readonly IHost _host;

    private OrleansTarget(IHost host) => _host = host;

    public string Name => "orleans";

    private IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<OrleansTarget> ConnectAsync(string? postgres, int gatewayPort, string clusterId, string serviceId)
    {
        var host = new HostBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = serviceId;
                });
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    client.UseLocalhostClustering(gatewayPort, serviceId, clusterId);
                }
                else
                {
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = "Npgsql";
                        o.ConnectionString = postgres;
                    });
                }

                client.Services.AddCmcmSerialization();
            })
            .Build();
        await host.StartAsync();
        return new OrleansTarget(host);
    }

    public async Task SeedFamilyAsync(SeededFamily family, int index, CancellationToken cancellationToken)
    {
        var grain = Client.GetGrain<IFamilyGrain>(GrainKeys.Family(family.FamilyId));
        var main = family.MemberIds[0];
        var birth = new DateOnly(1960 + (index % 40), 1 + (index % 12), 1 + (index % 28));
        var enrol = await grain.EnrolAsync(new EnrolFamily(family.FamilyId, main, birth, new DateOnly(2025, 12, 10), family.Level,
            EnrolmentReason.FirstTime, new EligibilityFacts(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"))));
        if (!enrol.IsSuccess && enrol.Rejection!.Code != "already-enrolled")
        {
            throw new InvalidOperationException($"Seeding {family.FamilyId}: {enrol.Rejection.Message}");
        }

        if (enrol.IsSuccess)
        {
            for (var i = 1; i < family.MemberIds.Count; i++)
            {
                var child = i == 1 ? MemberKind.SpouseOrPartner : MemberKind.Child;
                var childBirth = child == MemberKind.Child ? new DateOnly(2010 + (index + i) % 14, 3, 1) : birth.AddYears(2);
                var added = await grain.AddCoAffiliateAsync(new AddCoAffiliate(family.MemberIds[i], child, childBirth, true, new DateOnly(2025, 12, 10), null));
                if (!added.IsSuccess)
                {
                    throw new InvalidOperationException($"Seeding {family.FamilyId}: {added.Rejection!.Message}");
                }
            }

            await grain.RecordPaymentAsync(2026, M.FromEuros(250m), new DateOnly(2025, 12, 15));
        }

        foreach (var member in family.MemberIds)
        {
            await Client.GetGrain<IMemberGrain>(GrainKeys.Member(member))
                .SetStatutoryPeriodsAsync(family.FamilyId, [new StatutoryPeriod(new DateOnly(2005, 1, 1), null)]);
        }
    }

    public async Task<SubmitOutcome> SubmitAsync(ClaimSubmission submission, CancellationToken cancellationToken)
    {
        var result = await Client.GetGrain<IMemberGrain>(GrainKeys.Member(submission.MemberId)).SubmitClaimAsync(submission);
        var record = result.Record ?? throw new InvalidOperationException($"Claim {submission.ClaimId} refused: {result.Refusal!.Message}");
        return new SubmitOutcome(record.ClaimId, record.Status, record.TotalPaid.Euros);
    }

    public Task<SubmitOutcome> ReverseAsync(ClaimSubmission claim, string reason, CancellationToken cancellationToken) =>
        Outcome(claim, Client.GetGrain<IMemberGrain>(GrainKeys.Member(claim.MemberId)).ReverseClaimAsync(claim.ClaimId, reason, "cmcm-load"));

    public Task<SubmitOutcome> CorrectAsync(ClaimSubmission claim, IReadOnlyList<CmcmActors.Domain.Adjudication.ClaimLine> lines, string reason, CancellationToken cancellationToken) =>
        Outcome(claim, Client.GetGrain<IMemberGrain>(GrainKeys.Member(claim.MemberId)).CorrectClaimAsync(claim.ClaimId, [.. lines], reason, "cmcm-load"));

    private static async Task<SubmitOutcome> Outcome(ClaimSubmission claim, Task<ClaimResult> call)
    {
        var result = await call;
        var record = result.Record ?? throw new LoadTargetException(result.Refusal!.Code, $"Claim {claim.ClaimId}: {result.Refusal.Message}");
        return new SubmitOutcome(record.ClaimId, record.Status, record.TotalPaid.Euros);
    }

    public async Task<IReadOnlyList<AuditClaim>> ClaimsOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken)
    {
        var claims = await Client.GetGrain<IMemberGrain>(GrainKeys.Member(memberId)).GetClaimsAsync();
        return [.. claims.Select(c => new AuditClaim(c.ClaimId, c.Status, c.TotalPaid.Cents,
            [.. (c.Decision?.Changes ?? []).Where(x => x.Key.Scope == CmcmActors.Domain.Catalogue.CapScope.Member).Select(x => new AuditChange(x.Key.ToString(), x.Paid.Cents))]))];
    }

    public Task<IReadOnlyList<CapMovement>> AuditOfMemberAsync(string familyId, string memberId, CancellationToken cancellationToken) =>
        Client.GetGrain<IMemberGrain>(GrainKeys.Member(memberId)).GetAuditAsync();

    public Task<IReadOnlyList<CapUsage>> CapsOfMemberAsync(string familyId, string memberId, int year, CancellationToken cancellationToken) =>
        Client.GetGrain<IMemberGrain>(GrainKeys.Member(memberId)).GetCapsAsync(year);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
