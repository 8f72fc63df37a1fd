namespace CmcmActors.Domain.Families;

public static class Age
{
    /// <summary>Completed years on <paramref name="on"/>; a person born on 29 February turns a year older on 1 March in common years.</summary>
    public static int InYears(DateOnly birthDate, DateOnly on)
    {
        var years = on.Year - birthDate.Year;
        if (on.Month < birthDate.Month || (on.Month == birthDate.Month && on.Day < birthDate.Day))
        {
            years--;
        }

        return years;
    }
}
