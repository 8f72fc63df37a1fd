using System.Net;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Catalogue;

[Collection(HostCollection.Name)]
public sealed class CatalogueApiTests(HostFixture host)
{
    private readonly HttpClient _member = host.CreateClient(TestUser.Member("F-ANY", "M-ANY"));

    [Fact]
    public async Task Editions_ListTheJuly2026EditionInForce()
    {
        var editions = await _member.GetJsonAsync("/api/catalogue/editions");

        var edition = Assert.Single(editions.AsArray())!;
        Assert.Equal(("2026-07", "2026-07-01", true), (edition["edition"].Text(), edition["effectiveFrom"].Text(), edition["inForce"]!.GetValue<bool>()));
        Assert.True(edition["benefitCount"]!.GetValue<int>() > 50);
    }

    [Fact]
    public async Task Edition_HasBenefitsWithRulesCapsAndConditions()
    {
        var edition = await _member.GetJsonAsync("/api/catalogue/editions/2026-07");

        var benefits = edition["benefits"]!.AsArray();
        var implant = benefits.Single(b => b!["code"].Text() == "DO.IMPLANT")!;
        Assert.Equal(("DO", "dental", "RC.DENTAL.FLAT", "flatPerUnit"), (implant["tier"].Text(), implant["category"].Text(), implant["topUpOf"].Text(), implant["rule"]!["kind"].Text()));
        var cap = implant["caps"]!.AsArray().Single(c => c!["period"].Text() == "year")!;
        Assert.Equal(("DO.IMPLANT/year", "member", 2000m), (cap["id"].Text(), cap["scope"].Text(), cap["amount"].Decimal()));
        var ortho = benefits.Single(b => b!["code"].Text() == "RC.DENTAL.ORTHO.CHILD")!;
        Assert.Equal(("ageUnder", 17), (ortho["conditions"]![0]!["kind"].Text(), ortho["conditions"]![0]!["years"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Edition_Unknown_404NamingEdition()
    {
        await (await _member.GetAsync("/api/catalogue/editions/1999-01")).ProblemAsync(HttpStatusCode.NotFound, "edition");
    }
}
