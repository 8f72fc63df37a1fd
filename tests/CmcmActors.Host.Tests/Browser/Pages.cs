using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>What a clerk does on the front desk page, step by step, through its visible controls.</summary>
public sealed class DeskPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>Opens the desk, picks the language on the sign-in screen (the page remembers it) and signs in.</summary>
    public async Task OpenAndSignInAsync(string language = "en")
    {
        await Page.GotoAsync("/");
        await Page.WaitForSelectorAsync("#sign-in-role");
        if (await Page.InputValueAsync("#language") != language)
        {
            await Page.SelectOptionAsync("#language", language);
            await Page.WaitForSelectorAsync($"html[lang={language}]");
        }

        await Page.SelectOptionAsync("#sign-in-role", "frontdesk");
        await Page.ClickAsync("#sign-in-dev");
        await Page.WaitForSelectorAsync("#live-status[data-state=live]");
    }

    public async Task EnrolAsync(string familyId, string memberId, string birth, string applied, string insuredSince,
        string surname = "Test", string givenNames = "Person", string? nationalNumber = null)
    {
        await Page.ClickAsync("#enrol summary");
        await Page.FillAsync("#enrol-family", familyId);
        await Page.FillAsync("#enrol-member", memberId);
        await Page.FillAsync("#enrol-surname", surname);
        await Page.FillAsync("#enrol-given", givenNames);
        await Page.FillAsync("#enrol-birth", birth);
        if (nationalNumber is not null)
        {
            await Page.FillAsync("#enrol-nin", nationalNumber);
        }

        await Page.FillAsync("#enrol-received", applied);
        await Page.FillAsync("#enrol-insured-since", insuredSince);
        await Page.ClickAsync("#enrol-submit");
        await Page.WaitForSelectorAsync($"#family-title[data-family='{familyId}']");
    }

    public async Task SearchAsync(string query)
    {
        await Page.FillAsync("#search-q", query);
        await Page.ClickAsync("#search-submit");
        await Page.WaitForSelectorAsync("#search-results [role=status]");
    }

    public async Task OpenFamilyAsync(string familyId)
    {
        await SearchAsync(familyId);
        await Page.Locator($"#search-results tr:has-text('{familyId}') button").First.ClickAsync();
        await Page.WaitForSelectorAsync($"#family-title[data-family='{familyId}']");
    }

    /// <summary>Records a contribution, the amount typed as given ("300,00").</summary>
    public async Task RecordPaymentAsync(int year, string amount)
    {
        await Page.ClickAsync("#payment summary");
        await Page.FillAsync("#payment-year", year.ToString(CultureInfo.InvariantCulture));
        await Page.FillAsync("#payment-amount", amount);
        await Page.ClickAsync("#payment-form button[type=submit]");
        await Page.WaitForSelectorAsync("#family-view .pill.s-approved");
    }

    public async Task AddNewbornAsync(string memberId, string surname, string givenNames, string birth, string nationalNumber, string addedOn)
    {
        await Page.ClickAsync("#co-affiliate summary");
        var form = Page.Locator("#co-affiliate-form");
        await form.Locator("[name=memberId]").FillAsync(memberId);
        await form.Locator("[name=kind]").SelectOptionAsync("child");
        await form.Locator("[name=birthDate]").FillAsync(birth);
        await form.Locator("[name=surname]").FillAsync(surname);
        await form.Locator("[name=givenNames]").FillAsync(givenNames);
        await form.Locator("[name=nationalNumber]").FillAsync(nationalNumber);
        await form.Locator("[name=addedOn]").FillAsync(addedOn);
        await form.Locator("[name=bornOrAdoptedOn]").FillAsync(birth);
        await form.Locator("[name=insuredSince]").FillAsync(birth);
        await form.Locator("button[type=submit]").ClickAsync();
        await Page.WaitForSelectorAsync($"#roster tr[data-member='{memberId}']");
    }

    /// <summary>Fills line <paramref name="index"/> (from 0) of a line editor, adding it when there are fewer lines; amounts as typed.</summary>
    public async Task FillLineAsync(int index, string benefitCode, string dateOfCare, string invoiced, string statutory = "0", string? element = null,
        string editor = "#claim-lines", string addButton = "#add-line")
    {
        var lines = Page.Locator($"{editor} > fieldset");
        if (await lines.CountAsync() <= index)
        {
            await Page.ClickAsync(addButton);
        }

        var line = lines.Nth(index);
        await line.Locator("select[name=benefitCode]").SelectOptionAsync(benefitCode);
        await line.Locator("input[name=dateOfCare]").FillAsync(dateOfCare);
        await line.Locator("input[name=invoiced]").FillAsync(invoiced);
        await line.Locator("input[name=statutoryReimbursement]").FillAsync(statutory);
        if (element is not null)
        {
            await line.Locator("[name=element]").SelectOptionAsync(element);
        }
    }

    /// <summary>Submits the claim and returns its decision as the page shows it.</summary>
    public async Task<ILocator> SubmitAsync(string invoiceReference, string? memberId = null)
    {
        if (memberId is not null)
        {
            await Page.SelectOptionAsync("#claim-member", memberId);
        }

        await Page.FillAsync("#claim-invoice", invoiceReference);
        await Page.ClickAsync("#submit-claim");
        var decision = Page.Locator($"#decision .claim[data-claim$='/{invoiceReference}']");
        await decision.WaitForAsync();
        return decision;
    }

    public ILocator QueueItem(string claimId) => Page.Locator($".queue-item[data-claim='{claimId}']");
}

/// <summary>What a member does on the member page.</summary>
public sealed class MemberPage(IPage page)
{
    public IPage Page { get; } = page;

    public async Task OpenAndSignInAsync(string familyId, string memberId, bool mainAffiliate = false, bool waitForLive = true, string language = "en")
    {
        await Page.GotoAsync("/member.html");
        await Page.WaitForSelectorAsync("#sign-in-member");
        if (await Page.InputValueAsync("#language") != language)
        {
            await Page.SelectOptionAsync("#language", language);
            await Page.WaitForSelectorAsync($"html[lang={language}]");
        }

        await Page.FillAsync("#sign-in-member", memberId);
        await Page.FillAsync("#sign-in-family", familyId);
        if (mainAffiliate)
        {
            await Page.CheckAsync("#sign-in-main");
        }

        await Page.ClickAsync("#sign-in-dev");
        if (waitForLive)
        {
            await Page.WaitForSelectorAsync("#live-status[data-state=live]");
        }

        await Page.WaitForSelectorAsync("#waiting table");
    }

    public ILocator Claim(string claimId) => Page.Locator($".claim-row[data-claim='{claimId}']");

    /// <summary>Marks the loaded document: a reload would lose the mark.</summary>
    public Task MarkAsync() => Page.EvaluateAsync("() => { window.cmcmTestMark = 'loaded once'; }");

    public async Task<bool> StillMarkedAsync() =>
        await Page.EvaluateAsync<bool>("() => window.cmcmTestMark === 'loaded once' && performance.getEntriesByType('navigation').length === 1");
}

public static class Accessibility
{
    /// <summary>Runs axe-core on the page as it is and asserts no violation of any impact, listing them when there are.</summary>
    public static async Task AssertNoViolationsAsync(this IPage page, string state)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(5).Select(n => $"{n.Target} — {n.Html}")));
        Assert.True(result.Violations.Length == 0, $"axe-core, {state}: {result.Violations.Length} violation(s)\n" + string.Join("\n", violations));
    }

    /// <summary>Asserts that the page does not scroll sideways, naming the elements that stick out when it does.</summary>
    public static async Task AssertNoSidewaysScrollAsync(this IPage page, string state)
    {
        var wide = await page.EvaluateAsync<string>("""
            () => {
              if (document.documentElement.scrollWidth <= window.innerWidth) return '';
              return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
                .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right)).join('\n');
            }
            """);
        Assert.True(wide.Length == 0, $"{state}: the page scrolls sideways; sticking out:\n{wide}");
    }
}
