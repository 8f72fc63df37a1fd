using System.ComponentModel.DataAnnotations;
using CmcmActors.Contracts;

namespace CmcmActors.Host.Api.OpenApi;

/// <summary>
/// A field that holds an id (<see cref="GrainKeys.IsValidId"/>): the OpenAPI document gives it <see cref="IdPattern"/>.
/// Only the document reads it; the API checks ids itself (<see cref="FieldErrors.Id"/>), so that a wrong id is named
/// among the request's other mistakes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ApiIdAttribute() : RegularExpressionAttribute(IdPattern)
{
    /// <summary>The rule of <see cref="GrainKeys.IsValidId"/> as a regular expression: 1 to 64 letters, digits, '-', '_' or '.'.</summary>
    public const string IdPattern = "^[A-Za-z0-9._-]{1,64}$";
}

/// <summary>
/// A decimal that is a fraction (a rate), not an amount in euros: the OpenAPI document does not give it the amounts'
/// two decimal places.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ApiFractionAttribute : Attribute;
