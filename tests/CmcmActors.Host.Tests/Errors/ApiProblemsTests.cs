using CmcmActors.Host.Api;
using Orleans.Storage;

namespace CmcmActors.Host.Tests.Errors;

/// <summary>The classification behind 503: what a retry can cure, and what is a bug.</summary>
public sealed class ApiProblemsTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new Npgsql.NpgsqlException("connection refused"), true },
        { new TimeoutException("no answer"), true },
        { new InconsistentStateException("stale etag"), true },
        { new AggregateException(new TimeoutException("inner")), true },
        { new CmcmActors.Contracts.RetryLaterException("The member is reloading after a storage failure; retry."), true },
        { new CmcmActors.Contracts.JournalOverloadedException("The journal is full.", 3), true },
        { new InvalidOperationException("A message that merely ends with retry."), false },
        { new InvalidOperationException("Sequence contains no elements"), false },
        { new ArgumentException("bad key"), false },
        { new FormatException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void IsTransient_OnlyForWhatARetryCanCure(Exception exception, bool transient) =>
        Assert.Equal(transient, ApiProblems.IsTransient(exception));

    [Theory]
    [InlineData(null, "body")]
    [InlineData("$", "body")]
    [InlineData("$.lines[0].invoiced", "lines[0].invoiced")]
    [InlineData("$[2].weeks", "[2].weeks")]
    [InlineData("$.eligibility.insurance", "eligibility.insurance")]
    public void FieldOfPath_TheJsonPathWithoutItsRoot(string? path, string field) =>
        Assert.Equal(field, ApiProblems.FieldOfPath(path));

    [Fact]
    public void ForException_ABug_IsLeftTo500()
    {
        Assert.Null(ApiProblems.ForException(new FormatException("a bug")));
    }

    [Fact]
    public void ForException_JournalFull_503ServiceBusy_WithItsCode_AndTheJournalsRetryAfter()
    {
        var overload = new CmcmActors.Contracts.JournalOverloadedException("The journal is full.", 3);

        var (status, details) = ApiProblems.ForException(new AggregateException(overload))!.Value;

        Assert.Equal((503, "Service busy.", "journal-overloaded"), (status, details.Title, details.Extensions["code"]));
        Assert.Equal("The service is busy: the claims journal has as many writes waiting as it may take. Nothing of this request was written; retry in 3 s.", details.Detail);
        Assert.Equal(3, ApiProblems.RetryAfter(overload));
    }

    [Fact]
    public void RetryAfter_OtherThan_AFullJournal_TheApisFiveSeconds()
    {
        Assert.Equal(5, ApiProblems.RetryAfter(new Npgsql.NpgsqlException("down")));
    }

    [Fact]
    public void ForException_StorageDown_503()
    {
        Assert.Equal(503, ApiProblems.ForException(new Npgsql.NpgsqlException("down"))!.Value.Status);
    }
}
