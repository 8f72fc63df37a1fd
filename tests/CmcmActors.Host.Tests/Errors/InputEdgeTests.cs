using System.Net;
using System.Net.Sockets;
using System.Text;
using CmcmActors.Host.Api;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Errors;

/// <summary>
/// The edges of what a request may hold: a field sent twice, amounts with digits past the cent (also digits a decimal
/// cannot hold), headers over the limit, routes that do not exist. Each is a problem that names what is wrong.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class InputEdgeTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    [Theory]
    [InlineData("memberId", "memberId")]
    [InlineData("MemberId", "MemberId")]
    public async Task Submit_FieldSentTwice_400NamingIt_AndNothingRecorded(string second, string field)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var json = $$"""
            {"familyId":"{{familyId}}","memberId":"{{memberId}}","{{second}}":"{{NewId("M")}}","invoiceReference":"INV-TWICE","channel":"app",
             "lines":[{"benefitCode":"DO.OPTIC.FRAMES","dateOfCare":"{{Care}}","invoiced":25,"statutoryReimbursement":0}]}
            """;

        var messages = await (await _staff.PostRawAsync("/api/claims", json)).ProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(["The field appears more than once; send it once."], messages);
        await AssertNoClaimAsync(familyId, memberId, "INV-TWICE");
    }

    [Fact]
    public async Task Submit_LineFieldSentTwice_400NamingItsPath()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();
        var json = $$"""
            {"familyId":"{{familyId}}","memberId":"{{memberId}}","invoiceReference":"INV-TWICE","channel":"app",
             "lines":[{"benefitCode":"DO.OPTIC.FRAMES","dateOfCare":"{{Care}}","invoiced":25,"invoiced":2500,"statutoryReimbursement":0}]}
            """;

        var messages = await (await _staff.PostRawAsync("/api/claims", json)).ProblemAsync(HttpStatusCode.BadRequest, "lines[0].invoiced");

        Assert.Equal(["The field appears more than once; send it once."], messages);
        await AssertNoClaimAsync(familyId, memberId, "INV-TWICE");
    }

    [Fact]
    public async Task Enrol_FieldSentTwice_400NamingIt_AndNoFamily()
    {
        var familyId = NewId("F");
        var json = $$"""
            {"familyId":"{{familyId}}","mainMemberId":"{{NewId("M")}}","mainBirthDate":"1980-05-01","applicationReceived":"{{Applied}}",
             "level":"RC","level":"RC+PP+DO","reason":"firstTime",
             "eligibility":{"memberOfRecognisedMutual":true,"insurance":"luxembourgFund","domicileCountry":"LU"} }
            """;

        var messages = await (await _staff.PostRawAsync("/api/families", json)).ProblemAsync(HttpStatusCode.BadRequest, "level");

        Assert.Equal(["The field appears more than once; send it once."], messages);
        await (await _staff.GetAsync($"/api/families/{familyId}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    /// <summary>Any non-zero digit past the cent is refused, also where a decimal would round it away; zeros are not digits that count.</summary>
    [Theory]
    [InlineData("40.0000000000000000000000000000001")]
    [InlineData("0.0000000000000000000000000000001")]
    [InlineData("40.001")]
    [InlineData("40.0010")]
    [InlineData("4.0001e1")]
    [InlineData("1e-40")]
    [InlineData("39.99999999999999999999999999999999")]
    public async Task Submit_AmountWithDigitPastTheCent_400NamingIt_AndNothingRecorded(string amount)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var messages = await (await _staff.PostRawAsync("/api/claims", ClaimJson(familyId, memberId, "INV-CENT", amount)))
            .ProblemAsync(HttpStatusCode.BadRequest, "lines[0].invoiced");

        Assert.Equal(["An amount has at most two decimals."], messages);
        await AssertNoClaimAsync(familyId, memberId, "INV-CENT");
    }

    [Theory]
    [InlineData("40.010", 40.01)]
    [InlineData("40.0100000000000000000000000000000000", 40.01)]
    [InlineData("4001e-2", 40.01)]
    [InlineData("0.4001E+2", 40.01)]
    [InlineData("40", 40)]
    public async Task Submit_AmountWithTrailingZerosOrExponent_IsTheSameAmount(string amount, decimal euros)
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var claim = await (await _staff.PostRawAsync("/api/claims", ClaimJson(familyId, memberId, "INV-ZEROS", amount))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(euros, claim["lines"]![0]!["invoiced"].Decimal());
    }

    /// <summary>1e28 is a decimal, but a hundred times it is not: the check of the cents must not overflow into a 500.</summary>
    [Fact]
    public async Task Submit_AmountNearTheDecimalLimit_400NamingIt()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        var messages = await (await _staff.PostRawAsync("/api/claims", ClaimJson(familyId, memberId, "INV-HUGE", "1e28")))
            .ProblemAsync(HttpStatusCode.BadRequest, "lines[0].invoiced");

        Assert.Equal(["The amount is above 1,000,000.00, which is not plausible here."], messages);
    }

    [Fact]
    public async Task Payment_AmountRoundedAwayByADecimal_400NamingIt()
    {
        var (familyId, _) = await _staff.EnrolledFamilyAsync(paid: false);

        var messages = await (await _staff.PostRawAsync($"/api/families/{familyId}/payments",
            """{"year":2026,"amount":300.0000000000000000000000000000001,"paidOn":"2025-12-20"}""")).ProblemAsync(HttpStatusCode.BadRequest, "amount");

        Assert.Equal(["An amount has at most two decimals."], messages);
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}"))["payments"]!.AsArray());
    }

    [Fact]
    public async Task AnyRoute_HeadersOverTheLimit_431ProblemNamingTheLargestHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogue/editions");
        request.Headers.Add("X-Padding", new string('a', RequestHeaderLimits.MaxHeadersTotalBytes));

        var response = await _staff.SendAsync(request);

        var messages = await response.ProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, "X-Padding");
        Assert.StartsWith("The request headers take ", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyRoute_MoreHeadersThanTheLimit_431ProblemNamingTheHeaders()
    {
        // No trace header added on the way: the request holds Host and these, nothing else.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogue/editions");
        for (var i = 0; i < RequestHeaderLimits.MaxHeaderCount; i++)
        {
            request.Headers.Add($"X-H{i}", "1");
        }

        var response = await client.SendAsync(request);

        Assert.Equal([$"The request has {RequestHeaderLimits.MaxHeaderCount + 1} headers; at most {RequestHeaderLimits.MaxHeaderCount} are accepted."],
            await response.ProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, "headers"));
    }

    /// <summary>Past Kestrel's own limit no application code runs: Kestrel's empty 431 is the answer, and this pins where that starts.</summary>
    [Fact]
    public async Task AnyRoute_HeadersOverKestrelsLimit_431FromKestrel()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogue/editions");
        request.Headers.Add("X-Padding", new string('a', RequestHeaderLimits.KestrelHeadersTotalBytes));

        var response = await host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/api/nothing-here", "No route GET /api/nothing-here.")]
    [InlineData("/nothing-here", "No route GET /nothing-here.")]
    [InlineData("/api/families/F-1/%zz", "No route GET /api/families/F-1/%25zz.")]
    [InlineData("/api/claims/a/b/c/d", "No route GET /api/claims/a/b/c/d.")]
    public async Task UnknownOrMalformedPath_404ProblemNamingThePath(string path, string message)
    {
        var response = await _staff.GetAsync(path);

        Assert.Equal([message], await response.ProblemAsync(HttpStatusCode.NotFound, "path"));
    }

    /// <summary>Kestrel lets a control character through in a path: the application answers it, with a problem.</summary>
    [Fact]
    public async Task RawPathWithAControlCharacter_404Problem()
    {
        var answer = await RawAsync("GET /api/\u0001claims HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("\"errors\":{\"path\":[", answer, StringComparison.Ordinal);
    }

    /// <summary>A request target Kestrel cannot parse never reaches the application: Kestrel's own 400, empty, is the answer.</summary>
    [Fact]
    public async Task RequestTargetWithoutASlash_400FromKestrel()
    {
        var answer = await RawAsync("GET api/claims HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0\r\n", answer, StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="request"/> byte for byte, as no HTTP client would, and returns the start of the answer.</summary>
    private async Task<string> RawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[8192];
        var read = 0;
        while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        // The body, when there is one, follows in the next reads: give it a moment, then take what came.
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            read += await stream.ReadAsync(buffer.AsMemory(read), wait.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static string ClaimJson(string familyId, string memberId, string invoice, string invoiced) => $$"""
        {"familyId":"{{familyId}}","memberId":"{{memberId}}","invoiceReference":"{{invoice}}","channel":"app",
         "lines":[{"benefitCode":"DO.OPTIC.FRAMES","dateOfCare":"{{Care}}","invoiced":{{invoiced}},"statutoryReimbursement":0}]}
        """;

    private async Task AssertNoClaimAsync(string familyId, string memberId, string invoice)
    {
        await (await _staff.GetAsync($"/api/claims/{memberId}/{invoice}")).ProblemAsync(HttpStatusCode.NotFound, "invoiceReference");
        Assert.Empty((await _staff.GetJsonAsync($"/api/families/{familyId}/members/{memberId}/claims")).AsArray());
    }
}
