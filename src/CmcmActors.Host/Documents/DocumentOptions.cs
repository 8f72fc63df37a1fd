using CmcmActors.Domain.Documents;
using Microsoft.Extensions.Options;

namespace CmcmActors.Host.Documents;

/// <summary>Section "Cmcm:Documents": the limits of the files members and staff send, checked at start-up.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Cmcm:Documents";

    /// <summary>Largest file accepted, in bytes (default 10 MB).</summary>
    public long MaxFileBytes { get; set; } = DocumentLimits.Default.MaxFileBytes;

    /// <summary>Most files a claim may hold, and a member without a claim (default 20).</summary>
    public int MaxFilesPerClaim { get; set; } = DocumentLimits.Default.MaxFilesPerClaim;

    /// <summary>
    /// Largest photo decoded, in megapixels (default 50: a 8,160 × 6,120 phone photo). Read from the file's header before
    /// it is decoded, so that a small file announcing a huge image (a "decompression bomb") never reaches the decoder.
    /// </summary>
    public int MaxPhotoMegapixels { get; set; } = 50;

    /// <summary>Where an upload is written while it is checked (default: the system's temporary folder); emptied as each request ends.</summary>
    public string? TemporaryDirectory { get; set; }

    public DocumentLimits Limits => new(MaxFileBytes, MaxFilesPerClaim);

    /// <summary>The most a request may carry: every file a claim may hold at the largest size, and room for the multipart framing.</summary>
    public long MaxRequestBytes => (MaxFileBytes * MaxFilesPerClaim) + (1024 * 1024);

    public string TemporaryPath => string.IsNullOrWhiteSpace(TemporaryDirectory) ? Path.Combine(Path.GetTempPath(), "cmcm-uploads") : TemporaryDirectory;
}

public sealed class DocumentOptionsValidator : IValidateOptions<DocumentOptions>
{
    public ValidateOptionsResult Validate(string? name, DocumentOptions options)
    {
        var errors = new List<string>();
        if (options.MaxFileBytes is < 1024 or > 100L * 1024 * 1024)
        {
            errors.Add($"{DocumentOptions.Section}:MaxFileBytes must be between 1 KB and 100 MB.");
        }

        if (options.MaxFilesPerClaim is < 1 or > 200)
        {
            errors.Add($"{DocumentOptions.Section}:MaxFilesPerClaim must be between 1 and 200.");
        }

        if (options.MaxPhotoMegapixels is < 1 or > 200)
        {
            errors.Add($"{DocumentOptions.Section}:MaxPhotoMegapixels must be between 1 and 200.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
