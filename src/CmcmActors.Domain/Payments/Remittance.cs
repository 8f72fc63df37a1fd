using System.Text;

namespace CmcmActors.Domain.Payments;

/// <summary>The remittance information of a transfer: the claim references it pays, within the 140 characters SEPA allows.</summary>
public static class Remittance
{
    public const int MaxLength = 140;

    /// <summary>
    /// "CMCM INV-1 INV-2 ..." with as many invoice references (ordinal order) as fit, then "+N" for those left out, so the
    /// text never passes <see cref="MaxLength"/>; the run's report lists all of them.
    /// </summary>
    public static string For(IEnumerable<string> invoiceReferences)
    {
        var references = invoiceReferences.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var text = new StringBuilder("CMCM");
        for (var i = 0; i < references.Length; i++)
        {
            var left = references.Length - i - 1;
            var suffix = left == 0 ? "" : $" +{left}";
            if (text.Length + 1 + references[i].Length + suffix.Length > MaxLength)
            {
                var more = $" +{references.Length - i}";
                return text.Length + more.Length <= MaxLength ? text + more : text.ToString();
            }

            text.Append(' ').Append(references[i]);
        }

        return text.ToString();
    }
}
