using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Courses;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Configurations;

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.HasKey(course => course.Id);
        builder.Property(course => course.Slug).HasMaxLength(64);
        builder.HasIndex(course => course.Slug).IsUnique();
    }
}

internal sealed class CourseVersionConfiguration : IEntityTypeConfiguration<CourseVersion>
{
    public void Configure(EntityTypeBuilder<CourseVersion> builder)
    {
        builder.HasKey(version => version.Id);
        builder.HasOne<Course>().WithMany().HasForeignKey(version => version.CourseId);
        builder.Property(version => version.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(version => version.ContentHash).HasMaxLength(64);
        builder.Property(version => version.Content).HasColumnType("jsonb");
        builder.HasIndex(version => new { version.CourseId, version.Number }).IsUnique();

        // At most one published version per course.
        builder.HasIndex(version => version.CourseId, "ix_course_versions_one_published").IsUnique().HasFilter("state = 'Published'").HasDatabaseName("ix_course_versions_one_published");

        // At most one draft per course; its xmin is the ETag that keeps two editors from overwriting each other.
        builder.HasIndex(version => version.CourseId, "ix_course_versions_one_draft").IsUnique().HasFilter("state = 'Draft'").HasDatabaseName("ix_course_versions_one_draft");
        builder.HasXminRowVersion();
        builder.HasMany(version => version.Transitions).WithOne().HasForeignKey(transition => transition.VersionId);
        builder.Navigation(version => version.Transitions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ContentTransitionConfiguration : IEntityTypeConfiguration<ContentTransition>
{
    public void Configure(EntityTypeBuilder<ContentTransition> builder)
    {
        builder.HasKey(transition => transition.Id);
        builder.Property(transition => transition.Id).ValueGeneratedNever();
        builder.Property(transition => transition.FromState).HasMaxLength(32);
        builder.Property(transition => transition.ToState).HasMaxLength(32);
        builder.Property(transition => transition.Trigger).HasMaxLength(32);
        builder.HasIndex(transition => new { transition.VersionId, transition.At });
    }
}

internal sealed class CourseRunConfiguration : IEntityTypeConfiguration<CourseRun>
{
    public void Configure(EntityTypeBuilder<CourseRun> builder)
    {
        builder.HasKey(run => run.Id);
        builder.HasOne<Course>().WithMany().HasForeignKey(run => run.CourseId);
        builder.Property(run => run.Key).HasMaxLength(64);
        builder.Property(run => run.Pacing).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(run => new { run.CourseId, run.Key }).IsUnique();
    }
}

internal sealed class CourseItemConfiguration : IEntityTypeConfiguration<CourseItem>
{
    public void Configure(EntityTypeBuilder<CourseItem> builder)
    {
        builder.HasKey(item => item.Id);
        builder.HasOne<Course>().WithMany().HasForeignKey(item => item.CourseId);
        builder.Property(item => item.Key).HasMaxLength(64);
        builder.Property(item => item.Type).HasMaxLength(16);
        builder.Property(item => item.ModuleKey).HasMaxLength(64);
        builder.HasIndex(item => new { item.CourseId, item.Key }).IsUnique();
    }
}

internal sealed class CourseStaffConfiguration : IEntityTypeConfiguration<CourseStaff>
{
    public void Configure(EntityTypeBuilder<CourseStaff> builder)
    {
        builder.ToTable("course_staff");
        builder.HasKey(staff => staff.Id);
        builder.Property(staff => staff.Id).ValueGeneratedNever();
        builder.HasOne<Course>().WithMany().HasForeignKey(staff => staff.CourseId);
        builder.HasOne<User>().WithMany().HasForeignKey(staff => staff.UserId);
        builder.HasIndex(staff => new { staff.CourseId, staff.UserId }).IsUnique();
        builder.HasIndex(staff => staff.UserId);
    }
}
