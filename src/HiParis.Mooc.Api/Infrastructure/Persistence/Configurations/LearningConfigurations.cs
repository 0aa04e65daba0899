using System.Text.Json;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Configurations;

internal static class RowVersion
{
    /// <summary>The shadow property that holds a row's xmin (<see cref="MoocDbContext.RowVersionOf{TEntity}"/>).</summary>
    public const string PropertyName = "Version";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>PostgreSQL's xmin as an optimistic concurrency token: a lost race is a retry, not a lost write.</summary>
    public static void HasXminRowVersion<T>(this EntityTypeBuilder<T> builder)
        where T : class =>
        builder.Property<uint>(PropertyName).HasColumnName("xmin").IsRowVersion();

    /// <summary>A value kept as a JSON document (jsonb), compared by its JSON so that EF sees a change inside it.</summary>
    public static PropertyBuilder<T> HasJsonColumn<T>(this PropertyBuilder<T> property)
        where T : class =>
        property.HasColumnType("jsonb").HasConversion(
            AsJson<T>(),
            new ValueComparer<T>(
                (left, right) => JsonSerializer.Serialize(left, Json) == JsonSerializer.Serialize(right, Json),
                value => JsonSerializer.Serialize(value, Json).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Json), Json)!));

    /// <summary>
    /// A value kept as a JSON document that the domain replaces as a whole and cannot change in place (a
    /// read-only type): the snapshot is the value itself, and two values are compared by their JSON only when
    /// they are not the same object. A tracked row that nothing changed costs no JSON at all (ADR 31).
    /// </summary>
    public static PropertyBuilder<T> HasReplacedJsonColumn<T>(this PropertyBuilder<T> property)
        where T : class =>
        property.HasColumnType("jsonb").HasConversion(
            AsJson<T>(),
            new ValueComparer<T>(
                (left, right) => ReferenceEquals(left, right) || (left != null && right != null && JsonSerializer.Serialize(left, Json) == JsonSerializer.Serialize(right, Json)),
                value => JsonSerializer.Serialize(value, Json).GetHashCode(StringComparison.Ordinal),
                value => value));

    /// <summary>
    /// An array column (PostgreSQL's own array type) that the domain replaces as a whole: the snapshot is a copy,
    /// and two arrays are compared element by element, through plain methods. EF's own comparer for such a
    /// column nests lambdas in the expressions it compiles, and each use of a nested lambda creates a delegate:
    /// on every row tracked and every change detection (ADR 37).
    /// </summary>
    public static PropertyBuilder<T[]> HasReplacedArray<T>(this PropertyBuilder<T[]> property)
        where T : struct, IEquatable<T>
    {
        property.Metadata.SetValueComparer(new ValueComparer<T[]>(
            (left, right) => ArrayValues.Equal(left, right),
            value => ArrayValues.Hash(value),
            value => ArrayValues.Copy(value)));
        return property;
    }

    private static ValueConverter<T, string> AsJson<T>()
        where T : class =>
        new(value => JsonSerializer.Serialize(value, Json), json => JsonSerializer.Deserialize<T>(json, Json)!);
}

/// <summary>What <see cref="RowVersion.HasReplacedArray{T}"/> compiles into EF's snapshots and change detection.</summary>
internal static class ArrayValues
{
    public static bool Equal<T>(T[]? left, T[]? right)
        where T : struct, IEquatable<T> =>
        ReferenceEquals(left, right) || (left is not null && right is not null && left.AsSpan().SequenceEqual(right));

    public static int Hash<T>(T[] value)
        where T : struct, IEquatable<T>
    {
        var hash = new HashCode();
        foreach (var item in value)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public static T[] Copy<T>(T[] value)
        where T : struct => value.Length == 0 ? value : [.. value];
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

        // One current enrolment per learner and course, whatever the number of clicks or runs joined (ADR 18):
        // joining another run moves it. Withdrawn ones from before that rule may remain beside it.
        builder.HasIndex(enrollment => new { enrollment.UserId, enrollment.CourseId }, "ix_enrollments_one_current_per_course").IsUnique().HasFilter("state <> 'Withdrawn'").HasDatabaseName("ix_enrollments_one_current_per_course");
        builder.HasIndex(enrollment => new { enrollment.UserId, enrollment.CourseId }, "ix_enrollments_user_id_course_id").HasDatabaseName("ix_enrollments_user_id_course_id");
        builder.Ignore(enrollment => enrollment.Milestones);
        builder.HasXminRowVersion();
        builder.HasMany(enrollment => enrollment.Modules).WithOne().HasForeignKey(module => module.EnrollmentId);
        builder.HasMany(enrollment => enrollment.Lessons).WithOne().HasForeignKey(lesson => lesson.EnrollmentId);
        builder.HasMany(enrollment => enrollment.Transitions).WithOne().HasForeignKey(transition => transition.EnrollmentId);
        builder.HasMany(enrollment => enrollment.Attempts).WithOne().HasForeignKey(attempt => attempt.EnrollmentId);
        builder.HasMany(enrollment => enrollment.QuizGrades).WithOne().HasForeignKey(grade => grade.EnrollmentId);
        builder.Property(enrollment => enrollment.Grade).HasPrecision(5, 4);
        builder.Navigation(enrollment => enrollment.Modules).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(enrollment => enrollment.Lessons).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(enrollment => enrollment.Transitions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(enrollment => enrollment.Attempts).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(enrollment => enrollment.QuizGrades).UsePropertyAccessMode(PropertyAccessMode.Field);
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
        builder.Property(lesson => lesson.Watched).HasReplacedArray();
        builder.Property(lesson => lesson.RecentSequences).HasReplacedArray();
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

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> builder)
    {
        builder.HasKey(attempt => attempt.Id);
        builder.Property(attempt => attempt.Id).ValueGeneratedNever();
        builder.Property(attempt => attempt.QuizKey).HasMaxLength(64);
        builder.Property(attempt => attempt.RequestKey).HasMaxLength(100);
        builder.Property(attempt => attempt.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(attempt => attempt.Answers).HasReplacedJsonColumn();
        builder.Property(attempt => attempt.Results).HasReplacedJsonColumn();
        builder.Property(attempt => attempt.QuestionKeys).HasReplacedJsonColumn();
        builder.Property(attempt => attempt.Score).HasPrecision(9, 4);
        builder.Property(attempt => attempt.MaxScore).HasPrecision(9, 4);
        builder.Property(attempt => attempt.Grade).HasPrecision(5, 4);

        // At most the allowed number of attempts, whatever the number of parallel starts: each takes the next number.
        builder.HasIndex(attempt => new { attempt.EnrollmentId, attempt.QuizKey, attempt.Number }).IsUnique();
        builder.HasIndex(attempt => new { attempt.EnrollmentId, attempt.QuizKey, attempt.RequestKey }).IsUnique().HasFilter("request_key IS NOT NULL");
        builder.HasXminRowVersion();
    }
}

internal sealed class QuizGradeConfiguration : IEntityTypeConfiguration<QuizGrade>
{
    public void Configure(EntityTypeBuilder<QuizGrade> builder)
    {
        builder.HasKey(grade => grade.Id);
        builder.Property(grade => grade.Id).ValueGeneratedNever();
        builder.Property(grade => grade.QuizKey).HasMaxLength(64);
        builder.Property(grade => grade.Grade).HasPrecision(5, 4);
        builder.Property(grade => grade.Best).HasPrecision(5, 4);
        builder.HasIndex(grade => new { grade.EnrollmentId, grade.QuizKey }).IsUnique();
        builder.HasXminRowVersion();
    }
}

internal sealed class QuizAccommodationConfiguration : IEntityTypeConfiguration<QuizAccommodation>
{
    public void Configure(EntityTypeBuilder<QuizAccommodation> builder)
    {
        builder.HasKey(accommodation => accommodation.Id);
        builder.Property(accommodation => accommodation.Id).ValueGeneratedNever();
        builder.HasOne<User>().WithMany().HasForeignKey(accommodation => accommodation.UserId);
        builder.HasOne<Course>().WithMany().HasForeignKey(accommodation => accommodation.CourseId);
        builder.Property(accommodation => accommodation.QuizKey).HasMaxLength(64);
        builder.Property(accommodation => accommodation.Reason).HasMaxLength(500);

        // One accommodation per learner and quiz, and one course-wide (no quiz key).
        builder.HasIndex(accommodation => new { accommodation.UserId, accommodation.CourseId, accommodation.QuizKey }).IsUnique().AreNullsDistinct(false);
        builder.HasXminRowVersion();
    }
}
