using CmcmActors.Host.Tests.Support;
using Microsoft.Playwright;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>
/// The pages signing in through the real OpenID provider in Chromium (a host in Production, no dev tokens): a clerk and
/// a member, each in a browser context of his own, go to the provider's sign-in page, come back signed in, see who they
/// are and work; nothing of the sign-in stays in the address; the member signs out at the provider too.
/// </summary>
[Collection(OidcHostCollection.Name)]
public sealed class OidcSignInPageTests(OidcHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_clerk_and_a_member_sign_in_through_the_provider_and_each_sees_his_page_working()
    {
        var host = fixture.Host;
        var (familyId, memberId) = await host.CreateClient(TestUser.FrontDesk).EnrolledFamilyAsync();
        var memberUser = TestUser.Member(familyId, memberId, mainAffiliate: true);
        await fixture.Provider.TokenForAsync(memberUser); // the member's account at the provider

        var desk = new DeskPage(await browser.NewPageAsync(host.BaseAddress));
        await SignInAsync(desk.Page, "/", OidcProvider.AccountOf(TestUser.FrontDesk));
        await desk.Page.AssertNoViolationsAsync("desk, signed in through the provider");
        await Assertions.Expect(desk.Page.Locator("#who")).ToHaveTextAsync("Test frontdesk (front desk)");
        await desk.OpenFamilyAsync(familyId);
        await Assertions.Expect(desk.Page.Locator("#family-title")).ToHaveAttributeAsync("data-family", familyId);
        await desk.Page.TakeAsync(host, "oidc-1-desk-signed-in");

        var member = new MemberPage(await browser.NewPageAsync(host.BaseAddress, phone: true));
        await SignInAsync(member.Page, "/member.html", OidcProvider.AccountOf(memberUser));
        await member.Page.WaitForSelectorAsync("#waiting table");
        await Assertions.Expect(member.Page.Locator("#who")).ToHaveTextAsync($"Test member {memberId} (member)");
        await Assertions.Expect(member.Page.Locator("#claims")).ToContainTextAsync("No claims yet.");
        await member.Page.AssertNoViolationsAsync("member page, signed in through the provider");
        await member.Page.TakeAsync(host, "oidc-2-member-signed-in");
        // Silent renewal needs the refresh token, kept for the tab (sessionStorage), not in a URL.
        Assert.True(await member.Page.EvaluateAsync<bool>("""
            () => Object.keys(sessionStorage).filter(k => k.startsWith('cmcm.oidc.member.'))
                .some(k => (JSON.parse(sessionStorage.getItem(k)).refresh_token ?? '').length > 0)
            """));

        await member.Page.ClickAsync("#sign-out");
        await member.Page.ClickAsync("button[name=logout][value=yes]");
        await member.Page.WaitForSelectorAsync("#sign-in-oidc");
        Assert.Equal(new Uri(host.BaseAddress, "member.html").ToString(), member.Page.Url);
        await Assertions.Expect(member.Page.Locator("#who")).ToHaveTextAsync("");
        Assert.Empty(browser.PageErrors);
    }

    /// <summary>From the page's sign-in button to the provider's form (any password) and back, signed in and live.</summary>
    private static async Task SignInAsync(IPage page, string path, string account)
    {
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("#sign-in-oidc");
        if (await page.InputValueAsync("#language") != "en")
        {
            await page.SelectOptionAsync("#language", "en");
            await page.WaitForSelectorAsync("html[lang=en]");
        }

        await page.AssertNoViolationsAsync($"{path}, sign-in with the provider");
        await page.ClickAsync("#sign-in-oidc");
        await page.FillAsync("input[name=login]", account);
        await page.FillAsync("input[name=password]", "any password");
        await page.ClickAsync("button[type=submit]");
        try
        {
            await page.WaitForSelectorAsync("#live-status[data-state=live]");
        }
        catch (TimeoutException e)
        {
            // Where the sign-in stopped: the address and what the page says.
            throw new TimeoutException($"{e.Message}\nat {page.Url}:\n{await page.InnerTextAsync("body")}", e);
        }

        Assert.Equal(new Uri(new Uri(page.Url), path).ToString(), page.Url);
    }
}
