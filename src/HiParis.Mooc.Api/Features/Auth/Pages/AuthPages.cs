namespace HiParis.Mooc.Api.Features.Auth.Pages;

/// <summary>The account pages of the web app; e-mailed links land on <see cref="ConfirmEmail"/> and <see cref="ResetPassword"/>.</summary>
public static class AuthPages
{
    public const string SignUp = "/signup";
    public const string SignIn = "/signin";
    public const string SignOut = "/signout";
    public const string ConfirmEmail = "/confirm-email";
    public const string ForgotPassword = "/forgot-password";
    public const string ResetPassword = "/reset-password";

    /// <summary>The query parameter that says where to go back after signing in.</summary>
    public const string ReturnUrl = "returnUrl";

    /// <summary>The sign-in page, coming back to <paramref name="returnUrl"/> afterwards.</summary>
    public static string SignInThenBackTo(string returnUrl) => $"{SignIn}?{ReturnUrl}={Uri.EscapeDataString(returnUrl)}";

    /// <summary>
    /// Where to go after signing in: a path of this site only. An absolute address, a scheme-relative one
    /// (<c>//evil.example</c>) or a backslash trick (<c>/\evil.example</c>) would send the learner elsewhere.
    /// </summary>
    public static string LocalOr(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 0 and <= 2048 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : fallback;
}
