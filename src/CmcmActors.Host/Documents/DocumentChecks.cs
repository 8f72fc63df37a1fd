using System.Security.Cryptography;
using CmcmActors.Domain.Documents;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace CmcmActors.Host.Documents;

/// <summary>
/// What is done to a received file before it is stored. A photo is decoded and encoded again without its metadata
/// (EXIF with the phone's GPS position, IPTC, XMP; turned upright first, since the rotation is metadata too), after its
/// header showed it within <see cref="DocumentOptions.MaxPhotoMegapixels"/>. A PDF is opened once to refuse a broken
/// or encrypted one and stored as it came. The answer is the stored file's SHA-256 and size, or why it is refused.
/// </summary>
public static class DocumentChecks
{
    public sealed record Checked(string Sha256, long Size, string Path);

    public static async Task<(Checked? File, string? Refusal)> CheckAsync(DocumentFormat format, string path, string fileName, int maxMegapixels,
        CancellationToken cancellationToken)
    {
        if (!DocumentFormats.IsPhoto(format))
        {
            return CheckPdf(path, fileName) is { } refused ? (null, refused) : (await HashAsync(path, cancellationToken), null);
        }

        var cleaned = path + ".clean";
        try
        {
            await using (var input = File.OpenRead(path))
            {
                var info = await Image.IdentifyAsync(input, cancellationToken);
                if (info is null)
                {
                    return (null, $"{fileName} is not a readable image.");
                }

                if ((long)info.Width * info.Height > maxMegapixels * 1_000_000L)
                {
                    return (null, $"{fileName} is {info.Width} × {info.Height} pixels, more than the {maxMegapixels} megapixels accepted.");
                }

                input.Position = 0;
                using var image = await Image.LoadAsync(input, cancellationToken);
                image.Mutate(x => x.AutoOrient());
                image.Metadata.ExifProfile = null;
                image.Metadata.IptcProfile = null;
                image.Metadata.XmpProfile = null;
                await using var output = File.Create(cleaned);
                if (format == DocumentFormat.Jpeg)
                {
                    await image.SaveAsJpegAsync(output, new JpegEncoder { Quality = 90 }, cancellationToken);
                }
                else
                {
                    await image.SaveAsPngAsync(output, cancellationToken);
                }
            }

            File.Move(cleaned, path, overwrite: true);
            return (await HashAsync(path, cancellationToken), null);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or InvalidDataException)
        {
            return (null, $"{fileName} is not a readable image.");
        }
        finally
        {
            File.Delete(cleaned);
        }
    }

    private static string? CheckPdf(string path, string fileName)
    {
        try
        {
            using var document = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = false });
            if (document.IsEncrypted)
            {
                return $"{fileName} is an encrypted PDF: send it without a password.";
            }

            return document.NumberOfPages > 0 ? null : $"{fileName} is a PDF without pages.";
        }
        catch (PdfDocumentEncryptedException)
        {
            return $"{fileName} is an encrypted PDF: send it without a password.";
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // PdfPig reports a broken file through many exception types (format, end of stream, invalid cast...).
            return $"{fileName} is not a readable PDF.";
        }
    }

    private static async Task<Checked> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        return new Checked(hash, file.Length, path);
    }
}
