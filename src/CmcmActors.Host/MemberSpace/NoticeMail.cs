using CmcmActors.Contracts.Claims;
using MimeKit;

namespace CmcmActors.Host.MemberSpace;

/// <summary>
/// The words of an e-mail notice, in the member's language. What it says, by choice: that a claim (by its invoice
/// reference, which the member gave) has a decision, in the word the page uses for its status, and where to read it.
/// It carries no health detail: no benefit, no care, no amount, no name, since an e-mail crosses servers the CMCM does
/// not control.
/// </summary>
public static class NoticeMail
{
    /// <summary>The statuses a notice is sent for: a decision (first, after a person looked at it, or re-decided) and a reversal.</summary>
    public static bool IsNoticed(ClaimStatus status) =>
        status is ClaimStatus.Approved or ClaimStatus.PartiallyApproved or ClaimStatus.Refused or ClaimStatus.Reversed;

    public static MimeMessage Compose(PageWords words, string language, string from, string to, string invoiceReference, ClaimStatus status, string pageUrl)
    {
        var statusWords = words.T(language, "status." + char.ToLowerInvariant(status.ToString()[0]) + status.ToString()[1..]);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = words.T(language, "notice.mailSubject", ("invoice", invoiceReference));
        var body = new TextPart("plain")
        {
            Text = words.T(language, "notice.mailBody", ("invoice", invoiceReference), ("status", statusWords), ("link", pageUrl)),
        };
        body.Headers.Add(HeaderId.ContentLanguage, language);
        message.Body = body;
        return message;
    }
}
