using CmcmActors.Domain.Payments.Accounts;

namespace CmcmActors.Domain.Tests.Payments;

/// <summary>Partner providers: country served, IBAN and BIC checked, a change of account is a new revision.</summary>
public sealed class PartnerProviderRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly AccountActor Admin = new("admin-dora", AccountActorRole.Admin);
    private static readonly ProviderInput Strasbourg = new("Hôpitaux Universitaires de Strasbourg", "fr", "FR14 2004 1010 0505 0001 3M02 606", "BNPAFRPP");

    [Fact]
    public void Apply_NewProvider_FirstRevisionElectronicForm()
    {
        var (provider, refusals) = PartnerProviderRules.Apply("hus", Strasbourg, null, Admin, At);

        Assert.Empty(refusals);
        Assert.Equal(new PartnerProvider("hus", "Hôpitaux Universitaires de Strasbourg", "FR", "FR1420041010050500013M02606", "BNPAFRPP", 1, "admin-dora", At), provider);
        Assert.Equal("PA-hus-1", provider!.AccountId);
    }

    [Fact]
    public void Apply_CountryNotServed_RefusedNamingCountry()
    {
        var (_, refusals) = PartnerProviderRules.Apply("x", Strasbourg with { Country = "NL" }, null, Admin, At);

        Assert.Equal([new AccountRefusal("country", "country-not-served", "The country is one of LU, FR, DE, BE.")], refusals);
    }

    [Fact]
    public void Apply_EverythingWrong_EveryFieldNamed()
    {
        var (_, refusals) = PartnerProviderRules.Apply("x", new ProviderInput("", null, "FR14", "BNPA"), null, Admin, At);

        Assert.Equal(["name", "country", "iban", "bic"], refusals.Select(r => r.Field));
    }

    [Fact]
    public void Apply_NewIbanAfterRejection_NewRevisionAndFlagCleared()
    {
        var (first, _) = PartnerProviderRules.Apply("hus", Strasbourg, null, Admin, At);
        var flagged = PartnerProviderRules.Flag(first!, "AC04", "Account closed", At);

        var (changed, _) = PartnerProviderRules.Apply("hus", Strasbourg with { Iban = "DE89 3704 0044 0532 0130 00" }, flagged, Admin, At.AddDays(1));

        Assert.Equal(("PA-hus-2", false), (changed!.AccountId, changed.IsFlagged));
    }

    [Fact]
    public void Apply_NameOnlyChanged_SameRevisionFlagKept()
    {
        var (first, _) = PartnerProviderRules.Apply("hus", Strasbourg, null, Admin, At);
        var flagged = PartnerProviderRules.Flag(first!, "AC04", "Account closed", At);

        var (renamed, _) = PartnerProviderRules.Apply("hus", Strasbourg with { Name = "HUS" }, flagged, Admin, At.AddDays(1));

        Assert.Equal(("PA-hus-1", true), (renamed!.AccountId, renamed.IsFlagged));
    }
}
