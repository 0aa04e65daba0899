using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

public sealed class Role : IdentityRole<Guid>
{
    public Role()
    {
    }

    public Role(Guid id, string name)
        : base(name)
    {
        Id = id;
        NormalizedName = name.ToUpperInvariant();
        ConcurrencyStamp = id.ToString();
    }
}
