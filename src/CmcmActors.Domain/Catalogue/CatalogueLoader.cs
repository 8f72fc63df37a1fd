using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CmcmActors.Domain.Affiliation;
using CmcmActors.Domain.Routing;

namespace CmcmActors.Domain.Catalogue;

/// <summary>
/// Reads a catalogue edition from JSON and validates it whole: a mistake is a <see cref="CatalogueException"/> that
/// names the entry (for example <c>benefits[12] (RC.ALTMED): caps[0].amount is negative</c>).
/// </summary>
public static class CatalogueLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static CatalogueEdition LoadFile(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), Path.GetFileName(path));
        }
        catch (IOException e)
        {
            throw new CatalogueException($"{path}: {e.Message}");
        }
    }

    public static IEnumerable<CatalogueEdition> LoadBuiltInEditions()
    {
        var assembly = typeof(CatalogueLoader).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("catalogue/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return Parse(reader.ReadToEnd(), name);
        }
    }

    public static CatalogueEdition Parse(string json, string source)
    {
        CatalogueFile file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogueFile>(json, Options) ?? throw new CatalogueException($"{source}: the file is empty.", ["the file is empty"]);
        }
        catch (JsonException e)
        {
            var error = $"malformed JSON at {e.Path} (line {e.LineNumber + 1}): {e.Message}";
            throw new CatalogueException($"{source}: {error}", [error]);
        }

        return new Validator(source).Build(file);
    }

    private sealed class Validator(string source)
    {
        private readonly List<string> _errors = [];

        public CatalogueEdition Build(CatalogueFile file)
        {
            if (string.IsNullOrWhiteSpace(file.Edition))
            {
                Error("edition is missing");
            }
            else if (EditionName.Problem(file.Edition) is { } problem)
            {
                Error($"edition {problem}");
            }

            if (!DateOnly.TryParseExact(file.EffectiveFrom ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effectiveFrom))
            {
                Error($"effectiveFrom '{file.EffectiveFrom}' is not a date (yyyy-MM-dd)");
            }

            var groups = new Dictionary<string, CapDefinition>(StringComparer.Ordinal);
            foreach (var (group, i) in (file.Groups ?? []).Select((g, i) => (g, i)))
            {
                var place = $"groups[{i}] ({group.Id})";
                if (string.IsNullOrWhiteSpace(group.Id))
                {
                    Error($"groups[{i}]: id is missing");
                    continue;
                }

                var cap = BuildCap(group, place, group.Id);
                if (cap is null)
                {
                    continue;
                }

                if (cap.Period == CapPeriod.Unit)
                {
                    Error($"{place}: a group cap cannot be per unit");
                }

                if (!groups.TryAdd(group.Id, cap))
                {
                    Error($"{place}: duplicate group id");
                }
            }

            var benefits = new List<Benefit>();
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (entry, i) in (file.Benefits ?? []).Select((b, i) => (b, i)))
            {
                var place = $"benefits[{i}] ({entry.Code ?? "no code"})";
                if (string.IsNullOrWhiteSpace(entry.Code))
                {
                    Error($"{place}: code is missing");
                    continue;
                }

                if (!codes.Add(entry.Code))
                {
                    Error($"{place}: duplicate code {entry.Code}");
                    continue;
                }

                var benefit = BuildBenefit(entry, place, groups);
                if (benefit is not null)
                {
                    benefits.Add(benefit);
                }
            }

            CheckTopUps(benefits);
            if (benefits.Count == 0 && _errors.Count == 0)
            {
                Error("the edition has no benefit");
            }

            if (_errors.Count > 0)
            {
                throw new CatalogueException($"{source}: " + string.Join("; ", _errors), [.. _errors]);
            }

            return new CatalogueEdition(file.Edition!, effectiveFrom, benefits);
        }

        private Benefit? BuildBenefit(BenefitEntry entry, string place, Dictionary<string, CapDefinition> groups)
        {
            var before = _errors.Count;
            if (!Enum.TryParse<Tier>(entry.Tier, ignoreCase: false, out var tier) || !Enum.IsDefined(tier))
            {
                Error($"{place}: unknown tier '{entry.Tier}' (expected RC, ASSIST, PP or DO)");
            }

            if (!Enum.TryParse<CareCategory>(entry.Category, ignoreCase: true, out var category) || !Enum.IsDefined(category))
            {
                Error($"{place}: unknown category '{entry.Category}' (expected medical, hospital, dental, optical or assistance)");
            }

            var rule = BuildRule(entry.Rule, place + ": rule");
            var caps = new List<CapDefinition>();
            foreach (var (capEntry, j) in (entry.Caps ?? []).Select((c, j) => (c, j)))
            {
                var capPlace = $"{place}: caps[{j}]";
                if (capEntry.Group is { } groupId)
                {
                    if (capEntry.Period is not null || capEntry.Amount is not null || capEntry.Count is not null)
                    {
                        Error($"{capPlace}: a reference to group '{groupId}' cannot also set period, amount or count");
                    }
                    else if (groups.TryGetValue(groupId, out var shared))
                    {
                        caps.Add(shared);
                    }
                    else
                    {
                        Error($"{capPlace}: unknown group '{groupId}'");
                    }

                    continue;
                }

                var cap = BuildCap(capEntry, capPlace, $"{entry.Code}/{capEntry.Period}{(capEntry.PerElement ? "/element" : "")}");
                if (cap is not null)
                {
                    if (caps.Any(c => c.Id == cap.Id))
                    {
                        Error($"{capPlace}: two caps of the same period");
                    }

                    caps.Add(cap);
                }
            }

            var conditions = new List<Condition>();
            foreach (var (c, j) in (entry.Conditions ?? []).Select((c, j) => (c, j)))
            {
                var condition = BuildCondition(c, $"{place}: conditions[{j}]");
                if (condition is not null)
                {
                    conditions.Add(condition);
                }
            }

            if (string.IsNullOrWhiteSpace(entry.Title))
            {
                Error($"{place}: title is missing");
            }

            if (_errors.Count > before || rule is null)
            {
                return null;
            }

            return new Benefit(entry.Code!, tier, entry.Title!, category, rule, caps, conditions, entry.TopUpOf, entry.Elements ?? []);
        }

        private PaymentRule? BuildRule(RuleEntry? entry, string place)
        {
            if (entry is null)
            {
                Error($"{place} is missing");
                return null;
            }

            RuleKind kind;
            switch (entry.Kind)
            {
                case "percentOfUncovered": kind = RuleKind.PercentOfUncovered; break;
                case "percentOfOfficialTariff": kind = RuleKind.PercentOfOfficialTariff; break;
                case "percentOfStatutory": kind = RuleKind.PercentOfStatutory; break;
                case "flatPerUnit": kind = RuleKind.FlatPerUnit; break;
                default:
                    Error($"{place}: unknown rule kind '{entry.Kind}' (expected percentOfUncovered, percentOfOfficialTariff, percentOfStatutory or flatPerUnit)");
                    return null;
            }

            if (kind == RuleKind.FlatPerUnit)
            {
                if (entry.Rate is not null)
                {
                    Error($"{place}: a flat rule has no rate");
                }

                var byElement = new Dictionary<string, Money.Money>(StringComparer.Ordinal);
                foreach (var (element, amount) in entry.AmountByElement ?? [])
                {
                    var money = ToMoney(amount, $"{place}.amountByElement.{element}");
                    if (money is not null)
                    {
                        byElement[element] = money.Value;
                    }
                }

                if (entry.Amount is null && byElement.Count == 0)
                {
                    Error($"{place}: a flat rule needs amount or amountByElement");
                }

                var flat = entry.Amount is null ? Money.Money.Zero : ToMoney(entry.Amount.Value, $"{place}.amount") ?? Money.Money.Zero;
                return new PaymentRule(kind, 0m, flat, byElement);
            }

            if (entry.Rate is not { } rate || rate < 0m || rate > 1m)
            {
                Error($"{place}: rate must be between 0 and 1");
                return null;
            }

            if (entry.Amount is not null || entry.AmountByElement is not null)
            {
                Error($"{place}: a percentage rule has no amount; cap it with caps");
            }

            return new PaymentRule(kind, rate, Money.Money.Zero, new Dictionary<string, Money.Money>());
        }

        private CapDefinition? BuildCap(CapEntry entry, string place, string id)
        {
            CapPeriod period;
            switch (entry.Period)
            {
                case "unit": period = CapPeriod.Unit; break;
                case "year": period = CapPeriod.Year; break;
                case "lifetime": period = CapPeriod.Lifetime; break;
                case "incident": period = CapPeriod.Incident; break;
                case "trip": period = CapPeriod.Trip; break;
                default:
                    Error($"{place}: unknown cap period '{entry.Period}' (expected unit, year, lifetime, incident or trip)");
                    return null;
            }

            CapScope scope;
            switch (entry.Scope ?? "member")
            {
                case "member": scope = CapScope.Member; break;
                case "family": scope = CapScope.Family; break;
                default:
                    Error($"{place}: unknown cap scope '{entry.Scope}' (expected member or family)");
                    return null;
            }

            Money.Money? amount = null;
            if (entry.Amount is { } a)
            {
                amount = ToMoney(a, place + ".amount");
                if (amount is null)
                {
                    return null;
                }
            }

            if (entry.Count is { } count && count < 1)
            {
                Error($"{place}: count must be at least 1");
                return null;
            }

            if (amount is null && entry.Count is null)
            {
                Error($"{place}: a cap needs an amount or a count");
                return null;
            }

            if (period == CapPeriod.Unit && entry.Count is not null)
            {
                Error($"{place}: a per-unit cap limits an amount, not a count");
                return null;
            }

            return new CapDefinition(id, period, scope, amount, entry.Count, entry.PerElement);
        }

        private Condition? BuildCondition(ConditionEntry entry, string place)
        {
            ConditionKind kind;
            switch (entry.Kind)
            {
                case "ageUnder": kind = ConditionKind.AgeUnder; break;
                case "ageAtLeast": kind = ConditionKind.AgeAtLeast; break;
                case "authorisedByStatutoryFund": kind = ConditionKind.AuthorisedByStatutoryFund; break;
                case "seriousIntervention": kind = ConditionKind.SeriousIntervention; break;
                case "careAbroad": kind = ConditionKind.CareAbroad; break;
                case "careInLuxembourg": kind = ConditionKind.CareInLuxembourg; break;
                case "requiredDocuments": kind = ConditionKind.RequiredDocuments; break;
                case "programmeCompleted": kind = ConditionKind.ProgrammeCompleted; break;
                case "anyOfCircumstances": kind = ConditionKind.AnyOfCircumstances; break;
                default:
                    Error($"{place}: unknown condition kind '{entry.Kind}'");
                    return null;
            }

            if (kind is ConditionKind.AgeUnder or ConditionKind.AgeAtLeast && entry.Years is not (>= 0 and <= 150))
            {
                Error($"{place}: {entry.Kind} needs years between 0 and 150");
                return null;
            }

            if (kind is ConditionKind.RequiredDocuments or ConditionKind.AnyOfCircumstances && (entry.Values is null || entry.Values.Count == 0))
            {
                Error($"{place}: {entry.Kind} needs values");
                return null;
            }

            return new Condition(kind, entry.Years, entry.Values ?? [], entry.When);
        }

        private void CheckTopUps(List<Benefit> benefits)
        {
            var byCode = benefits.ToDictionary(b => b.Code, StringComparer.Ordinal);
            foreach (var benefit in benefits)
            {
                if (benefit.TopUpOf is not { } parentCode)
                {
                    continue;
                }

                if (!byCode.TryGetValue(parentCode, out var parent))
                {
                    Error($"benefit {benefit.Code}: topUpOf names unknown code {parentCode}");
                    continue;
                }

                if (parent.Tier >= benefit.Tier)
                {
                    Error($"benefit {benefit.Code}: a top-up must belong to a higher tier than {parentCode}");
                }
            }
        }

        private Money.Money? ToMoney(decimal euros, string place)
        {
            if (euros < 0m)
            {
                Error($"{place} is negative");
                return null;
            }

            if (euros * 100m != decimal.Truncate(euros * 100m))
            {
                Error($"{place} has more than two decimals");
                return null;
            }

            if (euros > 10_000_000m)
            {
                Error($"{place} is absurdly large");
                return null;
            }

            return Money.Money.FromEuros(euros);
        }

        private void Error(string message) => _errors.Add(message);
    }

    private sealed class CatalogueFile
    {
        public string? Edition { get; set; }
        public string? EffectiveFrom { get; set; }
        public string? Description { get; set; }
        public List<CapEntry>? Groups { get; set; }
        public List<BenefitEntry>? Benefits { get; set; }
    }

    private sealed class BenefitEntry
    {
        public string? Code { get; set; }
        public string? Tier { get; set; }
        public string? Title { get; set; }
        public string? Category { get; set; }
        public string? TopUpOf { get; set; }
        public List<string>? Elements { get; set; }
        public RuleEntry? Rule { get; set; }
        public List<CapEntry>? Caps { get; set; }
        public List<ConditionEntry>? Conditions { get; set; }
        public string? Note { get; set; }
    }

    private sealed class RuleEntry
    {
        public string? Kind { get; set; }
        public decimal? Rate { get; set; }
        public decimal? Amount { get; set; }
        public Dictionary<string, decimal>? AmountByElement { get; set; }
        public string? Note { get; set; }
    }

    private sealed class CapEntry
    {
        public string? Id { get; set; }
        public string? Group { get; set; }
        public string? Period { get; set; }
        public string? Scope { get; set; }
        public decimal? Amount { get; set; }
        public int? Count { get; set; }
        public bool PerElement { get; set; }
        public string? Note { get; set; }
    }

    private sealed class ConditionEntry
    {
        public string? Kind { get; set; }
        public int? Years { get; set; }
        public List<string>? Values { get; set; }
        public string? When { get; set; }
    }
}
