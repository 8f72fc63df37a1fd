using Microsoft.Playwright;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// Cuts a page's live connection as a lost network would, and keeps it cut until told. A script the test adds to the
/// page (not part of the page) keeps the page's WebSockets so that it can close them; while the line is down, the hub's
/// negotiation fails, so the SignalR client keeps retrying instead of connecting again at once. (Playwright's offline
/// mode leaves open WebSockets alone.)
/// </summary>
public sealed class ConnectionCutter(IPage page)
{
    private const string TrackSockets = """
        (() => {
          const Native = window.WebSocket;
          const open = new Set();
          window.cmcmTestSockets = { closeAll: () => { for (const socket of open) socket.close(4000, 'connection cut by the test'); } };
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              open.add(this);
              this.addEventListener('close', () => open.delete(this));
            }
          };
        })();
        """;

    private volatile bool _down;

    public static async Task<ConnectionCutter> InstallAsync(IPage page)
    {
        var cutter = new ConnectionCutter(page);
        await page.AddInitScriptAsync(TrackSockets);
        await page.RouteAsync("**/hubs/cmcm/negotiate**", route => cutter._down ? route.AbortAsync() : route.ContinueAsync());
        return cutter;
    }

    public async Task CutAsync()
    {
        _down = true;
        await page.EvaluateAsync("() => window.cmcmTestSockets.closeAll()");
    }

    public void Restore() => _down = false;
}
