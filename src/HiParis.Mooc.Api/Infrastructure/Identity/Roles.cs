namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>The platform's roles. Every user is a Learner from registration on.</summary>
public static class Roles
{
    public const string Learner = "Learner";
    public const string Instructor = "Instructor";
    public const string Admin = "Admin";

    /// <summary>Seeded by the first migration; fixed ids so that migrations stay stable.</summary>
    internal static readonly Role[] Seed =
    [
        new(Guid.Parse("6f1c2a8e-2b1d-4c55-9d55-0a5b8c4f2a01"), Learner),
        new(Guid.Parse("6f1c2a8e-2b1d-4c55-9d55-0a5b8c4f2a02"), Instructor),
        new(Guid.Parse("6f1c2a8e-2b1d-4c55-9d55-0a5b8c4f2a03"), Admin),
    ];
}
