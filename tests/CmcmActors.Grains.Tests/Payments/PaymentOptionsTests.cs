using CmcmActors.Grains.Payments;

namespace CmcmActors.Grains.Tests.Payments;

/// <summary>Cmcm:Payments is checked when the host starts: a value that cannot work stops it with a message naming the key.</summary>
public sealed class PaymentOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.True(new PaymentOptionsValidator().Validate(null, new PaymentOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadIbanBicThresholdAndDays_EachNamedByItsKey()
    {
        var result = new PaymentOptionsValidator().Validate(null, new PaymentOptions
        {
            DebtorIban = "LU280019400644750001", DebtorBic = "BCEE", SecondConfirmationAboveEuros = 0.001m, RecoveryDays = 0,
        });

        Assert.False(result.Succeeded);
        Assert.Equal(["Cmcm:Payments:DebtorIban", "Cmcm:Payments:DebtorBic", "Cmcm:Payments:SecondConfirmationAboveEuros", "Cmcm:Payments:RecoveryDays"],
            result.Failures!.Select(f => f[..f.IndexOfAny([' '])]));
    }
}
