using System.Globalization;
using System.Security.Claims;
using CmcmActors.Domain.Payments.Accounts;
using CmcmActors.Grains.Payments;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Payments;

/// <summary>
/// Members' bank accounts with four eyes: a member (the main affiliate for his family, a co-affiliate for himself) or a
/// clerk asks for an account; it takes effect only when a second staff member, not the one who asked, confirms it;
/// staff may refuse it with a reason. Every account is kept with its dates. The rules are
/// <see cref="BankAccountRules"/>'s; the store makes each step atomic across hosts.
/// </summary>
public static class BankAccountsApi
{
    /// <summary>Front desk, finance and admin: who sees the four-eyes queue and confirms or refuses.</summary>
    public static readonly string[] StaffRoles = [CmcmRoles.FrontDesk, CmcmRoles.Finance, CmcmRoles.Admin];

    public const int MaxPending = 500;

    public static IEndpointRouteBuilder MapBankAccountsApi(this IEndpointRouteBuilder app)
    {
        var member = app.MapGroup("/api/families/{familyId}/members/{memberId}/bank-accounts").WithTags("Bank accounts")
            .RequireAuthorization(CmcmRoles.AnyUserPolicy);
        member.MapGet("", GetAsync).WithName("GetBankAccounts")
            .WithSummary("Where the member's payments go (or why they wait) and every account of the member, newest first; masked for a member.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        member.MapPost("", RequestAsync).WithName("RequestBankAccount").Accepts<BankAccountRequest>("application/json")
            .WithSummary("Asks for a new account: it takes effect when another staff member confirms it; payments wait meanwhile.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var accounts = app.MapGroup("/api/bank-accounts").WithTags("Bank accounts").RequireAuthorization(p => p.RequireRole(StaffRoles));
        accounts.MapGet("/pending", PendingAsync).WithName("GetPendingBankAccounts")
            .WithSummary("The four-eyes queue: requests waiting for their second confirmation, oldest first (?limit=, at most 500).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        var decisions = accounts.MapGroup("/{accountId}");
        decisions.MapPost("/confirmation", ConfirmAsync).WithName("ConfirmBankAccount")
            .WithSummary("The second confirmation, by a staff member other than the one who asked; the member's earlier account ends now.");
        decisions.MapPost("/refusal", RefuseAsync).WithName("RefuseBankAccount").Accepts<BankAccountRefusalRequest>("application/json")
            .WithSummary("Refuses a waiting request, with a reason.");
        decisions.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The caller as the account rules see him: the token's subject and the strongest of his roles.</summary>
    public static AccountActor AsAccountActor(this ClaimsPrincipal user) => new(user.Actor(),
        user.IsInRole(CmcmRoles.Admin) ? AccountActorRole.Admin
        : user.IsInRole(CmcmRoles.Finance) ? AccountActorRole.Finance
        : user.IsInRole(CmcmRoles.FrontDesk) ? AccountActorRole.FrontDesk
        : AccountActorRole.Member);

    private static async Task<Results<Ok<BankAccountsResponse>, ProblemHttpResult>> GetAsync(
        string familyId, string memberId, HttpContext http, IGrainFactory grains, IBankAccountStore store, IPayeeDirectory directory)
    {
        if (Check(familyId, memberId, http.User) is { } problem)
        {
            return problem;
        }

        if (await FindAsync(grains, familyId, memberId) is { Problem: { } missing })
        {
            return missing;
        }

        var caller = http.User.AsAccountActor();
        var route = await directory.RouteAsync(new PayeeRef(PayeeKind.Member, memberId), http.RequestAborted);
        var accounts = await store.ForMemberAsync(memberId, http.RequestAborted);
        var maySeeHolder = caller.IsStaff || http.User.CanSeeMember(familyId, route.Holder.Id);
        return TypedResults.Ok(new BankAccountsResponse(memberId, PayeeResponse.From(route, maySeeHolder),
            [.. accounts.Reverse().Select(a => BankAccountResponse.From(a, caller))]));
    }

    private static async Task<Results<Created<BankAccountResponse>, ProblemHttpResult>> RequestAsync(
        string familyId, string memberId, HttpRequest http, ApiBody body, IGrainFactory grains, IBankAccountStore store, TimeProvider clock)
    {
        if (Check(familyId, memberId, http.HttpContext.User) is { } problem)
        {
            return problem;
        }

        var (request, bodyProblem) = await body.ReadAsync<BankAccountRequest>(http);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var errors = new FieldErrors();
        var iban = errors.Text("iban", request!.Iban, 64);
        var bic = errors.Text("bic", request.Bic, 16, required: false);
        var holderName = errors.Text("holderName", request.HolderName, BankAccountRules.HolderNameLength);
        if (iban is not null && !Domain.Payments.Iban.TryParse(iban, out _, out var ibanRefusal))
        {
            errors.Add("iban", $"IBAN: {ibanRefusal}.");
        }

        if (bic is not null && !Domain.Payments.Bic.TryParse(bic, out _, out var bicRefusal))
        {
            errors.Add("bic", $"BIC: {bicRefusal}.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var (found, missing) = await FindAsync(grains, familyId, memberId);
        if (missing is not null)
        {
            return missing;
        }

        var caller = http.HttpContext.User.AsAccountActor();
        var holder = new AccountHolder(familyId, memberId, found!.Kind, found.BirthDate);
        var history = await store.ForMemberAsync(memberId, http.HttpContext.RequestAborted);
        var now = clock.GetUtcNow();
        var decision = BankAccountRules.Request(new AccountRequest(iban, bic, holderName), holder, caller, history,
            "BA-" + Guid.NewGuid().ToString("N"), now, clock.Today());
        if (decision.Refusal is { } refusal)
        {
            return Refused(refusal);
        }

        if (await store.AddRequestAsync(decision.Account!, http.HttpContext.RequestAborted) is { } waiting)
        {
            // Another request of the same member got in first: the rule's own refusal, now against the stored history.
            return Refused(BankAccountRules.Request(new AccountRequest(iban, bic, holderName), holder, caller, [waiting], "-", now, clock.Today()).Refusal!);
        }

        return TypedResults.Created($"/api/families/{familyId}/members/{memberId}/bank-accounts",
            BankAccountResponse.From(decision.Account!, caller, decision.Note));
    }

    private static async Task<Results<Ok<List<BankAccountResponse>>, ProblemHttpResult>> PendingAsync(
        string? limit, HttpContext http, IBankAccountStore store)
    {
        var size = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPending))
        {
            return ApiProblems.Invalid("limit", $"Expected a whole number from 1 to {MaxPending}.");
        }

        var caller = http.User.AsAccountActor();
        var pending = await store.PendingAsync(size, http.RequestAborted);
        return TypedResults.Ok(pending.Select(a => BankAccountResponse.From(a, caller)).ToList());
    }

    private static async Task<Results<Ok<BankAccountResponse>, ProblemHttpResult>> ConfirmAsync(
        string accountId, HttpContext http, IBankAccountStore store, TimeProvider clock)
    {
        if (ApiLookups.InvalidIds(("accountId", accountId)) is { } invalid)
        {
            return invalid;
        }

        var caller = http.User.AsAccountActor();
        return await DecideAsync(accountId, store, caller, account => BankAccountRules.Confirm(account, caller, clock.GetUtcNow()), http.RequestAborted);
    }

    private static async Task<Results<Ok<BankAccountResponse>, ProblemHttpResult>> RefuseAsync(
        string accountId, HttpRequest http, ApiBody body, IBankAccountStore store, TimeProvider clock)
    {
        if (ApiLookups.InvalidIds(("accountId", accountId)) is { } invalid)
        {
            return invalid;
        }

        var (request, bodyProblem) = await body.ReadAsync<BankAccountRefusalRequest>(http);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request!.Reason, BankAccountRules.RefusalReasonLength);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var caller = http.HttpContext.User.AsAccountActor();
        return await DecideAsync(accountId, store, caller, account => BankAccountRules.Refuse(account, caller, reason, clock.GetUtcNow()),
            http.HttpContext.RequestAborted);
    }

    /// <summary>
    /// Decides on the stored request and writes the decision if the request is still pending; when another person decided
    /// first, the rule runs again on what is stored now and its refusal is the answer (so ten clerks at once: one wins).
    /// </summary>
    private static async Task<Results<Ok<BankAccountResponse>, ProblemHttpResult>> DecideAsync(string accountId, IBankAccountStore store,
        AccountActor caller, Func<BankAccount, AccountDecision> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await store.GetAsync(accountId, cancellationToken) is not { } account)
            {
                return ApiProblems.NotFound("accountId", $"No bank account {accountId}.");
            }

            var decision = decide(account);
            if (decision.Refusal is { } refusal)
            {
                return Refused(refusal);
            }

            if (await store.DecideAsync(decision.Account!, cancellationToken))
            {
                return TypedResults.Ok(BankAccountResponse.From(decision.Account!, caller));
            }
        }

        return ApiProblems.Conflict("accountId", $"Account {accountId} was decided by someone else at the same moment.", "account-not-pending");
    }

    /// <summary>An input field the rules refused (iban, bic, holderName, reason) is a 400; a refusal by the state of things a 409 with its code.</summary>
    private static ProblemHttpResult Refused(AccountRefusal refusal) =>
        refusal.Field is "iban" or "bic" or "holderName" or "reason"
            ? ApiProblems.Invalid(refusal.Field, refusal.Message)
            : ApiProblems.Conflict(refusal.Field, refusal.Message, refusal.Code);

    /// <summary>Valid ids, then access: staff and finance for anyone; a member as for reading the member.</summary>
    private static ProblemHttpResult? Check(string familyId, string memberId, ClaimsPrincipal user) =>
        ApiLookups.InvalidIds(("familyId", familyId), ("memberId", memberId))
        ?? (user.IsInRole(CmcmRoles.Finance) ? null : user.MemberAccess(familyId, memberId));

    private static async Task<(Domain.Families.FamilyMember? Member, ProblemHttpResult? Problem)> FindAsync(IGrainFactory grains, string familyId, string memberId)
    {
        if (await grains.Family(familyId).GetAsync() is not { } family)
        {
            return (null, ApiLookups.UnknownFamily(familyId));
        }

        return family.Find(memberId) is { } member ? (member, null) : (null, ApiLookups.UnknownMember(familyId, memberId));
    }
}
