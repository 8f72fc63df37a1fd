using System.Net;
using CmcmActors.Contracts.Notices;
using CmcmActors.Host.MemberSpace;
using CmcmActors.Host.Tests.Live;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.MemberSpace;

/// <summary>A host whose Cmcm:Mail points at an SMTP server in the test process.</summary>
public sealed class MailHostFixture : IAsyncLifetime
{
    public const string PageUrl = "https://my.cmcm.test/member.html";

    public MailHostFixture()
    {
        Inbox = new SmtpInbox();
        Host = HostFixture.With(builder => builder
            .UseSetting("Cmcm:Mail:Host", "127.0.0.1")
            .UseSetting("Cmcm:Mail:Port", Inbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Cmcm:Mail:From", "CMCM <notices@cmcm.test>")
            .UseSetting("Cmcm:Mail:PageUrl", PageUrl)
            .UseSetting("Cmcm:Mail:RetryDelay", "00:00:00.200"));
    }

    public SmtpInbox Inbox { get; }

    public HostFixture Host { get; }

    public Task InitializeAsync() => Host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Inbox.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MailHostCollection : ICollectionFixture<MailHostFixture>
{
    public const string Name = "host with mail";
}

[Collection(MailHostCollection.Name)]
public sealed class NoticeMailTests(MailHostFixture fixture)
{
    private readonly HostFixture _host = fixture.Host;
    private readonly HttpClient _staff = fixture.Host.CreateClient(TestUser.FrontDesk);

    private async Task<(string FamilyId, string MemberId, string Email, HttpClient Member)> OptedInAsync(string language)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var email = $"{memberId.ToLowerInvariant()}@example.lu";
        var member = _host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true));
        var choice = await (await member.PutJsonAsync($"/api/families/{familyId}/members/{memberId}/notices", new { email, language })).JsonAsync(HttpStatusCode.OK);
        Assert.True(choice["sending"]!.GetValue<bool>());
        return (familyId, memberId, email, member);
    }

    [Fact]
    public async Task Notice_DecisionWhileAway_OneMailInHisLanguage_WithTheLinkAndNoHealthDetail()
    {
        var (familyId, memberId, email, _) = await OptedInAsync("de");
        var invoice = NewId("INV");

        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Implants()))).JsonAsync(HttpStatusCode.Created);
        var mail = await fixture.Inbox.NextToAsync(email);

        Assert.Equal($"CMCM: Ihr Antrag {invoice} wurde bearbeitet", mail.Subject);
        Assert.Equal("de", mail.Body!.Headers["Content-Language"]);
        var body = mail.TextBody;
        Assert.Contains(MailHostFixture.PageUrl, body, StringComparison.Ordinal);
        Assert.Contains("Voll bezahlt", body, StringComparison.Ordinal);
        foreach (var health in new[] { "RC.DENTAL", "Implant", "Krone", "Prothese", "1300", "1 300", "1\u00a0300", "300,00", "€", memberId })
        {
            Assert.DoesNotContain(health, body + mail.Subject, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Single(fixture.Inbox.To(email));
    }

    [Fact]
    public async Task Notice_MemberOnThePage_NoMail_AndOnceHeLeaves_Mail()
    {
        var (familyId, memberId, email, _) = await OptedInAsync("fr");
        var sender = _host.Services.GetRequiredService<NoticeSender>();
        var first = NewId("INV");
        var second = NewId("INV");

        await using (var page = await LiveClient.ConnectAsync(_host, TestUser.Member(familyId, memberId, mainAffiliate: true)))
        {
            await page.JoinMemberAsync(familyId, memberId);
            var skipped = sender.SkippedOnThePage;
            await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, first, Implants()))).JsonAsync(HttpStatusCode.Created);
            await WaitUntilAsync(() => sender.SkippedOnThePage > skipped);
        }

        // The hub hears the page close a moment after the client: until then he is still on the page.
        var presence = _host.Grains.GetGrain<IMemberPresenceGrain>(MemberPresence.Key(memberId));
        await WaitUntilAsync(() => !presence.IsPresentAsync().GetAwaiter().GetResult());
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, second, FeedbackScenarios.Frames()))).JsonAsync(HttpStatusCode.Created);
        var mail = await fixture.Inbox.NextToAsync(email);

        Assert.Equal($"CMCM : votre demande {second} a une réponse", mail.Subject);
        Assert.DoesNotContain(fixture.Inbox.To(email), m => (m.Subject ?? "").Contains(first, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notice_NotAskedFor_NoMail()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var (optedFamily, optedMember, email, _) = await OptedInAsync("en");

        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, NewId("INV"), Implants()))).JsonAsync(HttpStatusCode.Created);
        var invoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(optedFamily, optedMember, invoice, Implants()))).JsonAsync(HttpStatusCode.Created);
        var mail = await fixture.Inbox.NextToAsync(email);

        // Notices go out in the order of the decisions: the first claim's member, who asked for none, got nothing.
        Assert.Equal($"CMCM: your claim {invoice} has an answer", mail.Subject);
        Assert.DoesNotContain(fixture.Inbox.Received, m => m.To.Mailboxes.Any(b => b.Address.StartsWith(memberId, StringComparison.OrdinalIgnoreCase)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition did not come true within 20 s.");
            await Task.Delay(50);
        }
    }
}
