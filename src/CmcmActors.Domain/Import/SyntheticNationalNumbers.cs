using System.Globalization;
using CmcmActors.Domain.People;

namespace CmcmActors.Domain.Import;

/// <summary>Valid national numbers for generated test data: the birth date, a serial of three digits and both check digits.</summary>
public static class SyntheticNationalNumbers
{
    public static string For(DateOnly birthDate, int serial)
    {
        var body = birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (serial % 1000).ToString("000", CultureInfo.InvariantCulture);
        return body + NationalNumber.LuhnCheckDigit(body).ToString(CultureInfo.InvariantCulture) + NationalNumber.VerhoeffCheckDigit(body).ToString(CultureInfo.InvariantCulture);
    }
}
