namespace HiParis.Mooc.Api.Features.Admin;

public static class AdminApiPaths
{
    public const string Users = "/api/admin/users";

    public const string Audit = "/api/admin/audit";

    public static string User(Guid id) => $"/api/admin/users/{id}";

    public static string Roles(Guid id) => $"/api/admin/users/{id}/roles";

    public static string Role(Guid id, string role) => $"/api/admin/users/{id}/roles/{role}";

    public static string Lock(Guid id) => $"/api/admin/users/{id}/lock";

    public static string Unlock(Guid id) => $"/api/admin/users/{id}/unlock";

    public static string EndSessions(Guid id) => $"/api/admin/users/{id}/end-sessions";
}
