using System.Net.Http.Headers;
using PdfSharp.Pdf;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace CmcmActors.Host.Tests.Documents;

/// <summary>Files as a phone or a scanner makes them: a photo with its GPS position, a PNG, PDFs sound, broken and encrypted.</summary>
public static class TestFiles
{
    /// <summary>A JPEG of <paramref name="width"/> × <paramref name="height"/> carrying EXIF with a GPS position (Luxembourg) and the camera's make.</summary>
    public static byte[] PhotoWithGps(int width = 64, int height = 48, byte shade = 120)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(shade, 90, 60));
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(49, 1), new Rational(36, 1), new Rational(42, 1)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(6, 1), new Rational(7, 1), new Rational(48, 1)]);
        exif.SetValue(ExifTag.Make, "PhoneMaker");
        image.Metadata.ExifProfile = exif;
        using var output = new MemoryStream();
        image.SaveAsJpeg(output);
        return output.ToArray();
    }

    /// <summary>A photo of random pixels (which JPEG cannot shrink), at quality 100: about 6.6 bytes a pixel.</summary>
    public static byte[] NoisePhoto(int width, int height, int seed = 7)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 100 });
        return output.ToArray();
    }

    public static byte[] Png(byte shade = 200)
    {
        using var image = new Image<Rgb24>(32, 32, new Rgb24(shade, shade, 255));
        using var output = new MemoryStream();
        image.SaveAsPng(output);
        return output.ToArray();
    }

    public static byte[] Pdf(int pages = 1, string? userPassword = null)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            document.AddPage();
        }

        if (userPassword is not null)
        {
            document.SecuritySettings.UserPassword = userPassword;
            document.SecuritySettings.OwnerPassword = userPassword + "-owner";
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>A PDF's header and its first half: what a download cut short leaves.</summary>
    public static byte[] BrokenPdf()
    {
        var whole = Pdf();
        return whole[..(whole.Length / 2)];
    }

    /// <summary>An upload: each file as a part named files (with its name), then the types.</summary>
    public static MultipartFormDataContent Upload(IEnumerable<(string Name, byte[] Bytes)> files, params string[] types)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", name);
        }

        foreach (var type in types)
        {
            content.Add(new StringContent(type), "types");
        }

        return content;
    }

    public static MultipartFormDataContent Upload(string name, byte[] bytes, params string[] types) => Upload([(name, bytes)], types);
}
