using CmcmActors.Domain.Claims;
using CmcmActors.Domain.People;
using CmcmActors.Domain.Statements;

namespace CmcmActors.Host.MemberSpace;

/// <summary>Whom a statement is for: the member's ids and, when recorded, names and national number.</summary>
public sealed record StatementHolder(string FamilyId, string MemberId, Person? Person);

/// <summary>The claim a statement is about, with the figures of its decision.</summary>
public sealed record StatementClaim(string InvoiceReference, DateOnly ReceivedOn, DateOnly DecidedOn, ClaimState State, ClaimStatement Figures);

/// <summary>
/// The statement of a decided claim and the yearly tax certificate as PDFs, in the member's language, worded from the
/// pages' words (<see cref="PageWords"/>: the same keys the member page words a decision with) and formatted as the
/// pages format (<see cref="PageWords.Money"/>, <see cref="PageWords.Date"/>).
/// </summary>
public sealed class StatementDocuments(PageWords words)
{
    /// <param name="benefitTitle">The catalogue's (English) title of a benefit on a date of care, used where the pages have no translation.</param>
    public byte[] Claim(string language, StatementHolder holder, StatementClaim claim, Func<string, DateOnly, string?> benefitTitle, DateOnly issuedOn)
    {
        string T(string key, params (string, string)[] arguments) => words.T(language, key, arguments);
        string M(Domain.Money.Money amount) => PageWords.Money(language, amount);

        using var pdf = new PdfWriter(T("statement.claimTitle"));
        Head(pdf, language, holder);
        pdf.Title(T("statement.claimTitle"));
        pdf.Paragraph(T("statement.claimFacts", ("invoice", claim.InvoiceReference), ("received", PageWords.Date(claim.ReceivedOn)), ("decided", PageWords.Date(claim.DecidedOn))));
        pdf.Paragraph(T("statement.outcome", ("status", T($"status.{Camel(claim.State.ToString())}"))), bold: true);
        pdf.Rule();

        var figures = claim.Figures;
        foreach (var line in figures.Lines)
        {
            var title = words.Has(language, $"benefit.{line.BenefitCode}") ? T($"benefit.{line.BenefitCode}") : benefitTitle(line.BenefitCode, line.DateOfCare) ?? line.BenefitCode;
            pdf.Paragraph(T("statement.line", ("n", line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("benefit", title), ("code", line.BenefitCode), ("date", PageWords.Date(line.DateOfCare))), bold: true);
            pdf.Row(T("statement.invoiced"), M(line.Invoiced), indent: 12);
            pdf.Row(T("statement.statutory"), M(line.StatutoryReimbursement), indent: 12);
            pdf.Row(T("statement.uncovered"), M(line.Uncovered), indent: 12);
            foreach (var payment in line.Payments)
            {
                var label = T("statement.tierPays", ("tier", T($"tier.{payment.Tier}")));
                pdf.Row(payment.CapLimited ? $"{label} {T("statement.capLimited")}" : label, M(payment.Paid), indent: 24);
            }

            foreach (var reason in line.Reasons)
            {
                var why = ReasonWords(language, reason);
                pdf.Paragraph(reason.Tier is { } tier ? T("statement.tierWhy", ("tier", T($"tier.{tier}")), ("reason", why)) : T("statement.why", ("reason", why)), indent: 24);
            }

            pdf.Row(T("statement.cmcmPaid"), M(line.PaidByCmcm), bold: true, indent: 12);
            pdf.Row(T("statement.memberRemains"), M(line.MemberRemains), indent: 12);
            pdf.Space();
        }

        pdf.Rule();
        pdf.Paragraph(T("statement.totals"), bold: true);
        pdf.Row(T("statement.invoiced"), M(figures.Invoiced));
        pdf.Row(T("statement.statutory"), M(figures.StatutoryReimbursement));
        foreach (var share in figures.PaidByTier)
        {
            pdf.Row(T("statement.tierPays", ("tier", T($"tier.{share.Tier}"))), M(share.Paid), indent: 12);
        }

        pdf.Row(T("statement.cmcmPaid"), M(figures.PaidByCmcm), bold: true);
        pdf.Row(T("statement.memberRemains"), M(figures.MemberRemains), bold: true);
        pdf.Space(16);
        pdf.Paragraph(T("statement.issuedOn", ("date", PageWords.Date(issuedOn))));
        return pdf.ToBytes();
    }

    public byte[] TaxCertificate(string language, StatementHolder holder, TaxCertificate certificate, DateOnly issuedOn)
    {
        string T(string key, params (string, string)[] arguments) => words.T(language, key, arguments);
        var year = certificate.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var pdf = new PdfWriter(T("statement.taxTitle", ("year", year)));
        Head(pdf, language, holder);
        pdf.Title(T("statement.taxTitle", ("year", year)));
        pdf.Paragraph(T("statement.taxIntro", ("year", year), ("name", Name(language, holder))));
        pdf.Rule();
        if (certificate.Claims.Count == 0)
        {
            pdf.Paragraph(T("statement.taxNone", ("year", year)));
        }

        foreach (var claim in certificate.Claims)
        {
            pdf.Row(T("statement.taxClaim", ("invoice", claim.InvoiceReference), ("care", PageWords.Date(claim.FirstDateOfCare)), ("paid", PageWords.Date(claim.PaidOn))),
                PageWords.Money(language, claim.Paid));
        }

        pdf.Rule();
        pdf.Row(T("statement.taxTotal", ("year", year)), PageWords.Money(language, certificate.Total), bold: true);
        pdf.Space(16);
        pdf.Paragraph(T("statement.issuedOn", ("date", PageWords.Date(issuedOn))));
        return pdf.ToBytes();
    }

    private void Head(PdfWriter pdf, string language, StatementHolder holder)
    {
        pdf.Paragraph(words.T(language, "statement.issuer"), bold: true);
        pdf.Paragraph(words.T(language, "statement.issuerPlace"));
        pdf.Space();
        pdf.Paragraph(words.T(language, "statement.holder", ("name", Name(language, holder)), ("member", holder.MemberId), ("family", holder.FamilyId)));
        if (holder.Person?.NationalNumber is { } number)
        {
            pdf.Paragraph(words.T(language, "statement.nationalNumber", ("number", number)));
        }

        pdf.Space();
    }

    private string Name(string language, StatementHolder holder) =>
        holder.Person is { } person && person.FullName.Length > 0 ? person.FullName : words.T(language, "statement.noName");

    /// <summary>A reason as the pages word it (decision.js reasonWords): the reason's sentence with its date and items.</summary>
    private string ReasonWords(string language, StatementReason reason)
    {
        var items = string.Join(", ", reason.Items.Select(item => ItemWords(language, item)));
        return words.T(language, $"reason.{Camel(reason.Reason.ToString())}",
            ("date", reason.FirstCoveredDate is { } d ? PageWords.Date(d) : ""), ("items", items));
    }

    private string ItemWords(string language, string item)
    {
        foreach (var prefix in (string[])["document", "need", "circumstance"])
        {
            if (words.Has(language, $"{prefix}.{item}"))
            {
                return words.T(language, $"{prefix}.{item}");
            }
        }

        return item;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
