using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CmcmActors.Host.Configuration;

/// <summary>
/// Kestrel's limits from the section "Kestrel:Limits" (appsettings.json sets them on purpose; environment variables such
/// as Kestrel__Limits__KeepAliveTimeout override them). ASP.NET Core reads only the endpoints of that section by itself.
/// </summary>
public static class KestrelLimits
{
    public const string Section = "Kestrel:Limits";

    public static WebApplicationBuilder AddCmcmKestrelLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) => context.Configuration.GetSection(Section).Bind(kestrel.Limits));
        return builder;
    }
}
