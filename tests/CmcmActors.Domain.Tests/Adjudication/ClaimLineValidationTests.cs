using CmcmActors.Domain.Adjudication;
using CmcmActors.Domain.Tests.Support;
using static CmcmActors.Domain.Tests.Support.Dates;
using static CmcmActors.Domain.Tests.Support.Lines;

namespace CmcmActors.Domain.Tests.Adjudication;

/// <summary>Bad claim input is a field error before adjudication, never a decision.</summary>
public sealed class ClaimLineValidationTests
{
    private static readonly DateOnly Today = D("2026-09-20");

    private static IReadOnlyList<FieldError> Validate(params ClaimLine[] lines) => ClaimLineValidation.Validate(lines, Adjudicate.Catalogue, Today);

    private static FieldError Single(ClaimLine line) => Assert.Single(Validate(line));

    [Fact]
    public void Validate_ValidLine_NoError()
    {
        Assert.Empty(Validate(Line("RC.HOSP.LU", 500.00m, 300.00m, Today)));
    }

    [Fact]
    public void Validate_NoLine_Error()
    {
        Assert.Equal(new FieldError("lines", "A claim needs at least one line."), Assert.Single(Validate()));
    }

    [Fact]
    public void Validate_51Lines_Error()
    {
        var lines = Enumerable.Repeat(Line("RC.HOSP.LU", 10.00m), 51).ToArray();

        Assert.Equal(new FieldError("lines", "A claim has at most 50 lines."), Assert.Single(Validate(lines)));
    }

    [Fact]
    public void Validate_UnknownCode_ErrorOnTheField()
    {
        Assert.Equal(new FieldError("lines[0].benefitCode", "Unknown benefit code 'RC.SPA'."), Single(Line("RC.SPA", 10.00m)));
    }

    [Fact]
    public void Validate_MissingCode_ErrorOnTheField()
    {
        Assert.Equal("lines[0].benefitCode", Single(Line(" ", 10.00m)).Field);
    }

    [Fact]
    public void Validate_CareTomorrow_ErrorOnTheDate()
    {
        Assert.Equal(new FieldError("lines[0].dateOfCare", "The date of care 2026-09-21 is in the future."), Single(Line("RC.HOSP.LU", 10.00m, on: D("2026-09-21"))));
    }

    [Fact]
    public void Validate_NegativeInvoice_ErrorOnTheAmount()
    {
        var errors = Validate(Line("RC.HOSP.LU", -10.00m));

        Assert.Contains(new FieldError("lines[0].invoiced", "The amount cannot be negative."), errors);
    }

    [Fact]
    public void Validate_AmountAboveAMillion_Error()
    {
        Assert.Equal("lines[0].invoiced", Single(Line("RC.HOSP.LU", 1_000_000.01m)).Field);
    }

    [Fact]
    public void Validate_NegativeOfficialTariff_Error()
    {
        Assert.Equal("lines[0].officialTariff", Single(Line("RC.BARIATRIC.FOLLOWUP", 10.00m) with { OfficialTariff = Eur(-1.00m) }).Field);
    }

    [Fact]
    public void Validate_StatutoryAboveInvoiced_Error()
    {
        Assert.Equal(new FieldError("lines[0].statutoryReimbursement", "The statutory reimbursement cannot exceed the invoiced amount."), Single(Line("RC.HOSP.LU", 10.00m, 10.01m)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Validate_UnitsOutOfRange_Error(int units)
    {
        Assert.Equal(new FieldError("lines[0].units", "Units must be between 1 and 100."), Single(Line("RC.HEARING", 10.00m, units: units)));
    }

    [Theory]
    [InlineData("LUX")]
    [InlineData("L1")]
    [InlineData("")]
    public void Validate_CountryNotTwoLetters_Error(string country)
    {
        Assert.Equal("lines[0].countryOfCare", Single(Line("RC.HOSP.LU", 10.00m) with { CountryOfCare = country }).Field);
    }

    [Fact]
    public void Validate_SecondLineWrong_ErrorNamesTheSecondLine()
    {
        var errors = ClaimLineValidation.Validate([Line("RC.HOSP.LU", 10.00m), Line("RC.SPA", 10.00m)], Adjudicate.Catalogue, Today, prefix: "claim.lines");

        Assert.Equal("claim.lines[1].benefitCode", Assert.Single(errors).Field);
    }

    [Fact]
    public void Validate_TripCancellationWithoutATrip_ErrorOnTheTrip()
    {
        Assert.Equal(new FieldError("lines[0].tripId", "ASSIST.TRIP.CANCEL is capped per trip: name the trip."), Single(Line("ASSIST.TRIP.CANCEL", 900.00m)));
    }

    [Fact]
    public void Validate_HospitalisationAbroadWithoutAnIncident_ErrorOnTheIncident()
    {
        Assert.Equal(new FieldError("lines[0].incidentId", "ASSIST.HOSP.ABROAD is capped per incident: name the incident."), Single(Line("ASSIST.HOSP.ABROAD", 900.00m) with { CountryOfCare = "FR" }));
    }

    [Theory]
    [InlineData("RC.DENTAL.ORTHO.CHILD")]   // its DO top-up is capped per act code
    [InlineData("DO.OPTIC.REFRACTIVE")]
    public void Validate_PerElementCapWithoutAnElement_ErrorOnTheElement(string code)
    {
        Assert.Equal("lines[0].element", Single(Line(code, 900.00m)).Field);
    }

    [Fact]
    public void Validate_TripIncidentAndElementNamed_NoError()
    {
        Assert.Empty(Validate(
            Line("ASSIST.TRIP.CANCEL", 900.00m) with { TripId = "t-1" },
            Line("ASSIST.HOSP.ABROAD", 900.00m) with { IncidentId = "i-1", CountryOfCare = "FR" },
            Line("DO.OPTIC.REFRACTIVE", 900.00m, element: "left-eye")));
    }
}
