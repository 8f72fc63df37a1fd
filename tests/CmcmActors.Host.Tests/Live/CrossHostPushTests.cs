using System.Net;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Host.Live;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Live;

[Collection(TwoHostsCollection.Name)]
public sealed class CrossHostPushTests(TwoHostsFixture hosts)
{
    [Fact]
    public async Task Both_hosts_register_their_hub_with_the_one_registry_of_the_cluster()
    {
        var seenFromA = await hosts.A.Grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key).GetHostsAsync();
        var seenFromB = await hosts.B.Grains.GetGrain<INotificationRegistryGrain>(NotificationRegistry.Key).GetHostsAsync();

        Assert.Equal(2, seenFromA.Count);
        Assert.Equal(seenFromA.Order(), seenFromB.Order());
    }

    [Theory]
    [InlineData("A", "B")]
    [InlineData("B", "A")]
    public async Task A_page_connected_to_one_host_hears_a_claim_submitted_through_the_other(string pageHost, string deskHost)
    {
        var (page, desk) = (Host(pageHost), Host(deskHost));
        var staff = desk.CreateClient(TestUser.FrontDesk);
        var (familyId, memberId) = await staff.EnrolledFamilyAsync();
        await using var member = await LiveClient.ConnectAsync(page, TestUser.Member(familyId, memberId));
        await member.JoinMemberAsync(familyId, memberId);
        var invoice = NewId("INV");

        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy"))))
            .JsonAsync(HttpStatusCode.Created);

        var statuses = new List<string>();
        while (statuses.Count < 3)
        {
            var (next, _) = await member.NextMatchingAsync<ClaimStatusMessage>(LiveEvents.ClaimStatusChanged, m => m.ClaimId == $"{memberId}/{invoice}");
            statuses.Add(next.Status);
        }

        Assert.Equal(["received", "adjudicating", "approved"], statuses);
    }

    private HostFixture Host(string name) => name == "A" ? hosts.A : hosts.B;
}
