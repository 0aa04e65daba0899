using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Configurations;

internal static class RowVersion
{
    /// <summary>PostgreSQL's xmin as an optimistic concurrency token: a lost race is a retry, not a lost write.</summary>
    public static void HasXminRowVersion<T>(this EntityTypeBuilder<T> builder)
        where T : class =>
        builder.Property<uint>("Version").HasColumnName("xmin").IsRowVersion();
}

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> builder)
    {
        builder.HasKey(enrollment => enrollment.Id);
        builder.Property(enrollment => enrollment.Id).ValueGeneratedNever();
        builder.HasOne<User>().WithMany().HasForeignKey(enrollment => enrollment.UserId);
        builder.HasOne<Course>().WithMany().HasForeignKey(enrollment => enrollment.CourseId);
        builder.HasOne<CourseRun>().WithMany().HasForeignKey(enrollment => enrollment.RunId);
        builder.Property(enrollment => enrollment.State).HasConversion<string>().HasMaxLength(16);

        // One enrolment per learner and run, whatever the number of clicks.
        builder.HasIndex(enrollment => new { enrollment.UserId, enrollment.RunId }).IsUnique();
        builder.HasXminRowVersion();
        builder.HasMany(enrollment => enrollment.Modules).WithOne().HasForeignKey(module => module.EnrollmentId);
        builder.HasMany(enrollment => enrollment.Lessons).WithOne().HasForeignKey(lesson => lesson.EnrollmentId);
        builder.HasMany(enrollment => enrollment.Transitions).WithOne().HasForeignKey(transition => transition.EnrollmentId);
        builder.Navigation(enrollment => enrollment.Modules).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(enrollment => enrollment.Lessons).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(enrollment => enrollment.Transitions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ModuleProgressConfiguration : IEntityTypeConfiguration<ModuleProgress>
{
    public void Configure(EntityTypeBuilder<ModuleProgress> builder)
    {
        builder.ToTable("module_progress");
        builder.HasKey(module => module.Id);
        builder.Property(module => module.Id).ValueGeneratedNever();
        builder.Property(module => module.ModuleKey).HasMaxLength(64);
        builder.Property(module => module.State).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(module => new { module.EnrollmentId, module.ModuleKey }).IsUnique();
        builder.HasXminRowVersion();
    }
}

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> builder)
    {
        builder.ToTable("lesson_progress");
        builder.HasKey(lesson => lesson.Id);
        builder.Property(lesson => lesson.Id).ValueGeneratedNever();
        builder.Property(lesson => lesson.ItemKey).HasMaxLength(64);
        builder.Property(lesson => lesson.State).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(lesson => new { lesson.EnrollmentId, lesson.ItemKey }).IsUnique();
        builder.HasXminRowVersion();
    }
}

internal sealed class ProgressTransitionConfiguration : IEntityTypeConfiguration<ProgressTransition>
{
    public void Configure(EntityTypeBuilder<ProgressTransition> builder)
    {
        builder.HasKey(transition => transition.Id);
        builder.Property(transition => transition.Id).ValueGeneratedNever();
        builder.Property(transition => transition.Lifecycle).HasMaxLength(16);
        builder.Property(transition => transition.SubjectKey).HasMaxLength(64);
        builder.Property(transition => transition.FromState).HasMaxLength(32);
        builder.Property(transition => transition.ToState).HasMaxLength(32);
        builder.Property(transition => transition.Trigger).HasMaxLength(32);
        builder.HasIndex(transition => new { transition.EnrollmentId, transition.At });
    }
}
