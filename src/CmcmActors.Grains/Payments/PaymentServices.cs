using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CmcmActors.Grains.Payments;

public static class PaymentServices
{
    /// <summary>
    /// Payment runs and bank returns, with <see cref="PaymentOptions"/> from <paramref name="section"/> (the host passes
    /// <c>Cmcm:Payments</c>) checked when the host starts. The ledger comes with the storage (AddCmcmStorage) and the payee
    /// directory with the accounts feature.
    /// </summary>
    public static IServiceCollection AddCmcmPayments(this IServiceCollection services, IConfiguration? section = null)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidator>());
        var options = services.AddOptions<PaymentOptions>().ValidateOnStart();
        if (section is not null)
        {
            options.Bind(section);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PaymentRuns>();
        services.TryAddSingleton<PaymentReturns>();
        services.TryAddSingleton<DailyPaymentRun>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyPaymentRun>());
        return services;
    }
}
