using CmcmActors.Domain.Catalogue;
using CmcmActors.Grains.Catalogue;
using CmcmActors.Grains.Calendar;
using CmcmActors.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using CmcmActors.Contracts;
using CmcmActors.Grains.Audit;
using CmcmActors.Grains.Idempotency;
using CmcmActors.Grains.Journal;
using CmcmActors.Grains.Payments;
using CmcmActors.Grains.People;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Hosting;

/// <summary>Where grain state, membership and reminders live.</summary>
public sealed class CmcmStorageOptions
{
    /// <summary>
    /// PostgreSQL connection string (Npgsql), or null for the embedded default: in-memory grain storage and reminders,
    /// nothing to install. Auto-prepare is switched on when the string does not set it (it doubles state writes/s).
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    /// <summary>The connection string with Npgsql auto-prepare on, unless the string sets it itself.</summary>
    public string? EffectiveConnectionString =>
        PostgresConnectionString is not { } s || s.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            ? PostgresConnectionString
            : s.TrimEnd(';') + ";Max Auto Prepare=32;Auto Prepare Min Usages=2";
}

public static class CmcmSiloBuilderExtensions
{
    /// <summary>
    /// Registers the grains' services and serialization. Domain values (CmcmActors.Domain) cross grain calls through
    /// the System.Text.Json codec, so the domain stays free of Orleans attributes; contract types use generated
    /// serializers with stable ids.
    /// </summary>
    public static ISiloBuilder AddCmcmGrains(this ISiloBuilder builder, CatalogueSet? catalogues = null, Domain.Adjudication.PlausibilityLimits? plausibility = null)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new CmcmCalendar(sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<INotificationPublisher, NoNotificationPublisher>();
        builder.Services.TryAddSingleton(new CmcmReferenceData(catalogues ?? CatalogueSet.BuiltIn, plausibility));
        builder.Services.TryAddSingleton<ReferenceDataRefresher>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ReferenceDataRefresher>());
        builder.Services.AddCmcmSerialization();
        builder.AddIncomingGrainCallFilter<StorageFailureFilter>();

        // A storage failure while a grain activates happens outside any grain call filter: let Npgsql's exceptions
        // cross silos as themselves (Orleans only serializes exceptions of the System, Microsoft and Azure namespaces).
        builder.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        return builder;
    }


    /// <summary>
    /// The members' journal (claims, caps: <see cref="IMemberJournal"/>), the answers kept for Idempotency-Keys
    /// (<see cref="IIdempotencyStore"/>), grain storage for the other grains (provider
    /// "cmcm"), members' bank accounts and partner providers (<see cref="IBankAccountStore"/>, <see cref="IPayeeDirectory"/>) and reminders: in memory, or on PostgreSQL (the journal with its own group-commit writer, the rest through
    /// the Orleans ADO.NET providers).
    /// Stored state is System.Text.Json (no assembly-qualified type names, so renaming a class does not break old rows),
    /// on both, so that tests on memory exercise the same serialization as production.
    /// </summary>
    public static ISiloBuilder AddCmcmStorage(this ISiloBuilder builder, CmcmStorageOptions options)
    {
        builder.Services.AddMemberJournalOptions();
        builder.UseSystemTextJsonGrainStorageSerializer();
        if (options.UsesPostgres)
        {
            var connection = options.EffectiveConnectionString!;
            builder.AddAdoNetGrainStorage(CmcmStorage.ProviderName, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connection;
            });
            builder.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connection;
            });
            builder.Services.AddSingleton<IMemberJournal>(sp => new PostgresMemberJournal(connection,
                sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<IOptions<MemberJournalOptions>>().Value,
                sp.GetRequiredService<ILogger<PostgresMemberJournal>>()));
            builder.Services.AddSingleton<ICatalogueStore>(sp => new PostgresCatalogueStore(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IStoredClaims>(sp => new PostgresStoredClaims(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IClaimLists>(sp => new PostgresClaimLists(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IShadowRunStore>(sp => new PostgresShadowRunStore(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IPeopleIndex>(sp => new PostgresPeopleIndex(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IIdempotencyStore>(sp => new PostgresIdempotencyStore(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IBankAccountStore>(sp => new PostgresBankAccountStore(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IPartnerProviderStore>(sp => new PostgresPartnerProviderStore(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IPaymentLedger>(sp => new PostgresPaymentLedger(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IAuditTrail>(sp => new PostgresAuditTrail(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IReadLog>(sp => new PostgresReadLog(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        }
        else
        {
            builder.AddMemoryGrainStorage(CmcmStorage.ProviderName);
            builder.UseInMemoryReminderService();
            builder.Services.AddSingleton<IMemberJournal>(sp => MemoryMemberJournal.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<ICatalogueStore>(sp => MemoryCatalogueStore.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IStoredClaims>(sp => MemoryMemberJournal.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IClaimLists>(sp => MemoryMemberJournal.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IShadowRunStore>(sp => MemoryShadowRunStore.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IPeopleIndex>(sp => MemoryPeopleIndex.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IIdempotencyStore>(sp => MemoryIdempotencyStore.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IBankAccountStore>(sp => MemoryBankAccountStore.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IPartnerProviderStore>(sp => MemoryPartnerProviderStore.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IPaymentLedger>(sp => MemoryPaymentLedger.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IAuditTrail>(sp => MemoryAuditTrail.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<IReadLog>(sp => MemoryReadLog.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        }

        builder.Services.AddSingleton<IPayeeDirectory, AccountsPayeeDirectory>();

        builder.Services.AddSingleton<AuditTrailReader>();

        return builder;
    }

    /// <summary>
    /// The journal's settings from <paramref name="section"/> (the host passes <c>Cmcm:Journal</c>), checked when the
    /// silo starts: a bad value stops it with a message naming the key.
    /// </summary>
    public static ISiloBuilder ConfigureMemberJournal(this ISiloBuilder builder, IConfiguration section)
    {
        builder.Services.AddMemberJournalOptions().Bind(section);
        return builder;
    }

    /// <summary>The journal's settings set in code (tests), checked like those of the configuration.</summary>
    public static ISiloBuilder ConfigureMemberJournal(this ISiloBuilder builder, Action<MemberJournalOptions> configure)
    {
        builder.Services.AddMemberJournalOptions().Configure(configure);
        return builder;
    }

    /// <summary>
    /// <see cref="MemberJournalOptions"/> with its validator, validated when the host starts (ValidateOnStart), so that a
    /// silo with settings that cannot work refuses to start rather than fail on its first claim. Idempotent.
    /// </summary>
    public static OptionsBuilder<MemberJournalOptions> AddMemberJournalOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemberJournalOptions>, MemberJournalOptionsValidator>());
        return services.AddOptions<MemberJournalOptions>().ValidateOnStart();
    }

    /// <summary>
    /// Membership on PostgreSQL when a connection string is given (multi-silo), else a single localhost silo listening on
    /// <paramref name="siloPort"/> and <paramref name="gatewayPort"/> (tests pass free ports so that hosts can run side by side).
    /// </summary>
    public static ISiloBuilder UseCmcmClustering(this ISiloBuilder builder, CmcmStorageOptions options, string clusterId = "cmcm", string serviceId = "cmcm",
        int siloPort = 11111, int gatewayPort = 30000)
    {
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        });
        if (options.UsesPostgres)
        {
            builder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = options.EffectiveConnectionString;
            });
        }
        else
        {
            builder.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
        }

        return builder;
    }

}
