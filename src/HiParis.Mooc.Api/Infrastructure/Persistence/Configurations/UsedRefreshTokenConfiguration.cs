using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Configurations;

internal sealed class UsedRefreshTokenConfiguration : IEntityTypeConfiguration<UsedRefreshToken>
{
    public void Configure(EntityTypeBuilder<UsedRefreshToken> builder)
    {
        builder.ToTable("used_refresh_tokens");

        // One row per token: a second exchange of it conflicts here, however many instances race.
        builder.HasKey(used => used.TokenHash);
        builder.Property(used => used.TokenHash).HasMaxLength(64);
        builder.HasOne<User>().WithMany().HasForeignKey(used => used.UserId);
        builder.HasIndex(used => used.ExpiresAt);
    }
}
