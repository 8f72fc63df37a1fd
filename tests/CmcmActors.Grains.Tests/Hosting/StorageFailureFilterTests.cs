using CmcmActors.Grains.Hosting;

namespace CmcmActors.Grains.Tests.Hosting;

/// <summary>Which failures of a grain call are storage failures, told to the caller as "retry later".</summary>
public sealed class StorageFailureFilterTests
{
    [Fact]
    public void StorageCause_DatabaseErrorWrappedByTheStorageProvider_IsTheDatabaseError()
    {
        var database = new Npgsql.NpgsqlException("Exception while reading from stream");
        var wrapped = new OrleansException("Error from storage provider AdoNetGrainStorage.member during WriteStateAsync", database);

        Assert.Same(database, StorageFailureFilter.StorageCause(wrapped));
    }

    [Fact]
    public void StorageCause_RuleOrProgrammingErrors_AreNone()
    {
        Assert.Null(StorageFailureFilter.StorageCause(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(StorageFailureFilter.StorageCause(new ArgumentException("bad key", new FormatException("inner"))));
    }
}
