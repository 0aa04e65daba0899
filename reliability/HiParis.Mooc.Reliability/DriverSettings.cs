namespace HiParis.Mooc.Reliability;

/// <summary>What the scripts hand the driver, as environment variables.</summary>
internal sealed record DriverSettings(
    Uri InstanceA,
    Uri InstanceB,
    string Database,
    string MailDirectory,
    string StateDirectory,
    string Control,
    string ApiDll,
    string Repository,
    int AccountCheckSeconds,
    int VerificationBoundSeconds)
{
    public const string AdminEmail = "admin@reliability.test";
    public const string AdminPassword = "reliability admin passphrase";
    public const string Password = "reliability learner passphrase";
    public const string Course = "reliability-drill";
    public const string Run = "self-paced";

    public static DriverSettings FromEnvironment() => new(
        new Uri(Required("MOOC_A")),
        new Uri(Required("MOOC_B")),
        Required("MOOC_DB"),
        Required("MOOC_MAIL"),
        Required("MOOC_STATE"),
        Required("MOOC_CTL"),
        Required("MOOC_API_DLL"),
        Required("MOOC_REPO"),
        int.Parse(Environment.GetEnvironmentVariable("MOOC_ACCOUNT_CHECK_SECONDS") ?? "10", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Environment.GetEnvironmentVariable("MOOC_VERIFICATION_BOUND_SECONDS") ?? "0", System.Globalization.CultureInfo.InvariantCulture));

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");
}
