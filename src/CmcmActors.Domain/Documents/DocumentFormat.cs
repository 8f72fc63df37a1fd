namespace CmcmActors.Domain.Documents;

/// <summary>The file formats a member may send: a photo (JPEG or PNG) or a PDF. Nothing else is stored.</summary>
public enum DocumentFormat
{
    Jpeg,
    Png,
    Pdf,
}

/// <summary>
/// A file's format read from its first bytes (its "magic number"), never from its name or the content type the client
/// claims: a file named invoice.pdf that is an executable is refused.
/// </summary>
public static class DocumentFormats
{
    /// <summary>Bytes of the head <see cref="Detect"/> needs.</summary>
    public const int HeadLength = 8;

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Pdf => "%PDF-"u8;

    /// <summary>The format the head of a file shows, or null for any other file (an empty one included).</summary>
    public static DocumentFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return DocumentFormat.Jpeg;
        }

        if (head.StartsWith(Png))
        {
            return DocumentFormat.Png;
        }

        return head.StartsWith(Pdf) ? DocumentFormat.Pdf : null;
    }

    /// <summary>The content type the file is served with: decided by its format, never by what the client sent.</summary>
    public static string ContentType(DocumentFormat format) => format switch
    {
        DocumentFormat.Jpeg => "image/jpeg",
        DocumentFormat.Png => "image/png",
        _ => "application/pdf",
    };

    public static bool IsPhoto(DocumentFormat format) => format is DocumentFormat.Jpeg or DocumentFormat.Png;
}
