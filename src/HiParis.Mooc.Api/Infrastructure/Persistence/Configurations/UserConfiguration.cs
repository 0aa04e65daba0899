using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(user => user.DisplayName).HasMaxLength(User.DisplayNameMaxLength);
        builder.Property(user => user.Language).HasMaxLength(2);
    }
}
