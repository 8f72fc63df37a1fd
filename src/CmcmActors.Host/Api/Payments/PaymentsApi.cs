using CmcmActors.Domain.Payments;
using CmcmActors.Domain.Payments.Sepa;
using CmcmActors.Grains.Payments;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Api.Payments;

/// <summary>
/// Money out, for finance: a run's preview, starting a run (one per cut-off date), runs and their payments, the run's
/// pain.001 file, the bank's pain.002 returns, the second confirmation of large payments, the recovery list. A member's
/// claims' payment states are read by the member and staff like his claims.
/// </summary>
public static class PaymentsApi
{
    /// <summary>A bank's status report for a run of tens of thousands of payments stays well under this.</summary>
    public const int MaxReturnBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/payment-runs").WithTags("Payments").RequireAuthorization(CmcmRoles.FinancePolicy);
        runs.MapGet("/preview", PreviewAsync).WithName("PreviewPaymentRun")
            .WithSummary("What a run started now would pay, holder by holder: transfers, holds, nettings, large payments; changes nothing.");
        runs.MapPost("/", StartAsync).WithName("StartPaymentRun").Accepts<StartRunRequest>("application/json")
            .WithSummary("Starts the run of a cut-off date (201), or answers the run of that date that exists (200): one run per date.")
            .Produces<RunDetailResponse>(StatusCodes.Status201Created);
        runs.MapGet("/", ListAsync).WithName("GetPaymentRuns").WithSummary("The runs, newest cut-off first.");
        runs.MapGet("/{runId}", GetAsync).WithName("GetPaymentRun").WithSummary("A run with its payments.");
        runs.MapGet("/{runId}/file", FileAsync).WithName("GetPaymentRunFile")
            .WithSummary("The run's SEPA credit transfer file (pain.001.001.09), byte for byte as stored.")
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
        runs.MapPost("/{runId}/returns", ImportReturnAsync).WithName("ImportPaymentReturn").Accepts<string>("application/xml")
            .WithSummary("Imports the bank's status report (pain.002.001.10) for the run: accepted payments are paid out, rejected ones due again; once per report.");
        runs.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var payments = app.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization(CmcmRoles.FinancePolicy);
        payments.MapGet("/awaiting-confirmation", AwaitingAsync).WithName("GetPaymentsAwaitingConfirmation")
            .WithSummary("The four-eyes queue: payments above the threshold waiting for a second finance officer.");
        payments.MapGet("/{paymentId}", GetPaymentAsync).WithName("GetPayment").WithSummary("A payment with every claim change it pays.");
        payments.MapPost("/{paymentId}/confirmation", ConfirmAsync).WithName("ConfirmPayment")
            .WithSummary("A second finance officer (not the one who started the run) confirms a large payment; the run's file is written once none waits.");
        payments.MapPost("/{paymentId}/refusal", RefuseAsync).WithName("RefusePayment")
            .WithSummary("A second finance officer refuses a large payment: its claims are due again.");
        payments.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/api/recovery", RecoveryAsync).WithTags("Payments").WithName("GetRecoveryList").RequireAuthorization(CmcmRoles.FinancePolicy)
            .WithSummary("What payees owe the CMCM (claims paid out, then reversed or corrected downwards): overdue ones (open longer than Cmcm:Payments:RecoveryDays), or all with ?all=true.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapGet("/api/families/{familyId}/members/{memberId}/payments", MemberPaymentsAsync).WithTags("Payments").WithName("GetMemberPayments")
            .RequireAuthorization(CmcmRoles.AnyUserPolicy)
            .WithSummary("Each of the member's claims' payment state (due, in a run, paid on a date to ****1234, returned and why) and what he owes.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<PreviewResponse>> PreviewAsync(PaymentRuns runs, HttpContext http)
    {
        var lines = await runs.PreviewAsync(http.RequestAborted);
        var paying = lines.Where(l => l.Plan.Outcome is PlannedOutcome.Pay or PlannedOutcome.PayAfterSecondConfirmation).ToArray();
        return TypedResults.Ok(new PreviewResponse(paying.Length, paying.Sum(l => l.Plan.Amount.Euros),
            lines.Count(l => l.Plan.Outcome == PlannedOutcome.Held), lines.Count(l => l.Plan.Outcome == PlannedOutcome.PayAfterSecondConfirmation),
            [.. lines.Select(PreviewLineResponse.From)]));
    }

    private static async Task<Results<Created<RunDetailResponse>, Ok<RunDetailResponse>, ProblemHttpResult>> StartAsync(
        HttpRequest http, ApiBody body, PaymentRuns runs, IPaymentLedger ledger, TimeProvider clock)
    {
        var (request, invalid) = await body.ReadAsync<StartRunRequest>(http);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var today = clock.Today();
        var cutOff = request!.CutOff is null ? today : errors.PastDate("cutOff", request.CutOff, today);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var (run, created) = await runs.StartAsync(cutOff!.Value, http.HttpContext.User.Actor(), http.HttpContext.RequestAborted);
        var detail = await DetailAsync(ledger, run);
        return created ? TypedResults.Created($"/api/payment-runs/{run.RunId}", detail) : TypedResults.Ok(detail);
    }

    private static async Task<Ok<List<RunResponse>>> ListAsync(IPaymentLedger ledger) =>
        TypedResults.Ok((await ledger.ListRunsAsync(100)).Select(RunResponse.From).ToList());

    private static async Task<Results<Ok<RunDetailResponse>, ProblemHttpResult>> GetAsync(string runId, IPaymentLedger ledger)
    {
        var (run, problem) = await RunAsync(ledger, runId);
        return problem ?? (Results<Ok<RunDetailResponse>, ProblemHttpResult>)TypedResults.Ok(await DetailAsync(ledger, run!));
    }

    private static async Task<IResult> FileAsync(string runId, IPaymentLedger ledger)
    {
        var (run, problem) = await RunAsync(ledger, runId);
        if (problem is not null)
        {
            return problem;
        }

        if (await ledger.OpenFileAsync(run!.RunId) is not { } file)
        {
            return ApiProblems.Conflict("runId", $"Run {runId} has no file: it is {RunResponse.Camel(run.Status.ToString())}.", "no-file");
        }

        return TypedResults.Stream(file, "application/xml", $"{run.RunId}.xml");
    }

    private static async Task<Results<Ok<ReturnImportResponse>, ProblemHttpResult>> ImportReturnAsync(
        string runId, HttpRequest http, IPaymentLedger ledger, PaymentReturns returns)
    {
        var (run, problem) = await RunAsync(ledger, runId);
        if (problem is not null)
        {
            return problem;
        }

        if (http.ContentType is not { } type || !(type.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase)))
        {
            return ApiProblems.Invalid("body", "The body must be the bank's pain.002 XML file (Content-Type: application/xml).");
        }

        if (http.ContentLength > MaxReturnBytes)
        {
            return ApiProblems.Invalid("body", $"The file is larger than {MaxReturnBytes / 1024 / 1024} MB.");
        }

        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, http.HttpContext.RequestAborted);
        if (buffer.Length > MaxReturnBytes)
        {
            return ApiProblems.Invalid("body", $"The file is larger than {MaxReturnBytes / 1024 / 1024} MB.");
        }

        buffer.Position = 0;
        Pain002Report report;
        try
        {
            report = Pain002Reader.Read(buffer);
        }
        catch (Pain002FormatException e)
        {
            return ApiProblems.Invalid("body", "The file is not a pain.002 status report: " + e.Message);
        }

        var import = await returns.ImportAsync(run!.RunId, report, http.HttpContext.User.Actor());
        if (import.IsRefused)
        {
            return import.RefusalCode == "unknown-payments"
                ? ApiProblems.Invalid("body", import.RefusalMessage!)
                : ApiProblems.Conflict(import.RefusalField!, import.RefusalMessage!, import.RefusalCode!);
        }

        return TypedResults.Ok(new ReturnImportResponse(run.RunId, report.MessageId, import.AlreadyImported, import.PaidOut, import.Returned));
    }

    private static async Task<Ok<List<PaymentResponse>>> AwaitingAsync(IPaymentLedger ledger)
    {
        var awaiting = new List<PaymentResponse>();
        foreach (var run in (await ledger.ListRunsAsync(100)).Where(r => r.Status == PaymentRunStatus.AwaitingConfirmation))
        {
            awaiting.AddRange((await ledger.ReadPaymentsAsync(run.RunId)).Where(p => p.Status == PaymentStatus.AwaitingConfirmation).Select(PaymentResponse.From));
        }

        return TypedResults.Ok(awaiting);
    }

    private static async Task<Results<Ok<PaymentDetailResponse>, ProblemHttpResult>> GetPaymentAsync(string paymentId, IPaymentLedger ledger)
    {
        if (ApiLookups.InvalidIds(("paymentId", paymentId)) is { } invalid)
        {
            return invalid;
        }

        if (await ledger.GetPaymentAsync(paymentId) is not { } payment)
        {
            return UnknownPayment(paymentId);
        }

        var payables = await ledger.ReadPaymentPayablesAsync(paymentId);
        return TypedResults.Ok(new PaymentDetailResponse(PaymentResponse.From(payment), [.. payables.Select(PayableResponse.From)]));
    }

    private static Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> ConfirmAsync(string paymentId, HttpContext http, PaymentRuns runs, IPaymentLedger ledger) =>
        DecideAsync(paymentId, confirm: true, http, runs, ledger);

    private static Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> RefuseAsync(string paymentId, HttpContext http, PaymentRuns runs, IPaymentLedger ledger) =>
        DecideAsync(paymentId, confirm: false, http, runs, ledger);

    private static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> DecideAsync(string paymentId, bool confirm, HttpContext http, PaymentRuns runs, IPaymentLedger ledger)
    {
        if (ApiLookups.InvalidIds(("paymentId", paymentId)) is { } invalid)
        {
            return invalid;
        }

        if (await runs.DecideAsync(paymentId, confirm, http.User.Actor(), http.RequestAborted) is { } refusal)
        {
            return refusal.NotFound ? UnknownPayment(paymentId) : ApiProblems.Conflict("paymentId", refusal.Message, refusal.Code);
        }

        var payment = (await ledger.GetPaymentAsync(paymentId))!;
        return TypedResults.Ok(new DecisionResponse(PaymentResponse.From(payment), RunResponse.From((await ledger.GetRunAsync(payment.RunId))!)));
    }

    private static async Task<Results<Ok<RecoveryResponse>, ProblemHttpResult>> RecoveryAsync(string? all, IPaymentLedger ledger, IOptions<PaymentOptions> options, TimeProvider clock)
    {
        if (all is not (null or "true" or "false"))
        {
            return ApiProblems.Invalid("all", "Either true or false.");
        }

        var owing = await ledger.ReadOwingPayablesAsync();
        var now = clock.GetUtcNow();
        var days = options.Value.RecoveryDays;
        var receivables = all == "true" ? Recovery.Open(owing) : Recovery.Overdue(owing, now, days);
        return TypedResults.Ok(new RecoveryResponse(days, receivables.Sum(r => r.Amount.Euros),
            [.. receivables.Select(r => new ReceivableResponse(r.Payee, r.Amount.Euros, r.OpenSince, r.DaysOpen(now), [.. r.Payables.Select(PayableResponse.From)]))]));
    }

    private static async Task<Results<Ok<MemberPaymentsResponse>, ProblemHttpResult>> MemberPaymentsAsync(
        string familyId, string memberId, HttpContext http, IGrainFactory grains, IPaymentLedger ledger)
    {
        if ((ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId)) ?? http.User.MemberAccess(familyId, memberId)) is { } problem)
        {
            return problem;
        }

        if (await Members.MembersApi.FindAsync(grains, familyId, memberId) is { } missing)
        {
            return missing;
        }

        var standings = await ledger.ReadMemberStandingsAsync(memberId);
        var claims = standings.GroupBy(s => s.Payable.ClaimId, StringComparer.Ordinal)
            .Select(g => ClaimPaymentStanding.Of(g.Key, g))
            .OrderBy(s => s.ClaimId, StringComparer.Ordinal)
            .ToArray();
        var owes = claims.Where(c => c.State == ClaimPaymentState.Owing).Sum(c => c.Amount.Euros);
        return TypedResults.Ok(new MemberPaymentsResponse(memberId, owes, [.. claims.Select(ClaimPaymentResponse.From)]));
    }

    private static async Task<(PaymentRunRecord? Run, ProblemHttpResult? Problem)> RunAsync(IPaymentLedger ledger, string runId)
    {
        if (PaymentIds.CutOffOf(runId) is null)
        {
            return (null, ApiProblems.Invalid("runId", $"'{runId}' is not a run id (RUN-yyyyMMdd)."));
        }

        return await ledger.GetRunAsync(runId) is { } run ? (run, null) : (null, ApiProblems.NotFound("runId", $"There is no payment run {runId}."));
    }

    private static async Task<RunDetailResponse> DetailAsync(IPaymentLedger ledger, PaymentRunRecord run)
    {
        var payments = await ledger.ReadPaymentsAsync(run.RunId);
        var inFile = payments.Where(p => p.Status is PaymentStatus.Ready or PaymentStatus.PaidOut or PaymentStatus.Returned or PaymentStatus.AwaitingConfirmation).ToArray();
        return new RunDetailResponse(RunResponse.From(run), inFile.Length, inFile.Sum(p => p.Amount.Euros), [.. payments.Select(PaymentResponse.From)]);
    }

    private static ProblemHttpResult UnknownPayment(string paymentId) => ApiProblems.NotFound("paymentId", $"There is no payment {paymentId}.");
}
