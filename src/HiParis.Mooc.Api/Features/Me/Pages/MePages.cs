namespace HiParis.Mooc.Api.Features.Me.Pages;

/// <summary>The learner's own pages.</summary>
public static class MePages
{
    public const string Dashboard = "/dashboard";
    public const string Account = "/account";
}
