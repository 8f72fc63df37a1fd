namespace CmcmActors.Domain.Documents;

/// <summary>
/// How much a claim may carry: at most <see cref="MaxFileBytes"/> per file and <see cref="MaxFilesPerClaim"/> files per
/// claim (the same number of files without a claim per member). A file already held by the claim (the same bytes sent
/// again, a retried upload) is not counted twice.
/// </summary>
public sealed record DocumentLimits(long MaxFileBytes, int MaxFilesPerClaim)
{
    public static readonly DocumentLimits Default = new(10L * 1024 * 1024, 20);

    /// <summary>Whether <paramref name="adding"/> new files fit beside the <paramref name="held"/> ones.</summary>
    public bool Fits(int held, int adding) => held + adding <= MaxFilesPerClaim;

    public bool FileFits(long bytes) => bytes <= MaxFileBytes;

    /// <summary>"10 MB" for 10,485,760 bytes: how a refusal names the limit.</summary>
    public string DescribeFileLimit() => MaxFileBytes % (1024 * 1024) == 0 ? $"{MaxFileBytes / (1024 * 1024)} MB" : $"{MaxFileBytes / 1024} KB";
}
