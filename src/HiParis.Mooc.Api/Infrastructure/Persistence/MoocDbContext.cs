using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Outbox;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>
/// The one database context: Identity, Data Protection keys and the MOOC's own aggregates.
/// </summary>
/// <remarks>
/// New migration: <c>dotnet ef migrations add &lt;Name&gt; --project src/HiParis.Mooc.Api
/// --output-dir Infrastructure/Persistence/Migrations</c>.
/// </remarks>
public sealed class MoocDbContext(DbContextOptions<MoocDbContext> options)
    : IdentityDbContext<User, Role, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Set by <see cref="CommitMarker"/> once a COMMIT was sent; the unit-of-work retries clear it before each try.</summary>
    internal bool CommitSent { get; set; }

    /// <summary>Messages of the <c>SaveChanges</c> under way, then of the transaction not yet committed (<see cref="OutboxCommitInterceptor"/>).</summary>
    internal List<Guid> OutboxSaving { get; } = [];

    internal List<Guid> OutboxWritten { get; } = [];

    /// <summary>The row version (xmin) of a tracked entity, as its load or its last save left it.</summary>
    public uint RowVersionOf<TEntity>(TEntity entity)
        where TEntity : class => Entry(entity).Property<uint>(Configurations.RowVersion.PropertyName).CurrentValue;

    /// <summary>Makes the next save of a tracked entity write only if its row is still at <paramref name="version"/>.</summary>
    public void ExpectRowVersion<TEntity>(TEntity entity, uint version)
        where TEntity : class => Entry(entity).Property<uint>(Configurations.RowVersion.PropertyName).OriginalValue = version;

    public DbSet<Course> Courses => Set<Course>();

    public DbSet<CourseVersion> CourseVersions => Set<CourseVersion>();

    public DbSet<ContentTransition> ContentTransitions => Set<ContentTransition>();

    public DbSet<CourseRun> CourseRuns => Set<CourseRun>();

    public DbSet<CourseItem> CourseItems => Set<CourseItem>();

    public DbSet<Enrollment> Enrollments => Set<Enrollment>();

    public DbSet<ProgressTransition> ProgressTransitions => Set<ProgressTransition>();

    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();

    public DbSet<QuizGrade> QuizGrades => Set<QuizGrade>();

    public DbSet<QuizAccommodation> QuizAccommodations => Set<QuizAccommodation>();

    public DbSet<Certificate> Certificates => Set<Certificate>();

    public DbSet<CertificateStatusEntry> CertificateStatusEntries => Set<CertificateStatusEntry>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<CourseStaff> CourseStaff => Set<CourseStaff>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<UsedRefreshToken> UsedRefreshTokens => Set<UsedRefreshToken>();

    /// <summary>
    /// PostgreSQL's <c>timestamptz</c> takes UTC only, and Npgsql refuses any other offset: a time a client sends
    /// with its own offset (an admin's lock, an audit filter, a run's start in a draft) was a 500. Every
    /// <see cref="DateTimeOffset"/> is written, and compared, as its UTC instant.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstant>();
    }

    private sealed class UtcInstant() : ValueConverter<DateTimeOffset, DateTimeOffset>(value => value.ToUniversalTime(), value => value);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MoocDbContext).Assembly);
        builder.HasSequence<long>(Configurations.CertificateStatusEntryConfiguration.IndexSequence).StartsAt(0).HasMin(0);
    }
}
