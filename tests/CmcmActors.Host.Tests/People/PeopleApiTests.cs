using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CmcmActors.Domain.People;
using CmcmActors.Host.Tests.Support;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.People;

/// <summary>Names and national numbers at enrolment, on co-affiliates and as corrections; the desk's search over them.</summary>
[Collection(HostCollection.Name)]
public sealed class PeopleApiTests(HostFixture host)
{
    private readonly HttpClient _staff = host.CreateClient(TestUser.FrontDesk);

    private static int _nextSerial = Random.Shared.Next(1000);

    /// <summary>
    /// A valid national number for a birth date: the serial, then the Luhn and Verhoeff digits of the first 11. Without a
    /// serial, one not given before in this run (a number is recorded for one member only, and tests share their host).
    /// </summary>
    public static string Nin(string birthDate, int? serial = null)
    {
        var digits = serial ?? Interlocked.Increment(ref _nextSerial) % 1000;
        var body = birthDate.Replace("-", "", StringComparison.Ordinal) + digits.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        return body + NationalNumber.LuhnCheckDigit(body) + NationalNumber.VerhoeffCheckDigit(body);
    }

    /// <summary>A surname nobody else in the shared host has (letters only), so that searches count exactly.</summary>
    public static string UniqueSurname(string start) =>
        start + new string([.. Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + (c % 26)))]);

    public static JsonObject WithPerson(object enrolBody, string surname, string given, string? nin)
    {
        var body = JsonSerializer.SerializeToNode(enrolBody, JsonOptions)!.AsObject();
        body["mainPerson"] = new JsonObject { ["surname"] = surname, ["givenNames"] = given, ["nationalNumber"] = nin };
        return body;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private async Task<(string FamilyId, string MemberId)> EnrolPersonAsync(string surname, string given, string? nin)
    {
        var familyId = NewId("F");
        var memberId = NewId("M");
        await (await _staff.PostJsonAsync("/api/families", WithPerson(EnrolBody(familyId, memberId), surname, given, nin))).JsonAsync(HttpStatusCode.Created);
        return (familyId, memberId);
    }

    [Fact]
    public async Task Enrol_WithNamesAndNationalNumber_TheFamilyShowsThem()
    {
        var surname = UniqueSurname("Müller");
        var nin = Nin("1980-05-01");
        var (familyId, memberId) = await EnrolPersonAsync(surname, "Élise", nin[..4] + " " + nin[4..8] + " " + nin[8..]);

        var main = Assert.Single((await _staff.GetJsonAsync($"/api/families/{familyId}"))["members"]!.AsArray())!;

        Assert.Equal((memberId, surname, "Élise", nin), (main["memberId"].Text(), main["surname"].Text(), main["givenNames"].Text(), main["nationalNumber"].Text()));
    }

    [Theory]
    [InlineData("1980050112346", "The check digits do not match: a digit was mistyped.")]
    [InlineData("19800501123", "A national number has 13 digits (birth date YYYYMMDD, 3 digits, 2 check digits).")]
    public async Task Enrol_BadNationalNumber_400NamingIt_AndNothingEnrolled(string nin, string message)
    {
        var familyId = NewId("F");

        var messages = await (await _staff.PostJsonAsync("/api/families", WithPerson(EnrolBody(familyId, NewId("M")), "Weber", "Anne", nin)))
            .ProblemAsync(HttpStatusCode.BadRequest, "mainPerson.nationalNumber");

        Assert.Equal([message], messages);
        await (await _staff.GetAsync($"/api/families/{familyId}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_EnrolWithTheNumberOfAnotherMember_409NamingIt_AndNothingEnrolled()
    {
        var nin = Nin("1980-05-01");
        var (_, holder) = await EnrolPersonAsync(UniqueSurname("Weber"), "Anne", nin);
        var familyId = NewId("F");

        var messages = await (await _staff.PostJsonAsync("/api/families", WithPerson(EnrolBody(familyId, NewId("M")), "Weber", "Anne", nin)))
            .ProblemAsync(HttpStatusCode.Conflict, "mainPerson.nationalNumber");

        Assert.Equal([$"This national number is already recorded for member {holder}: a person has one member id."], messages);
        await (await _staff.GetAsync($"/api/families/{familyId}")).ProblemAsync(HttpStatusCode.NotFound, "familyId");
    }

    [Fact]
    public async Task Decision_NationalNumberOneMember_CorrectionToTheNumberOfAnotherMember_409NamingIt_AndNothingChanges()
    {
        var (taken, mine) = (Nin("1980-05-01"), Nin("1980-05-01"));
        await EnrolPersonAsync(UniqueSurname("Weber"), "Anne", taken);
        var surname = UniqueSurname("Weber");
        var (familyId, memberId) = await EnrolPersonAsync(surname, "Marc", mine);

        await (await _staff.PutJsonAsync($"/api/families/{familyId}/members/{memberId}/person", new { surname, givenNames = "Marc", nationalNumber = taken }))
            .ProblemAsync(HttpStatusCode.Conflict, "nationalNumber");

        var main = (await _staff.GetJsonAsync($"/api/families/{familyId}"))["members"]![0]!;
        Assert.Equal(mine, main["nationalNumber"].Text());
    }

    [Fact]
    public async Task Enrol_NationalNumberOfAnotherBirthDate_400()
    {
        var messages = await (await _staff.PostJsonAsync("/api/families", WithPerson(EnrolBody(NewId("F"), NewId("M")), "Weber", "Anne", Nin("1981-05-01"))))
            .ProblemAsync(HttpStatusCode.BadRequest, "mainPerson.nationalNumber");

        Assert.Equal(["The number starts with the birth date 1981-05-01, not 1980-05-01."], messages);
    }

    [Fact]
    public async Task Search_ByPartOfTheName_IgnoresCaseAndAccents()
    {
        var surname = UniqueSurname("Müller");
        var (familyId, memberId) = await EnrolPersonAsync(surname, "Élise", Nin("1980-05-01"));
        var folded = "MULLER" + surname["Müller".Length..].ToUpperInvariant();

        var found = (await _staff.GetJsonAsync($"/api/search?q={Uri.EscapeDataString("elise " + folded[2..])}")).AsArray();

        var person = Assert.Single(found)!;
        Assert.Equal((memberId, familyId, surname, "Élise", "1980-05-01", true),
            (person["memberId"].Text(), person["familyId"].Text(), person["surname"].Text(), person["givenNames"].Text(), person["birthDate"].Text(), person["onRoster"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Search_ByNationalNumberOrIds_FindsTheMember()
    {
        var nin = Nin("1980-05-01");
        var (familyId, memberId) = await EnrolPersonAsync(UniqueSurname("Schmit"), "Jos", nin);

        foreach (var q in new[] { nin, nin[..8] + " " + nin[8..], memberId, familyId })
        {
            var found = (await _staff.GetJsonAsync($"/api/search?q={Uri.EscapeDataString(q)}")).AsArray();
            Assert.Contains(found, p => p!["memberId"].Text() == memberId);
            Assert.All(found, p => Assert.True(p!["nationalNumber"]?.GetValue<string>() == nin || p["familyId"].Text() == familyId, q));
        }
    }

    [Fact]
    public async Task AddCoAffiliate_AndCorrectTheName_SearchFindsTheNewNameOnly()
    {
        var surname = UniqueSurname("Kieffer");
        var (familyId, _) = await EnrolPersonAsync(surname, "Paul", null);
        var childId = NewId("child");
        await (await _staff.PostJsonAsync($"/api/families/{familyId}/members", new
        {
            memberId = childId, kind = "child", birthDate = "2015-03-02", coInsuredWithMainAffiliate = true, addedOn = Applied,
            person = new { surname, givenNames = "Lea", nationalNumber = Nin("2015-03-02") },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, (await _staff.GetJsonAsync($"/api/search?q={surname}")).AsArray().Count);

        var corrected = UniqueSurname("Kiefer");
        var family = await (await _staff.PutJsonAsync($"/api/families/{familyId}/members/{childId}/person", new { surname = corrected, givenNames = "Léa" }))
            .JsonAsync(HttpStatusCode.OK);

        var child = family["members"]!.AsArray().Single(m => m!["memberId"].Text() == childId)!;
        Assert.Equal((corrected, "Léa"), (child["surname"].Text(), child["givenNames"].Text()));
        Assert.Null(child["nationalNumber"]);
        Assert.Single((await _staff.GetJsonAsync($"/api/search?q={surname}")).AsArray());
        Assert.Equal(childId, Assert.Single((await _staff.GetJsonAsync($"/api/search?q={corrected}%20lea")).AsArray())!["memberId"].Text());
    }

    [Fact]
    public async Task UpdatePerson_BadNationalNumber_400_AndNothingChanges()
    {
        var surname = UniqueSurname("Hoffmann");
        var nin = Nin("1980-05-01");
        var (familyId, memberId) = await EnrolPersonAsync(surname, "Marc", nin);

        var problem = await (await _staff.PutJsonAsync($"/api/families/{familyId}/members/{memberId}/person", new { surname = "", givenNames = "Marc", nationalNumber = "1980050112300" }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["nationalNumber", "surname"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        var main = (await _staff.GetJsonAsync($"/api/families/{familyId}"))["members"]![0]!;
        Assert.Equal((surname, nin), (main["surname"].Text(), main["nationalNumber"].Text()));
    }

    [Fact]
    public async Task Search_IsPaged_WithALinkToTheNextPage()
    {
        var surname = UniqueSurname("Reuter");
        var members = new List<string>();
        foreach (var given in new[] { "Anne", "Bob", "Carla" })
        {
            members.Add((await EnrolPersonAsync(surname, given, null)).MemberId);
        }

        var first = await _staff.GetAsync($"/api/search?q={surname}&limit=2");
        var page1 = (await first.JsonAsync(HttpStatusCode.OK)).AsArray().Select(p => p!["memberId"].Text()).ToArray();
        var next = first.Headers.GetValues("Link").Single();
        var url = next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)];
        var second = await _staff.GetAsync(url);
        var page2 = (await second.JsonAsync(HttpStatusCode.OK)).AsArray().Select(p => p!["memberId"].Text()).ToArray();

        Assert.Equal(members.Take(2), page1);
        Assert.Equal(members.Skip(2), page2);
        Assert.False(second.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=a&limit=0", "limit")]
    [InlineData("q=a&after=nope", "after")]
    [InlineData("q=a%00b", "q")]
    public async Task Search_BadQuery_400NamingTheParameter(string query, string field)
    {
        await (await _staff.GetAsync($"/api/search?{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Search_ByAMember_403_AndAnonymous_401()
    {
        var (familyId, memberId) = await _staff.EnrolledFamilyAsync();

        await (await host.CreateClient(TestUser.Member(familyId, memberId, mainAffiliate: true)).GetAsync("/api/search?q=a")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await host.CreateClient().GetAsync("/api/search?q=a")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>The same search on PostgreSQL, where the index is the table cmcm_person shared by every host.</summary>
[Collection(PostgresHostCollection.Name)]
public sealed class PeopleApiOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresFact]
    public async Task Search_ByNameNationalNumberAndIds_FindsTheMember_AndTheCorrectionReplacesTheName()
    {
        var staff = postgres.Host!.CreateClient(TestUser.FrontDesk);
        var surname = PeopleApiTests.UniqueSurname("Ærnø");
        var nin = PeopleApiTests.Nin("1980-05-01");
        var familyId = NewId("F");
        var memberId = NewId("M");
        await (await staff.PostJsonAsync("/api/families", PeopleApiTests.WithPerson(EnrolBody(familyId, memberId), surname, "Jérôme", nin))).JsonAsync(HttpStatusCode.Created);
        var folded = "aerno" + surname["Ærnø".Length..];

        foreach (var q in new[] { $"jerome {folded}", folded.ToUpperInvariant()[2..], nin, memberId, familyId })
        {
            var found = (await staff.GetJsonAsync($"/api/search?q={Uri.EscapeDataString(q)}")).AsArray();
            Assert.True(found.Count == 1, $"{q}: {found.ToJsonString()}");
            Assert.Equal((memberId, familyId, surname, nin), (found[0]!["memberId"].Text(), found[0]!["familyId"].Text(), found[0]!["surname"].Text(), found[0]!["nationalNumber"].Text()));
        }

        var corrected = PeopleApiTests.UniqueSurname("Arno");
        await (await staff.PutJsonAsync($"/api/families/{familyId}/members/{memberId}/person", new { surname = corrected, givenNames = "Jérôme", nationalNumber = nin })).JsonAsync(HttpStatusCode.OK);
        Assert.Empty((await staff.GetJsonAsync($"/api/search?q={folded}")).AsArray());
        Assert.Single((await staff.GetJsonAsync($"/api/search?q={corrected}")).AsArray());
    }

    [PostgresFact]
    public async Task Search_IsPagedInNameOrder_AndLikeWildcardsInTheQueryAreText()
    {
        var staff = postgres.Host!.CreateClient(TestUser.FrontDesk);
        var surname = PeopleApiTests.UniqueSurname("Reuter");
        var members = new List<string>();
        foreach (var given in new[] { "Anne", "Bob", "Carla" })
        {
            var memberId = NewId("M");
            await (await staff.PostJsonAsync("/api/families", PeopleApiTests.WithPerson(EnrolBody(NewId("F"), memberId), surname, given, null))).JsonAsync(HttpStatusCode.Created);
            members.Add(memberId);
        }

        var first = await staff.GetAsync($"/api/search?q={surname}&limit=2");
        var page1 = (await first.JsonAsync(HttpStatusCode.OK)).AsArray().Select(p => p!["memberId"].Text()).ToArray();
        var next = first.Headers.GetValues("Link").Single();
        var page2 = (await staff.GetJsonAsync(next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)])).AsArray()
            .Select(p => p!["memberId"].Text()).ToArray();

        Assert.Equal(members.Take(2), page1);
        Assert.Equal(members.Skip(2), page2);
        Assert.Empty((await staff.GetJsonAsync($"/api/search?q={surname[..3]}%25%25{surname[^2..]}")).AsArray());
        Assert.Empty((await staff.GetJsonAsync($"/api/search?q={surname[..3]}_{surname[4..]}")).AsArray());
    }
}
