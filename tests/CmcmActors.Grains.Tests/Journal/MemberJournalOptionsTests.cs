using CmcmActors.Grains.Hosting;
using CmcmActors.Grains.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Tests.Journal;

/// <summary>Cmcm:Journal as the host binds it: defaults, every bad value refused naming its key, and a silo that will not start with one.</summary>
public sealed class MemberJournalOptionsTests
{
    [Fact]
    public void Defaults_AreTheMeasuredOnes_AndValid()
    {
        var options = Bind([]);

        Assert.Equal((256, 2, 4096, 1), (options.MaxAppendsPerBatch, options.Writers, options.MaxPendingAppends, options.OverloadRetryAfterSeconds));
    }

    [Fact]
    public void ValuesFromConfiguration_AreTaken()
    {
        var options = Bind(new()
        {
            ["Cmcm:Journal:MaxAppendsPerBatch"] = "64",
            ["Cmcm:Journal:Writers"] = "3",
            ["Cmcm:Journal:MaxPendingAppends"] = "64",
            ["Cmcm:Journal:OverloadRetryAfterSeconds"] = "2",
        });

        Assert.Equal((64, 3, 64, 2), (options.MaxAppendsPerBatch, options.Writers, options.MaxPendingAppends, options.OverloadRetryAfterSeconds));
    }

    [Theory]
    [InlineData("MaxAppendsPerBatch", "0", "Cmcm:Journal:MaxAppendsPerBatch must be between 1 and 10000 (it is 0).")]
    [InlineData("MaxAppendsPerBatch", "-5", "Cmcm:Journal:MaxAppendsPerBatch must be between 1 and 10000 (it is -5).")]
    [InlineData("MaxAppendsPerBatch", "10001", "Cmcm:Journal:MaxAppendsPerBatch must be between 1 and 10000 (it is 10001).")]
    [InlineData("Writers", "0", "Cmcm:Journal:Writers must be between 1 and 32 (it is 0).")]
    [InlineData("Writers", "-1", "Cmcm:Journal:Writers must be between 1 and 32 (it is -1).")]
    [InlineData("Writers", "33", "Cmcm:Journal:Writers must be between 1 and 32 (it is 33).")]
    [InlineData("MaxPendingAppends", "0", "Cmcm:Journal:MaxPendingAppends must be between 1 and 1000000 (it is 0).")]
    [InlineData("MaxPendingAppends", "1000001", "Cmcm:Journal:MaxPendingAppends must be between 1 and 1000000 (it is 1000001).")]
    [InlineData("MaxPendingAppends", "255", "Cmcm:Journal:MaxPendingAppends (255) must be at least Cmcm:Journal:MaxAppendsPerBatch (256).")]
    [InlineData("OverloadRetryAfterSeconds", "0", "Cmcm:Journal:OverloadRetryAfterSeconds must be between 1 and 3600 (it is 0).")]
    [InlineData("OverloadRetryAfterSeconds", "3601", "Cmcm:Journal:OverloadRetryAfterSeconds must be between 1 and 3600 (it is 3601).")]
    public void BadValue_Refused_NamingTheKey(string key, string value, string message)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Cmcm:Journal:" + key] = value }));

        Assert.Equal([message], refused.Failures);
    }

    [Fact]
    public void SeveralBadValues_EachNamed()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Cmcm:Journal:Writers"] = "0", ["Cmcm:Journal:OverloadRetryAfterSeconds"] = "0" }));

        Assert.Equal(["Cmcm:Journal:Writers must be between 1 and 32 (it is 0).", "Cmcm:Journal:OverloadRetryAfterSeconds must be between 1 and 3600 (it is 0)."], refused.Failures);
    }

    [Fact]
    public async Task SiloWithABadValue_RefusesToStart_NamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Cmcm:Journal:MaxPendingAppends"] = "0" });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "journal-options-" + Guid.NewGuid().ToString("N")[..8]);
            silo.AddCmcmStorage(new CmcmStorageOptions());
            silo.ConfigureMemberJournal(builder.Configuration.GetSection(MemberJournalOptions.Section));
        });
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["Cmcm:Journal:MaxPendingAppends must be between 1 and 1000000 (it is 0)."], refused.Failures);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static MemberJournalOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddMemberJournalOptions().Bind(configuration.GetSection(MemberJournalOptions.Section));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<MemberJournalOptions>>().Value;
    }
}
