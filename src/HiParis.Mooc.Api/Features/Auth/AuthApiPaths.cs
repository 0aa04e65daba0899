namespace HiParis.Mooc.Api.Features.Auth;

public static class AuthApiPaths
{
    public const string Group = "/api/auth";
    public const string Register = Group + "/register";
    public const string Login = Group + "/login";
    public const string Refresh = Group + "/refresh";
    public const string ConfirmEmail = Group + "/confirmEmail";
    public const string ResendConfirmationEmail = Group + "/resendConfirmationEmail";
    public const string ForgotPassword = Group + "/forgotPassword";
    public const string ResetPassword = Group + "/resetPassword";
    public const string ManageInfo = Group + "/manage/info";
    public const string Logout = Group + "/logout";
}
