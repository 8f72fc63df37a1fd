using System.Net;
using System.Security.Cryptography;
using CmcmActors.Host.Documents;
using CmcmActors.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using Xunit.Abstractions;
using static CmcmActors.Host.Tests.Support.Api;

namespace CmcmActors.Host.Tests.Documents;

/// <summary>Files members send with a claim or without one (docs/documents.md), on the embedded default.</summary>
[Collection(HostCollection.Name)]
public sealed class DocumentUploadTests(HostFixture host, ITestOutputHelper output)
{
    /// <summary>
    /// The figure of docs/documents.md: a phone photo of about 10 MB sent, decoded, re-encoded and stored, with the time
    /// and what the process allocated meanwhile (the body is streamed to a file, never held whole). Measured, not asserted.
    /// </summary>
    [Fact]
    public async Task Upload_TenMegabytePhoto_StoredWhole_TimeAndMemoryReported()
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, mainId) = await staff.EnrolledFamilyAsync();
        await (await staff.PostJsonAsync("/api/claims", ClaimBody(familyId, mainId, "INV-BIG", Line("RC.ALTMED", 40m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);
        // Random pixels do not compress: the side is chosen from a small sample's bytes per pixel to land near 9.5 MB.
        var perPixel = TestFiles.NoisePhoto(300, 300).Length / 90_000.0;
        var side = (int)Math.Sqrt(9.5 * 1024 * 1024 / perPixel);
        var photo = TestFiles.NoisePhoto(side, side);
        while (photo.Length > 10 * 1024 * 1024)
        {
            side -= 40;
            photo = TestFiles.NoisePhoto(side, side);
        }

        var path = Path.Combine(Path.GetTempPath(), $"cmcm-photo-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, photo);
        try
        {
            Assert.InRange(photo.Length, 8 * 1024 * 1024, 10 * 1024 * 1024);
            using var content = new MultipartFormDataContent();
            await using var file = File.OpenRead(path);
            content.Add(new StreamContent(file), "files", "photo.jpg");
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();

            var stored = await (await staff.PostAsync($"/api/claims/{mainId}/INV-BIG/files", content)).JsonAsync(HttpStatusCode.Created);

            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var used = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Assert.Equal("image/jpeg", stored[0]!["contentType"].Text());
            output.WriteLine($"photo {photo.Length:N0} bytes ({side} x {side}) -> stored {stored[0]!["size"]!.GetValue<long>():N0} bytes in {elapsed.TotalMilliseconds:N0} ms; " +
                $"allocated by the process meanwhile {used / 1024.0 / 1024.0:N1} MB; working set {Environment.WorkingSet / 1024.0 / 1024.0:N0} MB");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public Task ClaimFiles_TwoPhotosAndAPdf_StoredWithoutMetadata_ReadBackExactly() => DocumentScenarios.StoredWithoutMetadataAsync(host);

    [Fact]
    public Task Upload_TooBigWrongTypeBrokenEncryptedTooMany_RefusedNamingTheFile_NothingStored() => DocumentScenarios.RefusalsAsync(host);

    [Fact]
    public Task Upload_TwelveAtOnceOnOneClaim_NeverPassTheLimitOfTwenty() => DocumentScenarios.RaceAsync(host);

    [Fact]
    public Task Upload_InterruptedMidFile_LeavesNothingBehind() => DocumentScenarios.InterruptedAsync(host);

    [Fact]
    public Task Confirmation_StaffTickRequiredDocuments_ClaimDecidedAgain_MemberMayNot() => DocumentScenarios.ConfirmationAsync(host);

    [Fact]
    public Task Access_CoAffiliateSeesOnlyHisOwnFiles_AnotherFamilyNone() => DocumentScenarios.AccessAsync(host);

    [Fact]
    public Task MemberFiles_SchoolCertificateWithoutClaim_ListedUnderTheChild_TypeRequired() => DocumentScenarios.MemberFilesAsync(host);
}

/// <summary>The same on PostgreSQL, where the files are rows of cmcm_document and cmcm_document_content.</summary>
[Collection(PostgresHostCollection.Name)]
public sealed class DocumentUploadOnPostgresTests(PostgresHostFixture postgres)
{
    [PostgresTheory]
    [InlineData("stored")]
    [InlineData("refusals")]
    [InlineData("race")]
    [InlineData("interrupted")]
    [InlineData("confirmation")]
    [InlineData("access")]
    [InlineData("member files")]
    public Task Documents_OnPostgres(string scenario) => scenario switch
    {
        "stored" => DocumentScenarios.StoredWithoutMetadataAsync(postgres.Host!),
        "refusals" => DocumentScenarios.RefusalsAsync(postgres.Host!),
        "race" => DocumentScenarios.RaceAsync(postgres.Host!),
        "interrupted" => DocumentScenarios.InterruptedAsync(postgres.Host!),
        "confirmation" => DocumentScenarios.ConfirmationAsync(postgres.Host!),
        "access" => DocumentScenarios.AccessAsync(postgres.Host!),
        _ => DocumentScenarios.MemberFilesAsync(postgres.Host!),
    };
}

internal static class DocumentScenarios
{
    private static async Task<(string FamilyId, string MainId, string SpouseId)> FamilyAsync(HttpClient staff)
    {
        var (familyId, mainId) = await staff.EnrolledFamilyAsync();
        var spouseId = await staff.CoAffiliateAsync(familyId, "spouseOrPartner", "1982-02-02");
        return (familyId, mainId, spouseId);
    }

    private static async Task<string> ClaimAsync(HttpClient client, string familyId, string memberId, string? invoice = null)
    {
        invoice ??= NewId("INV");
        await (await client.PostJsonAsync("/api/claims", ClaimBody(familyId, memberId, invoice, Line("RC.ALTMED", 40m, element: "osteopathy")))).JsonAsync(HttpStatusCode.Created);
        return invoice;
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> FilesAsync(HttpClient client, string memberId, string invoice) =>
        (await client.GetJsonAsync($"/api/claims/{memberId}/{invoice}/files")).AsArray();

    public static async Task StoredWithoutMetadataAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, _, spouseId) = await FamilyAsync(staff);
        var spouse = host.CreateClient(TestUser.Member(familyId, spouseId));
        var invoice = await ClaimAsync(spouse, familyId, spouseId);
        var photo = TestFiles.PhotoWithGps();
        var png = TestFiles.Png();
        var pdf = TestFiles.Pdf(pages: 2);

        var sent = (await (await spouse.PostAsync($"/api/claims/{spouseId}/{invoice}/files",
            TestFiles.Upload([("facture.jpg", photo), ("facture-2.png", png), ("décompte CNS.pdf", pdf)], "invoice", "invoice", "fund-statement"))).JsonAsync(HttpStatusCode.Created)).AsArray();

        Assert.Equal(
            [("facture.jpg", "invoice", "image/jpeg"), ("facture-2.png", "invoice", "image/png"), ("décompte CNS.pdf", "fund-statement", "application/pdf")],
            sent.Select(d => (d!["fileName"].Text(), d["type"].Text(), d["contentType"].Text())));
        Assert.All(sent, d => Assert.Equal((familyId, spouseId, $"{spouseId}/{invoice}", spouseId, false),
            (d!["familyId"].Text(), d["memberId"].Text(), d["claimId"].Text(), d["sentBy"].Text(), d["sentByStaff"]!.GetValue<bool>())));
        Assert.Equal(sent.Select(d => d!["documentId"].Text()), (await FilesAsync(staff, spouseId, invoice)).Select(d => d!["documentId"].Text()));

        var storedPhoto = await spouse.GetAsync(sent[0]!["href"].Text());
        var photoBytes = await storedPhoto.Content.ReadAsByteArrayAsync();
        Assert.Equal(("image/jpeg", "inline"), (storedPhoto.Content.Headers.ContentType?.MediaType, storedPhoto.Content.Headers.ContentDisposition?.DispositionType));
        var info = Image.Identify(photoBytes);
        Assert.Equal((64, 48, null), (info.Width, info.Height, info.Metadata.ExifProfile));
        Assert.NotNull(Image.Identify(photo).Metadata.ExifProfile);
        Assert.Equal(sent[0]!["sha256"].Text(), Convert.ToHexStringLower(SHA256.HashData(photoBytes)));
        Assert.Equal(photoBytes.Length, sent[0]!["size"]!.GetValue<long>());

        var storedPdf = await staff.GetAsync(sent[2]!["href"].Text());
        Assert.Equal("application/pdf", storedPdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await storedPdf.Content.ReadAsByteArrayAsync());

        // The same files again (a retry after a lost answer): the same files, nothing stored twice.
        var again = (await (await spouse.PostAsync($"/api/claims/{spouseId}/{invoice}/files",
            TestFiles.Upload([("facture.jpg", photo), ("facture-2.png", png), ("décompte CNS.pdf", pdf)], "invoice", "invoice", "fund-statement"))).JsonAsync(HttpStatusCode.Created)).AsArray();
        Assert.Equal(sent.Select(d => d!["documentId"].Text()), again.Select(d => d!["documentId"].Text()));
        Assert.Equal(3, (await FilesAsync(staff, spouseId, invoice)).Count);
    }

    public static async Task RefusalsAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, mainId, _) = await FamilyAsync(staff);
        var main = host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));
        var invoice = await ClaimAsync(main, familyId, mainId);
        var path = $"/api/claims/{mainId}/{invoice}/files";
        var maxBytes = host.Services.GetRequiredService<IOptions<DocumentOptions>>().Value.MaxFileBytes;
        var tooBig = new byte[maxBytes + 1];
        TestFiles.PhotoWithGps().CopyTo(tooBig, 0);

        Assert.Equal(["big.jpg is larger than the 10 MB accepted per file."],
            await (await main.PostAsync(path, TestFiles.Upload([("ok.png", TestFiles.Png()), ("big.jpg", tooBig)]))).ProblemAsync(HttpStatusCode.BadRequest, "files[1]"));
        Assert.Equal(["notes.txt is not a JPEG, PNG or PDF file."],
            await (await main.PostAsync(path, TestFiles.Upload([("ok.png", TestFiles.Png()), ("notes.txt", "MZ\u0090 not a picture"u8.ToArray())]))).ProblemAsync(HttpStatusCode.BadRequest, "files[1]"));
        Assert.Equal(["broken.pdf is not a readable PDF."],
            await (await main.PostAsync(path, TestFiles.Upload("broken.pdf", TestFiles.BrokenPdf()))).ProblemAsync(HttpStatusCode.BadRequest, "files[0]"));
        Assert.Equal(["locked.pdf is an encrypted PDF: send it without a password."],
            await (await main.PostAsync(path, TestFiles.Upload("locked.pdf", TestFiles.Pdf(userPassword: "1234")))).ProblemAsync(HttpStatusCode.BadRequest, "files[0]"));
        Assert.Equal(["'selfie' is not a type of file here; one of: invoice, fund-statement, other."],
            await (await main.PostAsync(path, TestFiles.Upload("ok.png", TestFiles.Png(), "selfie"))).ProblemAsync(HttpStatusCode.BadRequest, "types[0]"));
        Assert.Equal(["21 files sent; at most 20 are accepted."],
            await (await main.PostAsync(path, TestFiles.Upload(Enumerable.Range(0, 21).Select(i => ($"p{i}.png", TestFiles.Png((byte)i)))))).ProblemAsync(HttpStatusCode.BadRequest, "files"));
        await (await main.PostJsonAsync(path, new { files = "invoice.jpg" })).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "body");

        // Another family's claim: refused before a byte is read, naming the claim.
        var (otherFamily, otherMain) = await staff.EnrolledFamilyAsync();
        var otherInvoice = await ClaimAsync(staff, otherFamily, otherMain);
        Assert.Equal([$"This token does not give access to the files of claim {otherMain}/{otherInvoice}."],
            await (await main.PostAsync($"/api/claims/{otherMain}/{otherInvoice}/files", TestFiles.Upload("ok.png", TestFiles.Png()))).ProblemAsync(HttpStatusCode.Forbidden, "invoiceReference"));
        Assert.Empty(await FilesAsync(staff, mainId, invoice));
        Assert.Empty(await FilesAsync(staff, otherMain, otherInvoice));

        // Nineteen held, two more: refused whole, naming the limit; one more fits.
        await (await main.PostAsync(path, TestFiles.Upload(Enumerable.Range(0, 19).Select(i => ($"p{i}.png", TestFiles.Png((byte)i)))))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal([$"Claim {mainId}/{invoice} holds 19 files; 2 more would pass the limit of 20."],
            await (await main.PostAsync(path, TestFiles.Upload([("a.png", TestFiles.Png(100)), ("b.png", TestFiles.Png(101))]))).ProblemAsync(HttpStatusCode.BadRequest, "files"));
        Assert.Equal(19, (await FilesAsync(staff, mainId, invoice)).Count);
        await (await main.PostAsync(path, TestFiles.Upload("c.png", TestFiles.Png(102)))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal([$"Claim {mainId}/{invoice} holds 20 files, the most it may hold."],
            await (await main.PostAsync(path, TestFiles.Upload("d.png", TestFiles.Png(103)))).ProblemAsync(HttpStatusCode.BadRequest, "files"));
        Assert.Equal(20, (await FilesAsync(staff, mainId, invoice)).Count);
    }

    public static async Task RaceAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, mainId, _) = await FamilyAsync(staff);
        var invoice = await ClaimAsync(staff, familyId, mainId);
        var main = host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            main.PostAsync($"/api/claims/{mainId}/{invoice}/files", TestFiles.Upload([($"a{i}.png", TestFiles.Png((byte)(2 * i))), ($"b{i}.png", TestFiles.Png((byte)((2 * i) + 1)))]))));

        Assert.Equal((10, 2), (answers.Count(a => a.StatusCode == HttpStatusCode.Created), answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest)));
        Assert.Equal(20, (await FilesAsync(staff, mainId, invoice)).Count);
    }

    public static async Task InterruptedAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, mainId, _) = await FamilyAsync(staff);
        var invoice = await ClaimAsync(staff, familyId, mainId);
        var root = host.Services.GetRequiredService<IOptions<DocumentOptions>>().Value.TemporaryPath;
        var before = Folders(root);
        var main = host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));

        var upload = TestFiles.Upload([("first.png", TestFiles.Png()), ("second.jpg", TestFiles.NoisePhoto(400, 400))]);
        await Assert.ThrowsAnyAsync<Exception>(() => main.PostAsync($"/api/claims/{mainId}/{invoice}/files", new CutShortContent(upload, cutAfter: 20_000)));

        // The host learns of the cut when its read fails: give it a moment, then nothing of the upload is left anywhere.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Folders(root).Except(before).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Empty(Folders(root).Except(before));
        Assert.Empty(await FilesAsync(staff, mainId, invoice));
    }

    public static async Task ConfirmationAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, mainId, _) = await FamilyAsync(staff);
        var main = host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));
        var invoice = NewId("INV-TRIP");
        var trip = new { benefitCode = "ASSIST.TRIP.CANCEL", dateOfCare = Care, invoiced = 900.00m, statutoryReimbursement = 0m, tripId = "T-1" };
        var submitted = await (await main.PostJsonAsync("/api/claims", ClaimBody(familyId, mainId, invoice, trip))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pended", submitted["status"].Text());
        var files = (await (await main.PostAsync($"/api/claims/{mainId}/{invoice}/files",
            TestFiles.Upload([("billets.jpg", TestFiles.PhotoWithGps()), ("remboursement.pdf", TestFiles.Pdf())], "invoice", "other"))).JsonAsync(HttpStatusCode.Created)).AsArray();
        var (tickets, refund) = (files[0]!["documentId"].Text(), files[1]!["documentId"].Text());

        await (await main.PostJsonAsync($"/api/files/{tickets}/confirmation", new { requiredDocument = "travel-invoices" })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([$"Claim {mainId}/{invoice} does not require 'school-certificate'; its benefits require: travel-invoices, provider-refund-decision, death-certificate."],
            await (await staff.PostJsonAsync($"/api/files/{tickets}/confirmation", new { requiredDocument = "school-certificate" })).ProblemAsync(HttpStatusCode.BadRequest, "requiredDocument"));

        var first = await (await staff.PostJsonAsync($"/api/files/{tickets}/confirmation", new { requiredDocument = "travel-invoices" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("travel-invoices", "frontdesk"), (first["confirmedAs"].Text(), first["confirmedBy"].Text()));
        await (await staff.PostJsonAsync($"/api/files/{refund}/confirmation", new { requiredDocument = "provider-refund-decision" })).JsonAsync(HttpStatusCode.OK);
        var pended = await staff.GetJsonAsync($"/api/claims/{mainId}/{invoice}");
        Assert.Equal("pended", pended["status"].Text());
        Assert.Equal(["travel-invoices", "provider-refund-decision"], pended["submittedLines"]![0]!["documents"]!.AsArray().Select(d => d.Text()));

        var paid = await (await staff.PostJsonAsync($"/api/claims/{mainId}/{invoice}/resolution", new { refuse = false, circumstances = new[] { "illness" } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("approved", 900.00m), (paid["status"].Text(), paid["totalPaid"].Decimal()));

        // A retry of a confirmation the claim counts already: recorded, nothing decided again.
        var again = await (await staff.PostJsonAsync($"/api/files/{tickets}/confirmation", new { requiredDocument = "travel-invoices" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("travel-invoices", again["confirmedAs"].Text());
        Assert.Equal(paid["version"]!.GetValue<long>(), (await staff.GetJsonAsync($"/api/claims/{mainId}/{invoice}"))["version"]!.GetValue<long>());
    }

    public static async Task AccessAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, mainId, spouseId) = await FamilyAsync(staff);
        var main = host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));
        var spouse = host.CreateClient(TestUser.Member(familyId, spouseId));
        var (otherFamily, otherMain) = await staff.EnrolledFamilyAsync();
        var other = host.CreateClient(TestUser.Member(otherFamily, otherMain, mainAffiliate: true));
        var parentsInvoice = await ClaimAsync(main, familyId, mainId);
        var spousesInvoice = await ClaimAsync(spouse, familyId, spouseId);
        var parents = (await (await main.PostAsync($"/api/claims/{mainId}/{parentsInvoice}/files", TestFiles.Upload("ordonnance.pdf", TestFiles.Pdf()))).JsonAsync(HttpStatusCode.Created))[0]!["documentId"].Text();
        // The main affiliate sends for anyone of his family.
        var spouses = (await (await main.PostAsync($"/api/claims/{spouseId}/{spousesInvoice}/files", TestFiles.Upload("facture.png", TestFiles.Png()))).JsonAsync(HttpStatusCode.Created))[0]!["documentId"].Text();

        Assert.Equal([$"This token does not give access to file {parents}."], await (await spouse.GetAsync($"/api/files/{parents}")).ProblemAsync(HttpStatusCode.Forbidden, "documentId"));
        await (await spouse.GetAsync($"/api/claims/{mainId}/{parentsInvoice}/files")).ProblemAsync(HttpStatusCode.Forbidden, "invoiceReference");
        await (await spouse.PostAsync($"/api/claims/{mainId}/{parentsInvoice}/files", TestFiles.Upload("x.png", TestFiles.Png()))).ProblemAsync(HttpStatusCode.Forbidden, "invoiceReference");
        await (await other.GetAsync($"/api/files/{spouses}")).ProblemAsync(HttpStatusCode.Forbidden, "documentId");
        await (await other.GetAsync($"/api/claims/{spouseId}/{spousesInvoice}/files")).ProblemAsync(HttpStatusCode.Forbidden, "invoiceReference");
        Assert.Equal(HttpStatusCode.OK, (await spouse.GetAsync($"/api/files/{spouses}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync($"/api/files/{spouses}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/files/{parents}")).StatusCode);
        await (await staff.GetAsync("/api/files/D-nothing")).ProblemAsync(HttpStatusCode.NotFound, "documentId");
        Assert.Single(await FilesAsync(main, mainId, parentsInvoice));
    }

    public static async Task MemberFilesAsync(HostFixture host)
    {
        var staff = host.CreateClient(TestUser.FrontDesk);
        var (familyId, mainId) = await staff.EnrolledFamilyAsync();
        var childId = await staff.CoAffiliateAsync(familyId, "child", "2012-04-06");
        var main = host.CreateClient(TestUser.Member(familyId, mainId, mainAffiliate: true));
        var path = $"/api/families/{familyId}/members/{childId}/files";

        Assert.Equal(["Say what the file is: school-certificate, proof-of-household, other."],
            await (await main.PostAsync(path, TestFiles.Upload("certificat.pdf", TestFiles.Pdf()))).ProblemAsync(HttpStatusCode.BadRequest, "types"));
        var sent = await (await main.PostAsync(path, TestFiles.Upload("certificat.pdf", TestFiles.Pdf(), "school-certificate"))).JsonAsync(HttpStatusCode.Created);

        var listed = (await staff.GetJsonAsync(path)).AsArray();
        Assert.Equal([("certificat.pdf", "school-certificate", childId, (string?)null)],
            listed.Select(d => (d!["fileName"].Text(), d["type"].Text(), d["memberId"].Text(), d["claimId"]?.GetValue<string>())));
        Assert.Equal(sent[0]!["documentId"].Text(), listed[0]!["documentId"].Text());
        await (await staff.PostJsonAsync($"/api/files/{listed[0]!["documentId"].Text()}/confirmation", new { requiredDocument = "school-certificate" }))
            .ProblemAsync(HttpStatusCode.Conflict, "documentId");
        Assert.Empty((await staff.GetJsonAsync($"/api/families/{familyId}/members/{mainId}/files")).AsArray());
    }

    private static HashSet<string> Folders(string root) => Directory.Exists(root) ? [.. Directory.EnumerateDirectories(root)] : [];

    /// <summary>Sends the first <c>cutAfter</c> bytes of the upload, then fails: a phone that lost its network mid-file.</summary>
    private sealed class CutShortContent : HttpContent
    {
        private readonly HttpContent inner;
        private readonly int cutAfter;

        public CutShortContent(HttpContent inner, int cutAfter)
        {
            (this.inner, this.cutAfter) = (inner, cutAfter);
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = await inner.ReadAsByteArrayAsync();
            await stream.WriteAsync(bytes.AsMemory(0, cutAfter));
            await stream.FlushAsync();
            await Task.Delay(200);
            throw new IOException("The network went away.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
