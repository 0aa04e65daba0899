namespace HiParis.Mooc.Api.Features.Me;

public static class MeApiPaths
{
    public const string Me = "/api/me";
}
