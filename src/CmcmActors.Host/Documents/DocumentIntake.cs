using CmcmActors.Domain.Documents;
using CmcmActors.Host.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CmcmActors.Host.Documents;

/// <summary>
/// Reads an upload: a <c>multipart/form-data</c> body of file parts named <c>files</c> and text parts named
/// <c>types</c> (one type for every file, or one per file in the same order). Each file is streamed to a temporary file
/// of its own as it arrives (never held whole in memory), its format read from its first bytes, then checked
/// (<see cref="DocumentChecks"/>). Every refusal names the file (<c>files[1]</c>: "scan.heic is not a JPEG, PNG or
/// PDF file."); a refused or interrupted upload deletes its temporary files before the request ends.
/// </summary>
public sealed class DocumentIntake(IOptions<DocumentOptions> settings)
{
    public const string FilesField = "files";
    public const string TypesField = "types";
    private const int MaxTypeLength = 64;

    public async Task<(DocumentUpload? Upload, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, bool forClaim, CancellationToken cancellationToken)
    {
        var options = settings.Value;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return (null, ApiProblems.UnsupportedMediaType("The body must be multipart/form-data: file parts named files, and text parts named types."));
        }

        if (request.ContentLength > options.MaxRequestBytes)
        {
            return (null, TooLarge(options));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBytes;
        }

        var upload = new DocumentUpload(Path.Combine(options.TemporaryPath, Guid.NewGuid().ToString("N")));
        try
        {
            var (received, types, errors) = await ReceiveAsync(request.Body, boundary, upload.Directory, options, cancellationToken);
            var documents = errors.Any ? [] : await CheckAsync(received, types, forClaim, options, errors, cancellationToken);
            if (errors.Any)
            {
                await upload.DisposeAsync();
                return (null, ApiProblems.Validation(errors));
            }

            upload.Documents.AddRange(documents);
            return (upload, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await upload.DisposeAsync();
            return (null, TooLarge(options));
        }
        catch (InvalidDataException e)
        {
            // A malformed multipart body (a missing boundary, headers over the limit).
            await upload.DisposeAsync();
            return (null, ApiProblems.Invalid("body", "The multipart body is malformed: " + e.Message));
        }
        catch
        {
            // The client went away mid-upload, or the host is stopping: nothing of it stays.
            await upload.DisposeAsync();
            throw;
        }
    }

    private static ProblemHttpResult TooLarge(DocumentOptions options) =>
        ApiProblems.Invalid("body", $"An upload carries at most {options.MaxFilesPerClaim} files of {options.Limits.DescribeFileLimit()}.");

    private sealed record Received(string FileName, string Path, long Size, DocumentFormat? Format);

    private static async Task<(List<Received> Files, List<string> Types, FieldErrors Errors)> ReceiveAsync(
        Stream body, string boundary, string directory, DocumentOptions options, CancellationToken cancellationToken)
    {
        var files = new List<Received>();
        var types = new List<string>();
        var errors = new FieldErrors();
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };
        Directory.CreateDirectory(directory);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || !disposition.Name.HasValue)
            {
                errors.Add("body", "Every part needs Content-Disposition: form-data with a name.");
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (disposition.IsFileDisposition() && name == FilesField)
            {
                var index = files.Count;
                var fileName = FileNameOf(disposition, index);
                var path = Path.Combine(directory, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var (size, head) = await CopyBoundedAsync(section.Body, path, options.MaxFileBytes, cancellationToken);
                files.Add(new Received(fileName, path, size, DocumentFormats.Detect(head)));
            }
            else if (!disposition.IsFileDisposition() && name == TypesField)
            {
                var text = await new StreamReader(section.Body).ReadToEndAsync(cancellationToken);
                types.Add(text.Length > MaxTypeLength ? text[..MaxTypeLength] : text.Trim());
            }
            else
            {
                errors.Add(name ?? "body", $"Unknown part '{name}': send file parts named {FilesField} and text parts named {TypesField}.");
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            }
        }

        return (files, types, errors);
    }

    /// <summary>Writes the part to <paramref name="path"/> while it fits the limit; past it, reads on without keeping anything. Answers the size and the first bytes.</summary>
    private static async Task<(long Size, byte[] Head)> CopyBoundedAsync(Stream source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var head = new List<byte>(DocumentFormats.HeadLength);
        long size = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                for (var i = 0; i < read && head.Count < DocumentFormats.HeadLength; i++)
                {
                    head.Add(buffer[i]);
                }

                size += read;
                if (size <= maxBytes)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
        }

        if (size > maxBytes)
        {
            File.Delete(path);
        }

        return (size, [.. head]);
    }

    private static async Task<List<NewDocument>> CheckAsync(List<Received> files, List<string> types, bool forClaim, DocumentOptions options, FieldErrors errors,
        CancellationToken cancellationToken)
    {
        var allowed = forClaim ? DocumentTypes.OfClaim : DocumentTypes.OfMember;
        if (files.Count == 0)
        {
            errors.Add(FilesField, $"Send at least one file: a part named {FilesField}.");
        }
        else if (files.Count > options.MaxFilesPerClaim)
        {
            errors.Add(FilesField, $"{files.Count} files sent; at most {options.MaxFilesPerClaim} are accepted.");
        }

        if (types.Count == 0 && !forClaim)
        {
            errors.Add(TypesField, $"Say what the file is: {string.Join(", ", allowed)}.");
        }
        else if (types.Count > 1 && types.Count != files.Count)
        {
            errors.Add(TypesField, $"{types.Count} types for {files.Count} files: send one type for all, or one per file.");
        }

        for (var i = 0; i < types.Count; i++)
        {
            if (!DocumentTypes.IsValid(types[i], forClaim))
            {
                errors.Add($"{TypesField}[{i}]", $"'{types[i]}' is not a type of file here; one of: {string.Join(", ", allowed)}.");
            }
        }

        var documents = new List<NewDocument>(files.Count);
        for (var i = 0; i < files.Count && !errors.Any; i++)
        {
            var file = files[i];
            var field = $"{FilesField}[{i}]";
            if (!options.Limits.FileFits(file.Size))
            {
                errors.Add(field, $"{file.FileName} is larger than the {options.Limits.DescribeFileLimit()} accepted per file.");
            }
            else if (file.Format is not { } format)
            {
                errors.Add(field, file.Size == 0 ? $"{file.FileName} is empty." : $"{file.FileName} is not a JPEG, PNG or PDF file.");
            }
            else
            {
                var (checkedFile, refusal) = await DocumentChecks.CheckAsync(format, file.Path, file.FileName, options.MaxPhotoMegapixels, cancellationToken);
                if (refusal is not null)
                {
                    errors.Add(field, refusal);
                }
                else
                {
                    var type = types.Count == 0 ? DocumentTypes.Other : types[types.Count == 1 ? 0 : i];
                    documents.Add(new NewDocument(checkedFile!.Sha256, type, file.FileName, DocumentFormats.ContentType(format), checkedFile.Size, checkedFile.Path));
                }
            }
        }

        return documents;
    }

    /// <summary>The name the sender gave the file, without a path or control characters, at most 200 characters.</summary>
    private static string FileNameOf(ContentDispositionHeaderValue disposition, int index)
    {
        var raw = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
        var name = new string([.. Path.GetFileName(raw.Replace('\\', '/')).Where(c => !char.IsControl(c))]).Trim();
        if (name.Length == 0)
        {
            name = $"file {index + 1}";
        }

        return name.Length > 200 ? name[..200] : name;
    }
}

/// <summary>An upload's checked files, in a temporary folder of its own that disposing deletes.</summary>
public sealed class DocumentUpload(string directory) : IAsyncDisposable
{
    public string Directory { get; } = directory;

    public List<NewDocument> Documents { get; } = [];

    public ValueTask DisposeAsync()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open on a failing disk: the next start-up sweep removes it (LeftoverUploadSweep).
        }

        return ValueTask.CompletedTask;
    }
}
