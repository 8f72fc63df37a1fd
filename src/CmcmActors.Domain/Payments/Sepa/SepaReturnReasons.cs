using System.Collections.Frozen;

namespace CmcmActors.Domain.Payments.Sepa;

/// <summary>
/// The ISO 20022 status reason codes a bank gives when it rejects or returns a SEPA credit transfer
/// (<c>StsRsnInf/Rsn/Cd</c>), in plain words for a finance officer, a clerk or a member, in French, German or English.
/// </summary>
public static class SepaReturnReasons
{
    private sealed record Words(string En, string Fr, string De);

    private static readonly FrozenDictionary<string, Words> Reasons = new Dictionary<string, Words>(StringComparer.Ordinal)
    {
        ["AC01"] = new("Account number incorrect", "Numéro de compte incorrect", "Kontonummer fehlerhaft"),
        ["AC03"] = new("Creditor account number invalid", "Numéro de compte du bénéficiaire invalide", "Kontonummer des Empfängers ungültig"),
        ["AC04"] = new("Account closed", "Compte clôturé", "Konto aufgelöst"),
        ["AC06"] = new("Account blocked", "Compte bloqué", "Konto gesperrt"),
        ["AG01"] = new("Transfers to this account are not allowed", "Opération interdite sur ce compte", "Transaktion auf diesem Konto nicht erlaubt"),
        ["AG02"] = new("Invalid operation code", "Code d'opération invalide", "Ungültiger Geschäftsvorfallcode"),
        ["AM04"] = new("Insufficient funds", "Provision insuffisante", "Deckung unzureichend"),
        ["AM05"] = new("Duplicate payment", "Paiement en double", "Doppelte Zahlung"),
        ["BE01"] = new("Account holder's name does not match the account", "Le nom ne correspond pas au titulaire du compte", "Name stimmt nicht mit dem Kontoinhaber überein"),
        ["BE04"] = new("Creditor address missing", "Adresse du bénéficiaire manquante", "Adresse des Empfängers fehlt"),
        ["CNOR"] = new("Creditor's bank cannot be reached by SEPA", "Banque du bénéficiaire non joignable en SEPA", "Bank des Empfängers per SEPA nicht erreichbar"),
        ["CUST"] = new("Refused by the account holder", "Refusé par le titulaire du compte", "Vom Kontoinhaber abgelehnt"),
        ["DNOR"] = new("Debtor's bank cannot be reached by SEPA", "Banque du donneur d'ordre non joignable en SEPA", "Bank des Auftraggebers per SEPA nicht erreichbar"),
        ["DUPL"] = new("Duplicate payment", "Paiement en double", "Doppelte Zahlung"),
        ["ED05"] = new("Settlement failed", "Échec du règlement", "Abwicklung fehlgeschlagen"),
        ["FF01"] = new("Invalid file format", "Format de fichier invalide", "Ungültiges Dateiformat"),
        ["FOCR"] = new("Returned after a cancellation request", "Retourné suite à une demande d'annulation", "Rückgabe nach Stornierungsanfrage"),
        ["MD07"] = new("Account holder deceased", "Titulaire du compte décédé", "Kontoinhaber verstorben"),
        ["MS02"] = new("Refused by the account holder, no reason given", "Refusé par le titulaire, sans motif", "Vom Kontoinhaber ohne Angabe von Gründen abgelehnt"),
        ["MS03"] = new("Refused by the bank, no reason given", "Refusé par la banque, sans motif", "Von der Bank ohne Angabe von Gründen abgelehnt"),
        ["RC01"] = new("Bank identifier (BIC) incorrect", "Code BIC incorrect", "BIC fehlerhaft"),
        ["RR01"] = new("Debtor account or identification missing (regulatory)", "Compte ou identification du donneur d'ordre manquant (réglementaire)", "Konto oder Identifikation des Auftraggebers fehlt (regulatorisch)"),
        ["RR02"] = new("Debtor name or address missing (regulatory)", "Nom ou adresse du donneur d'ordre manquant (réglementaire)", "Name oder Adresse des Auftraggebers fehlt (regulatorisch)"),
        ["RR03"] = new("Creditor name or address missing (regulatory)", "Nom ou adresse du bénéficiaire manquant (réglementaire)", "Name oder Adresse des Empfängers fehlt (regulatorisch)"),
        ["RR04"] = new("Regulatory reason", "Motif réglementaire", "Regulatorischer Grund"),
        ["TM01"] = new("Received after the bank's cut-off time", "Reçu après l'heure limite de la banque", "Nach Annahmeschluss der Bank eingegangen"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="code"/> is one of the codes described here.</summary>
    public static bool IsKnown(string? code) => code is not null && Reasons.ContainsKey(code);

    /// <summary>
    /// <paramref name="code"/> in plain words in <paramref name="language"/> (<c>fr</c>, <c>de</c>, anything else: English).
    /// A code not described here is shown as "Bank reason XXXX" so that nothing the bank said is lost; no code at all
    /// reads "Rejected by the bank, no reason given".
    /// </summary>
    public static string Describe(string? code, string language = "en")
    {
        var lang = language?.ToLowerInvariant() ?? "en";
        if (string.IsNullOrWhiteSpace(code))
        {
            return lang switch
            {
                "fr" => "Rejeté par la banque, sans motif",
                "de" => "Von der Bank abgelehnt, ohne Grund",
                _ => "Rejected by the bank, no reason given",
            };
        }

        if (Reasons.TryGetValue(code.Trim().ToUpperInvariant(), out var words))
        {
            return lang switch { "fr" => words.Fr, "de" => words.De, _ => words.En };
        }

        return lang switch
        {
            "fr" => $"Motif bancaire {code}",
            "de" => $"Bankgrund {code}",
            _ => $"Bank reason {code}",
        };
    }
}
