using CmcmActors.Host.Api.Idempotency;

namespace CmcmActors.Host.Tests.Idempotency;

public sealed class IdempotencyOptionsTests
{
    [Fact]
    public void Defaults_Valid_24HoursAnd600KeysAMinute()
    {
        var options = new IdempotencyOptions();

        var result = new IdempotencyOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded);
        Assert.Equal((TimeSpan.FromHours(24), 600, TimeSpan.FromMinutes(1)), (options.Retention, options.MaxKeysPerWindow, options.QuotaWindow));
    }

    [Fact]
    public void NoKeysAllowed_AndAWindowLongerThanTheRetention_EachNamed()
    {
        var options = new IdempotencyOptions { MaxKeysPerWindow = 0, Retention = TimeSpan.FromHours(1), QuotaWindow = TimeSpan.FromHours(2) };

        var result = new IdempotencyOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["Cmcm:Idempotency:MaxKeysPerWindow must be between 1 and 1,000,000.", "Cmcm:Idempotency:QuotaWindow must be at least 1 second and at most Retention."],
            result.Failures);
    }
}
