using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Domain.Import;
using CmcmActors.Grains.Hosting;
using CmcmActors.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmcmActors.Host.Api.Import;

/// <summary>
/// The import of the families of the system the CMCM replaces (docs/import.md), for admins: a batch of whole families
/// as the rows of the import files. Every row is checked first, as <c>cmcm import</c> checks the files: one bad row and
/// the batch is refused (400, every row named by file, line and column), nothing imported. Otherwise each family is
/// imported by its grain, whole or not at all, and the answer says which were imported, which were already (the same
/// rows again: nothing changed), and which the cluster refused (a member in another family, a national number held).
/// </summary>
public static class ImportApi
{
    /// <summary>Families in one batch at most: a batch is answered once every one of its families is imported.</summary>
    public const int MaxFamilies = 500;

    /// <summary>
    /// Families of one batch imported at once: each holds a few storage connections while it writes (family state,
    /// national numbers, people index), and PostgreSQL has 100 for every pool of the silo.
    /// </summary>
    public const int FamiliesAtOnce = 16;

    /// <summary>A batch of 500 families of three members is about 600 KB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/imports/families", ImportAsync).WithTags("Import").WithName("ImportFamilies")
            .RequireAuthorization(CmcmRoles.AdminPolicy).Accepts<ImportBatchRequest>("application/json")
            .WithSummary($"Imports a batch of whole families (at most {MaxFamilies}) given as the rows of the import files; the same rows again change nothing.")
            .Produces<ImportBatchResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Results<Ok<ImportBatchResponse>, ProblemHttpResult>> ImportAsync(HttpRequest http, ApiBody body, IGrainFactory grains, CmcmReferenceData reference)
    {
        var (request, problem) = await body.ReadAsync<ImportBatchRequest>(http, MaxBytes);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var rows = request!.ToRows(errors);
        if (rows.Families.Count > MaxFamilies)
        {
            errors.Add("families", $"At most {MaxFamilies} families in one batch.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors);
        }

        var check = FamilyImportCheck.Check(rows, reference.Catalogues);
        if (check.Errors.Count > 0)
        {
            foreach (var error in check.Errors)
            {
                errors.Add($"{error.File}:{error.Line}:{error.Field}", error.Message);
            }

            return ApiProblems.Validation(errors);
        }

        var results = new System.Collections.Concurrent.ConcurrentBag<(string FamilyId, FamilyImportResult Result)>();
        await Parallel.ForEachAsync(check.Families, new ParallelOptions { MaxDegreeOfParallelism = FamiliesAtOnce, CancellationToken = http.HttpContext.RequestAborted },
            async (f, _) => results.Add((f.FamilyId, await grains.GetGrain<IFamilyGrain>(GrainKeys.Family(f.FamilyId)).ImportAsync(f))));
        return TypedResults.Ok(new ImportBatchResponse(
            [.. results.Where(r => r.Result.Outcome == FamilyImportOutcome.Imported).Select(r => r.FamilyId)],
            [.. results.Where(r => r.Result.Outcome == FamilyImportOutcome.AlreadyImported).Select(r => r.FamilyId)],
            [.. results.Where(r => r.Result.Outcome == FamilyImportOutcome.Refused)
                .Select(r => new ImportRefusal(r.FamilyId, r.Result.Rejection!.Code, r.Result.Rejection.Field, r.Result.Rejection.Message))]));
    }
}

/// <summary>A batch of whole families: the rows of each import file that belong to them, with their line numbers.</summary>
public sealed record ImportBatchRequest(
    IReadOnlyList<ImportRowRequest>? Families,
    IReadOnlyList<ImportRowRequest>? Members,
    IReadOnlyList<ImportRowRequest>? Tiers,
    IReadOnlyList<ImportRowRequest>? Contributions,
    IReadOnlyList<ImportRowRequest>? StatutoryPeriods,
    IReadOnlyList<ImportRowRequest>? Balances)
{
    internal ImportRowSet ToRows(FieldErrors errors)
    {
        if (Families is not { Count: > 0 })
        {
            errors.Add("families", "At least one family row is required.");
        }

        return new ImportRowSet(
            Rows("families", ImportFiles.Families, ImportFiles.FamilyColumns, Families, errors),
            Rows("members", ImportFiles.Members, ImportFiles.MemberColumns, Members, errors),
            Rows("tiers", ImportFiles.Tiers, ImportFiles.TierColumns, Tiers, errors),
            Rows("contributions", ImportFiles.Contributions, ImportFiles.ContributionColumns, Contributions, errors),
            Rows("statutoryPeriods", ImportFiles.StatutoryPeriods, ImportFiles.StatutoryPeriodColumns, StatutoryPeriods, errors),
            Rows("balances", ImportFiles.Balances, ImportFiles.BalanceColumns, Balances, errors));
    }

    private static List<ImportRow> Rows(string name, string file, IReadOnlyList<string> columns, IReadOnlyList<ImportRowRequest>? rows, FieldErrors errors)
    {
        var result = new List<ImportRow>(rows?.Count ?? 0);
        foreach (var (row, i) in (rows ?? []).Select((r, i) => (r, i)))
        {
            if (row is null || row.Line < 2 || row.Fields is null)
            {
                errors.Add($"{name}[{i}]", "A row has its line in the file (2 or more: line 1 is the header) and its fields.");
                continue;
            }

            if (row.Fields.Keys.FirstOrDefault(k => !columns.Contains(k)) is { } unknown)
            {
                errors.Add($"{name}[{i}].fields.{unknown}", $"{file} has no column {unknown}.");
                continue;
            }

            result.Add(new ImportRow(file, row.Line, row.Fields));
        }

        return result;
    }
}

/// <param name="Line">The row's line in its file (line 1 is the header).</param>
/// <param name="Fields">The row's fields by column name; a missing or empty field is empty.</param>
public sealed record ImportRowRequest(int Line, IReadOnlyDictionary<string, string?>? Fields);

public sealed record ImportBatchResponse(IReadOnlyList<string> Imported, IReadOnlyList<string> AlreadyImported, IReadOnlyList<ImportRefusal> Refused);

/// <summary>A family the cluster refused (nothing of it imported): the rule's code, the field it is about, and why.</summary>
public sealed record ImportRefusal(string FamilyId, string Code, string? Field, string Message);
