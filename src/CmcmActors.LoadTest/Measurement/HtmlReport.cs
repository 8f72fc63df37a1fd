using System.Globalization;
using System.Net;
using System.Text;

namespace CmcmActors.LoadTest.Measurement;

/// <summary>A self-contained HTML report (inline SVG, no external assets): latency histograms and throughput over time.</summary>
public static class HtmlReport
{
    public sealed record Figure(string Label, string Value);

    public static string Render(string title, IReadOnlyList<Figure> figures, IReadOnlyList<double> decisionMs, IReadOnlyList<double>? pushMs,
        IReadOnlyList<ThroughputPoint> throughput, IReadOnlyDictionary<string, int> errors, IReadOnlyList<string> violations)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:960px}table{border-collapse:collapse}td,th{padding:.2rem .8rem;border-bottom:1px solid #ddd;text-align:left}")
            .Append("svg{background:#fafafa;border:1px solid #ddd;margin:.5rem 0}text{font-size:11px;fill:#444}.bad{color:#b00}</style></head><body>")
            .Append("<h1>").Append(E(title)).Append("</h1><table>");
        foreach (var f in figures)
        {
            html.Append("<tr><th>").Append(E(f.Label)).Append("</th><td>").Append(E(f.Value)).Append("</td></tr>");
        }

        html.Append("</table>");
        html.Append("<h2>Decision latency (ms)</h2>").Append(Histogram(decisionMs, "#3b6ea8"));
        if (pushMs is not null)
        {
            html.Append("<h2>Push latency (ms): HTTP answer → claimStatusChanged</h2>").Append(Histogram(pushMs, "#5a9e4b"));
        }

        html.Append("<h2>Throughput (claims answered per second)</h2>").Append(Throughput(throughput));
        html.Append("<h2>Errors by kind</h2>");
        if (errors.Count == 0)
        {
            html.Append("<p>none</p>");
        }
        else
        {
            html.Append("<table>");
            foreach (var (kind, count) in errors.OrderByDescending(e => e.Value))
            {
                html.Append("<tr><td>").Append(E(kind)).Append("</td><td>").Append(count).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        if (violations.Count > 0)
        {
            html.Append("<h2 class=\"bad\">Audit violations</h2><ul>");
            foreach (var v in violations.Take(200))
            {
                html.Append("<li>").Append(E(v)).Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("</body></html>").ToString();
    }

    private const int Width = 900, Height = 240, Left = 50, Bottom = 30, Top = 10;

    private static string Histogram(IReadOnlyList<double> values, string colour)
    {
        if (values.Count == 0)
        {
            return "<p>no samples</p>";
        }

        var sorted = values.Order().ToArray();
        // Up to the 99.5th percentile; the rest goes into the last bucket so one outlier does not flatten the chart.
        var max = Math.Max(1, sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.995))]);
        const int buckets = 60;
        var counts = new int[buckets];
        foreach (var v in sorted)
        {
            counts[Math.Min(buckets - 1, (int)(v / max * buckets))]++;
        }

        var highest = counts.Max();
        var plotW = Width - Left - 10;
        var plotH = Height - Bottom - Top;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\">");
        var barW = (double)plotW / buckets;
        for (var i = 0; i < buckets; i++)
        {
            var h = (double)counts[i] / highest * plotH;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + i * barW:0.0}\" y=\"{Top + plotH - h:0.0}\" width=\"{barW - 1:0.0}\" height=\"{h:0.0}\" fill=\"{colour}\"><title>{i * max / buckets:0.0}–{(i + 1) * max / buckets:0.0} ms: {counts[i]}</title></rect>");
        }

        Axes(svg, plotW, plotH, $"{highest}");
        for (var t = 0; t <= 5; t++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + t * plotW / 5.0:0}\" y=\"{Height - 12}\" text-anchor=\"middle\">{t * max / 5:0.#}{(t == 5 ? "+ ms" : "")}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Throughput(IReadOnlyList<ThroughputPoint> points)
    {
        if (points.Count == 0)
        {
            return "<p>no samples</p>";
        }

        var last = Math.Max(1, points.Max(p => p.Second));
        var highest = Math.Max(1, points.Max(p => p.Claims));
        var plotW = Width - Left - 10;
        var plotH = Height - Bottom - Top;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\">");
        var path = string.Join(" ", points.OrderBy(p => p.Second).Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{Left + (double)p.Second / last * plotW:0.0},{Top + plotH - (double)p.Claims / highest * plotH:0.0}")));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"#a8563b\" stroke-width=\"2\"/>");
        foreach (var p in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Left + (double)p.Second / last * plotW:0.0}\" cy=\"{Top + plotH - (double)p.Claims / highest * plotH:0.0}\" r=\"2.5\" fill=\"#a8563b\"><title>second {p.Second}: {p.Claims} claims</title></circle>");
        }

        Axes(svg, plotW, plotH, $"{highest}/s");
        for (var t = 0; t <= 5; t++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + t * plotW / 5.0:0}\" y=\"{Height - 12}\" text-anchor=\"middle\">{t * last / 5.0:0.#} s</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Axes(StringBuilder svg, int plotW, int plotH, string top)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{Left + plotW}\" y2=\"{Top + plotH}\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotH}\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + 10}\" text-anchor=\"end\">{E(top)}</text><text x=\"{Left - 4}\" y=\"{Top + plotH}\" text-anchor=\"end\">0</text>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
