namespace CmcmActors.Domain.Routing;

/// <summary>The kind of care a benefit is for; with the country of care it decides the department.</summary>
public enum CareCategory
{
    Medical,
    Hospital,
    Dental,
    Optical,
    Assistance,
}

/// <summary>The CMCM departments that handle claims needing a person (spec, section 8).</summary>
public enum Department
{
    National,
    Foreign,
    DentalLuxembourg,
    DentalAbroad,
}

public enum Channel
{
    Post,
    App,
}

public static class DepartmentRouting
{
    /// <summary>
    /// Dental invoices go to the dental department (Luxembourg or abroad); other care abroad, and assistance, to the
    /// foreign department; the rest to the national department.
    /// </summary>
    public static Department For(CareCategory category, string countryOfCare)
    {
        var abroad = !string.Equals(countryOfCare, "LU", StringComparison.OrdinalIgnoreCase);
        return category switch
        {
            CareCategory.Dental => abroad ? Department.DentalAbroad : Department.DentalLuxembourg,
            CareCategory.Assistance => Department.Foreign,
            _ => abroad ? Department.Foreign : Department.National,
        };
    }
}

/// <summary>Expected processing time by department and channel, in weeks. Updated weekly by an admin: configuration.</summary>
public sealed record ProcessingTimes(IReadOnlyDictionary<Department, IReadOnlyDictionary<Channel, int>> Weeks)
{
    /// <summary>The figures of the support FAQ (seed 000).</summary>
    public static ProcessingTimes Default { get; } = new(new Dictionary<Department, IReadOnlyDictionary<Channel, int>>
    {
        [Department.National] = new Dictionary<Channel, int> { [Channel.Post] = 7, [Channel.App] = 5 },
        [Department.Foreign] = new Dictionary<Channel, int> { [Channel.Post] = 2, [Channel.App] = 1 },
        [Department.DentalLuxembourg] = new Dictionary<Channel, int> { [Channel.Post] = 2, [Channel.App] = 2 },
        [Department.DentalAbroad] = new Dictionary<Channel, int> { [Channel.Post] = 3, [Channel.App] = 2 },
    });

    public int WeeksFor(Department department, Channel channel) => Weeks[department][channel];

    /// <summary>A copy with one figure changed; weeks must be between 0 and 52.</summary>
    public ProcessingTimes With(Department department, Channel channel, int weeks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weeks);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weeks, 52);
        var copy = Weeks.ToDictionary(d => d.Key, d => (IReadOnlyDictionary<Channel, int>)d.Value.ToDictionary(c => c.Key, c => c.Value));
        var forDepartment = copy[department].ToDictionary(c => c.Key, c => c.Value);
        forDepartment[channel] = weeks;
        copy[department] = forDepartment;
        return new ProcessingTimes(copy);
    }
}
