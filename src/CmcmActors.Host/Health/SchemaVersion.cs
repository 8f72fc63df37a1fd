namespace CmcmActors.Host.Health;

/// <summary>The schema this host needs: deploy/sql up to and including the newest file (008-idempotency.sql); 005-schema-version.sql records the number.</summary>
public static class SchemaVersion
{
    /// <summary>Raised together with the number written by the newest deploy/sql file.</summary>
    public const int Expected = 15;
}
