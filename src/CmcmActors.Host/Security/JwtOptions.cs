namespace CmcmActors.Host.Security;

/// <summary>Section "Cmcm:Jwt". Tokens are HMAC-SHA256 signed; the key is a secret (environment or secret store).</summary>
public sealed class JwtOptions
{
    public const string Section = "Cmcm:Jwt";

    public string Issuer { get; set; } = "cmcm-actors";

    public string Audience { get; set; } = "cmcm-actors";

    /// <summary>At least 32 characters. Required outside Development; Development falls back to a fixed local key.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);

    internal const string DevelopmentKey = "cmcm-development-only-signing-key-0123456789";
}
