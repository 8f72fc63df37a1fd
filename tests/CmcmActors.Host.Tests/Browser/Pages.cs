using Microsoft.Playwright;

namespace CmcmActors.Host.Tests.Browser;

/// <summary>What a clerk does on the front desk page, step by step, through its visible controls.</summary>
public sealed class DeskPage(IPage page)
{
    public IPage Page { get; } = page;

    public async Task OpenAndSignInAsync()
    {
        await Page.GotoAsync("/");
        await Page.SelectOptionAsync("#sign-in-role", "frontdesk");
        await Page.ClickAsync("#sign-in-dev");
        await Page.WaitForSelectorAsync("#live-status[data-state=live]");
    }

    public async Task EnrolAsync(string familyId, string memberId, string birth, string applied, string insuredSince)
    {
        await Page.ClickAsync("#enrol summary");
        await Page.FillAsync("#enrol-family", familyId);
        await Page.FillAsync("#enrol-member", memberId);
        await Page.FillAsync("#enrol-birth", birth);
        await Page.FillAsync("#enrol-received", applied);
        await Page.FillAsync("#enrol-insured-since", insuredSince);
        await Page.ClickAsync("#enrol-submit");
        await Page.WaitForSelectorAsync($"#family-title:has-text('Family {familyId}')");
    }

    public async Task OpenFamilyAsync(string familyId)
    {
        await Page.FillAsync("#find-family-id", familyId);
        await Page.ClickAsync("#find-family button");
        await Page.WaitForSelectorAsync($"#family-title:has-text('Family {familyId}')");
    }

    public async Task RecordPaymentAsync(int year, decimal amount)
    {
        await Page.FillAsync("#payment-year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.FillAsync("#payment-amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.ClickAsync("#payment-form button");
        await Page.WaitForSelectorAsync("text=Affiliation in effect");
    }

    /// <summary>Fills line <paramref name="index"/> (from 0), adding it when the form has fewer lines.</summary>
    public async Task FillLineAsync(int index, string benefitCode, string dateOfCare, decimal invoiced, decimal statutory = 0m, string? element = null)
    {
        var lines = Page.Locator("#claim-lines fieldset");
        if (await lines.CountAsync() <= index)
        {
            await Page.ClickAsync("#add-line");
        }

        var line = lines.Nth(index);
        await line.Locator("select[name=benefitCode]").SelectOptionAsync(benefitCode);
        await line.Locator("input[name=dateOfCare]").FillAsync(dateOfCare);
        await line.Locator("input[name=invoiced]").FillAsync(invoiced.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await line.Locator("input[name=statutoryReimbursement]").FillAsync(statutory.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (element is not null)
        {
            await line.Locator("[name=element]").SelectOptionAsync(element);
        }
    }

    /// <summary>Submits the claim and returns its decision as the page shows it.</summary>
    public async Task<ILocator> SubmitAsync(string invoiceReference)
    {
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

    public async Task OpenAndSignInAsync(string familyId, string memberId, bool mainAffiliate = false)
    {
        await Page.GotoAsync("/member.html");
        await Page.FillAsync("#sign-in-member", memberId);
        await Page.FillAsync("#sign-in-family", familyId);
        if (mainAffiliate)
        {
            await Page.CheckAsync("#sign-in-main");
        }

        await Page.ClickAsync("#sign-in-dev");
        await Page.WaitForSelectorAsync("#live-status[data-state=live]");
        await Page.WaitForSelectorAsync("#waiting table");
    }

    public ILocator Claim(string claimId) => Page.Locator($".claim-row[data-claim='{claimId}']");

    /// <summary>Marks the loaded document: a reload would lose the mark.</summary>
    public Task MarkAsync() => Page.EvaluateAsync("() => { window.cmcmTestMark = 'loaded once'; }");

    public async Task<bool> StillMarkedAsync() =>
        await Page.EvaluateAsync<bool>("() => window.cmcmTestMark === 'loaded once' && performance.getEntriesByType('navigation').length === 1");
}
