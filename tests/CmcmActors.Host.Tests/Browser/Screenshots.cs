using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// Screenshots of the pages as the tests leave them, for a person to look at: artifacts/screenshots/ of the repository
/// (scripts/test.sh sets CMCM_SCREENSHOTS to it and keeps it after the run).
/// </summary>
public static class Screenshots
{
    public static async Task TakeAsync(this IPage page, HostFixture host, string name)
    {
        var directory = Environment.GetEnvironmentVariable("CMCM_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(host.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath, "..", "..", "artifacts", "screenshots"));
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
