using Microsoft.Playwright;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// Headless Chromium from Debian's package (scripts/test.sh installs it; Playwright's own browser download does not work
/// here), driven by Playwright for .NET. One browser per test class; each page gets a browser context of its own, as a
/// separate person on a separate machine would. Playwright starts the browser with a fresh --user-data-dir of its own
/// (a temporary profile it deletes afterwards; it refuses one passed in the arguments).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _pageErrors = new();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Uncaught script errors of every page opened so far: a test ends by asserting there were none.</summary>
    public IReadOnlyCollection<string> PageErrors => _pageErrors;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}: run the tests through scripts/test.sh, which installs Debian's chromium package.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    /// <summary>A page in a new browser context, on a desktop screen or a phone's.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "en-GB",
            TimezoneId = "Europe/Luxembourg",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _pageErrors.Enqueue($"{page.Url}: {error}");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
