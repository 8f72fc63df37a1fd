using CmcmActors.Contracts.Claims;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Families;
using CmcmActors.Domain.Routing;
using CmcmActors.Domain.StatutoryCover;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Api;
using M = CmcmActors.Domain.Money.Money;

namespace CmcmActors.Host.Demo;

/// <summary>
/// Seeds the demo families through the grains, with dates relative to today so that waiting periods are over and the
/// claims fall in the current catalogue edition:
/// <list type="bullet">
/// <item>F-KIEFFER (RC+PP+DO): Paul's two implants, the brochure's example (300 + 1000 = 1300).</item>
/// <item>F-WEBER (RC+PP+DO): Anne and her daughter Lea, 12, whose orthodontics hit DO's cap per act code.</item>
/// <item>F-SCHMIT (RC): Luc and Marie; Luc's trip cancellation is pended for a missing document, Marie's osteopathy is paid.</item>
/// <item>F-MULLER (RC+PP): Marc, Sophie and their baby Tom; Marc's osteopathy is paid by RC and PP.</item>
/// </list>
/// </summary>
public sealed partial class DemoDataSeeder(IGrainFactory grains, CmcmReferenceData reference, TimeProvider clock, ILogger<DemoDataSeeder> logger) : IHostedService
{
    public static readonly IReadOnlyList<string> FamilyIds = ["F-KIEFFER", "F-WEBER", "F-SCHMIT", "F-MULLER"];

    private static readonly EligibilityFacts Eligible = new(true, false, StatutoryInsuranceKind.LuxembourgFund, new Domicile("LU"));

    public async Task StartAsync(CancellationToken cancellationToken) => await SeedAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Seeds every family not enrolled yet; returns the ids of the families it seeded.</summary>
    public async Task<IReadOnlyList<string>> SeedAsync()
    {
        var today = clock.Today();
        var applied = today.AddMonths(-14);
        var firstEdition = reference.Catalogues.Editions[0].EffectiveFrom;
        var care = Later(today.AddDays(-20), firstEdition);
        var seeded = new List<string>();

        if (await EnrolAsync("F-KIEFFER", "M-KIEFFER-PAUL", new DateOnly(1961, 7, 24), applied, CoverageLevel.RC_PP_DO))
        {
            await ClaimAsync("F-KIEFFER", "M-KIEFFER-PAUL", "INV-IMPLANT-1", today, Channel.App,
                Line("RC.DENTAL.FLAT", care, 1900.00m, 0m) with { Element = "implant", Units = 2 });
            seeded.Add("F-KIEFFER");
        }

        if (await EnrolAsync("F-WEBER", "M-WEBER-ANNE", new DateOnly(1984, 2, 11), applied, CoverageLevel.RC_PP_DO))
        {
            await CoAffiliateAsync("F-WEBER", "M-WEBER-LEA", MemberKind.Child, new DateOnly(2014, 3, 1), applied);
            await ClaimAsync("F-WEBER", "M-WEBER-LEA", "INV-ORTHO-1", today, Channel.Post,
                Line("RC.DENTAL.ORTHO.CHILD", care, 1340.00m, 558.90m) with { Element = "DT41" },
                Line("RC.DENTAL.ORTHO.CHILD", care, 1340.00m, 558.60m) with { Element = "DT42" },
                Line("RC.DENTAL.ORTHO.CHILD", care, 1510.00m, 702.30m) with { Element = "DT43" },
                Line("RC.DENTAL.ORTHO.CHILD", care, 1430.00m, 633.00m) with { Element = "DT44" },
                Line("RC.DENTAL.ORTHO.CHILD", care, 1430.00m, 632.60m) with { Element = "DT45" });
            seeded.Add("F-WEBER");
        }

        if (await EnrolAsync("F-SCHMIT", "M-SCHMIT-LUC", new DateOnly(1970, 1, 30), applied, CoverageLevel.RC))
        {
            await CoAffiliateAsync("F-SCHMIT", "M-SCHMIT-MARIE", MemberKind.SpouseOrPartner, new DateOnly(1972, 6, 14), applied);
            await ClaimAsync("F-SCHMIT", "M-SCHMIT-LUC", "INV-TRIP-1", today, Channel.App,
                Line("ASSIST.TRIP.CANCEL", care, 1850.00m, 0m) with
                {
                    Circumstances = ["illness"],
                    Documents = ["travel-invoices"],
                    TripId = "TRIP-CRETE",
                });
            await ClaimAsync("F-SCHMIT", "M-SCHMIT-MARIE", "INV-OSTEO-1", today, Channel.App,
                Line("RC.ALTMED", care, 80.00m, 0m) with { Element = "osteopathy" });
            seeded.Add("F-SCHMIT");
        }

        if (await EnrolAsync("F-MULLER", "M-MULLER-MARC", new DateOnly(1988, 8, 8), applied, CoverageLevel.RC_PP))
        {
            await CoAffiliateAsync("F-MULLER", "M-MULLER-SOPHIE", MemberKind.SpouseOrPartner, new DateOnly(1989, 11, 23), applied);
            var born = Later(today.AddMonths(-2), applied);
            await CoAffiliateAsync("F-MULLER", "M-MULLER-TOM", MemberKind.Child, born, born.AddDays(10), bornOrAdoptedOn: born);
            await ClaimAsync("F-MULLER", "M-MULLER-MARC", "INV-OSTEO-1", today, Channel.Post,
                Line("RC.ALTMED", care, 120.00m, 0m) with { Element = "osteopathy" });
            seeded.Add("F-MULLER");
        }

        LogSeeded(logger, seeded.Count == 0 ? "none (already there)" : string.Join(", ", seeded));
        return seeded;
    }

    private async Task<bool> EnrolAsync(string familyId, string memberId, DateOnly birth, DateOnly applied, CoverageLevel level)
    {
        var family = grains.Family(familyId);
        var result = await family.EnrolAsync(new EnrolFamily(familyId, memberId, birth, applied, level, EnrolmentReason.FirstTime, Eligible));
        if (result.Rejection is not null)
        {
            return false;
        }

        await family.RecordPaymentAsync(applied.Year, M.FromEuros(level == CoverageLevel.RC ? 36m : 95m), applied.AddDays(12));
        await grains.Member(memberId).SetStatutoryPeriodsAsync(familyId, [new StatutoryPeriod(Later(birth, new DateOnly(2000, 1, 1)), null)]);
        return true;
    }

    private async Task CoAffiliateAsync(string familyId, string memberId, MemberKind kind, DateOnly birth, DateOnly addedOn, DateOnly? bornOrAdoptedOn = null)
    {
        var result = await grains.Family(familyId).AddCoAffiliateAsync(new AddCoAffiliate(memberId, kind, birth, true, addedOn, bornOrAdoptedOn));
        if (result.Rejection is { } rejection)
        {
            throw new InvalidOperationException($"Demo data: {memberId} could not join {familyId}: {rejection.Message}");
        }

        await grains.Member(memberId).SetStatutoryPeriodsAsync(familyId, [new StatutoryPeriod(Later(birth, new DateOnly(2000, 1, 1)), null)]);
    }

    private async Task ClaimAsync(string familyId, string memberId, string invoice, DateOnly receivedOn, Channel channel, params ClaimLine[] lines) =>
        await grains.Member(memberId).SubmitClaimAsync(new ClaimSubmission(familyId, memberId, invoice, receivedOn, channel, lines));

    private static ClaimLine Line(string code, DateOnly care, decimal invoiced, decimal statutory) =>
        new(code, care, M.FromEuros(invoiced), M.FromEuros(statutory));

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Families}. Mint a token with POST /dev/tokens, e.g. {{\"role\":\"frontdesk\"}}.")]
    private static partial void LogSeeded(ILogger logger, string families);
}
