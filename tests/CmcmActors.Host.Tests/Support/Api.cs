using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CmcmActors.Host.Tests.Support;

/// <summary>Short ways to call the API the way the pages do: JSON in, JSON out, and exact checks of problems.</summary>
public static class Api
{
    /// <summary>The usual date of care: the July 2026 catalogue is in force, first-time waiting periods are over.</summary>
    public const string Care = "2026-09-15";

    /// <summary>The usual application date: cover from 2026-01-01, every first-time waiting period over on 2026-04-01.</summary>
    public const string Applied = "2025-12-10";

    private static readonly JsonSerializerOptions Send = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsync(path, JsonContent.Create(body, body.GetType(), options: Send));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.PutAsync(path, JsonContent.Create(body, body.GetType(), options: Send));

    /// <summary>Sends <paramref name="json"/> as it is, for malformed or oddly typed bodies.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json, string mediaType = "application/json") =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, mediaType));

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(path)).JsonAsync(expected);

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and returns it whole.</summary>
    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    /// <summary>
    /// Asserts an RFC 9457 problem: the status, the media type, and that <c>errors</c> names <paramref name="field"/>.
    /// Returns the messages for that field.
    /// </summary>
    public static async Task<string[]> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        var messages = problem["errors"]?[field]?.AsArray();
        Assert.True(messages is { Count: > 0 }, $"errors should name '{field}': {text}");
        return [.. messages!.Select(m => m!.GetValue<string>())];
    }

    public static object EnrolBody(string familyId, string memberId, string level = "RC+PP+DO", string applied = Applied, string birth = "1980-05-01",
        object? eligibility = null, object[]? statutoryPeriods = null) => new
        {
            familyId,
            mainMemberId = memberId,
            mainBirthDate = birth,
            applicationReceived = applied,
            level,
            reason = "firstTime",
            eligibility = eligibility ?? new { memberOfRecognisedMutual = true, insurance = "luxembourgFund", domicileCountry = "LU" },
            statutoryPeriods = statutoryPeriods ?? [new { from = "2010-01-01" }],
        };

    /// <summary>Enrols a family through the API (applied 2025-12-10) and records its contribution unless told not to.</summary>
    public static async Task<(string FamilyId, string MemberId)> EnrolledFamilyAsync(this HttpClient staff, string level = "RC+PP+DO", bool paid = true,
        string applied = Applied)
    {
        var familyId = NewId("F");
        var memberId = NewId("M");
        await (await staff.PostJsonAsync("/api/families", EnrolBody(familyId, memberId, level, applied))).JsonAsync(HttpStatusCode.Created);
        if (paid)
        {
            await (await staff.PostJsonAsync($"/api/families/{familyId}/payments", new { year = 2026, amount = 300.00m, paidOn = "2025-12-20" }))
                .JsonAsync(HttpStatusCode.OK);
        }

        return (familyId, memberId);
    }

    /// <summary>Adds a co-affiliate on the application date (so with the family's dates) with statutory cover.</summary>
    public static async Task<string> CoAffiliateAsync(this HttpClient staff, string familyId, string kind, string birthDate)
    {
        var memberId = NewId(kind);
        await (await staff.PostJsonAsync($"/api/families/{familyId}/members", new
        {
            memberId,
            kind,
            birthDate,
            coInsuredWithMainAffiliate = true,
            addedOn = Applied,
            statutoryPeriods = new[] { new { from = "2010-01-01" } },
        })).JsonAsync(HttpStatusCode.Created);
        return memberId;
    }

    public static object ClaimBody(string familyId, string memberId, string invoice, params object[] lines) =>
        new { familyId, memberId, invoiceReference = invoice, channel = "app", lines };

    public static object Line(string code, decimal invoiced, decimal statutory = 0m, string? element = null, int? units = null, string care = Care) =>
        new { benefitCode = code, dateOfCare = care, invoiced, statutoryReimbursement = statutory, element, units };

    /// <summary>The brochure's implants: two implants invoiced 1900.00, nothing from the statutory fund.</summary>
    public static object Implants() => Line("RC.DENTAL.FLAT", 1900.00m, 0m, "implant", 2);

    /// <summary>A trip cancellation sent without the travel agency's refund decision: pended for documents.</summary>
    public static object TripCancellationWithoutRefundDecision(string tripId) => new
    {
        benefitCode = "ASSIST.TRIP.CANCEL",
        dateOfCare = Care,
        invoiced = 900.00m,
        statutoryReimbursement = 0m,
        circumstances = new[] { "illness" },
        documents = new[] { "travel-invoices" },
        tripId,
    };

    public static decimal Decimal(this JsonNode? node) => node!.GetValue<decimal>();

    public static string Text(this JsonNode? node) => node!.GetValue<string>();
}

