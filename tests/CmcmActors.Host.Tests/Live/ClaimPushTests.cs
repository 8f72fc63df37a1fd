using System.Net;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Live;

[Collection(HostCollection.Name)]
public sealed class ClaimPushTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Fact]
    public async Task Claim_status_changes_reach_a_client_following_the_claim_in_order()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var invoice = NewId("INV");
        await using var member = await LiveClient.ConnectAsync(host, TestUser.Member(familyId, memberId));
        await member.JoinClaimAsync(memberId, invoice);

        var claim = await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);

        var received = await member.NextAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged);
        var adjudicating = await member.NextAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged);
        var decided = await member.NextAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged);
        Assert.Equal(["received", "adjudicating", "approved"], new[] { received.Status, adjudicating.Status, decided.Status });
        Assert.Equal(claim["status"].Text(), decided.Status);
        Assert.Equal($"{memberId}/{invoice}", decided.ClaimId);
        Assert.Equal((familyId, memberId, invoice), (decided.FamilyId, decided.MemberId, decided.InvoiceReference));
        Assert.Equal(40.00m, decided.TotalPaid);
        Assert.Equal(claim["version"]!.GetValue<long>(), decided.Version);
    }

    [Fact]
    public async Task The_front_desk_hears_every_claim_and_a_member_page_hears_its_caps_move()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        await using var desk = await LiveClient.ConnectAsync(host, TestUser.FrontDesk);
        await desk.JoinFrontDeskAsync();
        await using var member = await LiveClient.ConnectAsync(host, TestUser.Member(familyId, memberId));
        await member.JoinMemberAsync(familyId, memberId);
        var invoice = NewId("INV");

        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);

        var (atDesk, _) = await desk.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.ClaimId == $"{memberId}/{invoice}" && m.Version == 1);
        Assert.Equal("approved", atDesk.Status);
        var (caps, _) = await member.NextMatchingAsync<CapsChangedMessage>(LiveEvents.CapsChanged, _ => true);
        Assert.Equal((familyId, memberId, $"{memberId}/{invoice}"), (caps.FamilyId, caps.MemberId, caps.ClaimId));
        Assert.Contains(caps.Keys, k => k.Contains("RC.ALTMED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Joining_what_the_token_may_not_see_is_refused_and_joins_nothing()
    {
        var (ownFamily, ownMember) = await _staff.EnrolledFamilyAsync();
        var (otherFamily, otherMember) = await _staff.EnrolledFamilyAsync();
        var otherInvoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(otherFamily, otherMember, otherInvoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        await using var member = await LiveClient.ConnectAsync(host, TestUser.Member(ownFamily, ownMember, mainAffiliate: true));

        var refusals = new[]
        {
            await Assert.ThrowsAsync<HubException>(() => member.JoinFamilyAsync(otherFamily)),
            await Assert.ThrowsAsync<HubException>(() => member.JoinMemberAsync(otherFamily, otherMember)),
            // The member's own family named with someone else's member: the roster decides, not the family named.
            await Assert.ThrowsAsync<HubException>(() => member.JoinMemberAsync(ownFamily, otherMember)),
            await Assert.ThrowsAsync<HubException>(() => member.JoinClaimAsync(otherMember, otherInvoice)),
            await Assert.ThrowsAsync<HubException>(() => member.JoinFrontDeskAsync()),
        };

        // The server's words reach the client after "HubException: ".
        Assert.Equal(
            [
                $"You may not follow family {otherFamily}.",
                $"You may not follow member {otherMember}.",
                $"You may not follow member {otherMember}.",
                $"You may not follow claim {otherMember}/{otherInvoice}.",
                "Only front-desk staff can follow the front desk.",
            ],
            refusals.Select(e => e.Message[(e.Message.IndexOf("HubException: ", StringComparison.Ordinal) + "HubException: ".Length)..]));

        // Nothing was joined: a new claim of the other family is not heard, while one of the member's own family is
        // (pushes reach a page in the order they are published, so the other family's would have come first).
        await member.JoinMemberAsync(ownFamily, ownMember);
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(otherFamily, otherMember, NewId("INV"), Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        var ownInvoice = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(ownFamily, ownMember, ownInvoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        var (_, before) = await member.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.Version == 1);
        Assert.All(before, e => Assert.Equal($"{ownMember}/{ownInvoice}", ClaimOf(e)));
    }

    [Fact]
    public async Task A_client_that_reconnects_rereads_the_state_it_missed_and_hears_what_follows()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var memberUser = TestUser.Member(familyId, memberId);
        await using var page = await LiveClient.ConnectAsync(host, memberUser);
        await page.JoinMemberAsync(familyId, memberId);

        // The connection drops; a claim is decided meanwhile; its pushes are lost to this page.
        await page.Connection.StopAsync();
        var missed = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, missed, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);

        // Reconnected, the page joins its groups again (groups belong to a connection) and re-reads what it shows.
        await page.Connection.StartAsync();
        await page.JoinMemberAsync(familyId, memberId);
        var read = await host.CreateClient(memberUser).GetAsync($"/api/families/{familyId}/members/{memberId}/claims");
        var claims = System.Text.Json.Nodes.JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        var reread = Assert.Single(claims.AsArray());
        Assert.Equal(($"{memberId}/{missed}", "approved", 40.00m), (reread!["claimId"].Text(), reread["status"].Text(), reread["totalPaid"].Decimal()));

        // The read covers the member's pushes up to its Cmcm-Push-Sequence (the missed claim's four): one of those still on
        // its way when the page joined again is a repeat the page ignores by its number.
        Assert.Equal([$"member:{memberId}=4"], read.Headers.GetValues(LiveSequences.Header));
        var next = NewId("INV");
        await (await _staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, next, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);
        var (heard, repeats) = await page.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.Sequence > 4);
        Assert.Equal(($"{memberId}/{next}", "received", 5L), (heard.ClaimId, heard.Status, heard.Sequence));
        Assert.All(repeats, e => Assert.True(((ISequencedMessage)e.Payload).Sequence <= 4, $"not a repeat: {e.Payload}"));
    }

    private static string ClaimOf(LiveEvent e) => e.Payload switch
    {
        ClaimStatusMessage m => m.ClaimId,
        CapsChangedMessage m => m.ClaimId,
        _ => $"{e.Name} {e.Payload}",
    };
}
