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
        // Built on first use: the payee directory is registered by the accounts feature (AddCmcmStorage), which a host
        // without it (an older build) lacks; such a host starts and answers every other route.
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<PaymentRuns>(sp));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<PaymentReturns>(sp));
        services.TryAddSingleton<DailyPaymentRun>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyPaymentRun>());
        return services;
    }
}
