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
using Microsoft.EntityFrameworkCore.ChangeTracking;
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

    /// <summary>
    /// The rows of an aggregate tracked from <paramref name="root"/> through its navigations, each with its
    /// row version as it was loaded or last saved, and the root's navigations that are loaded; null when one of
    /// its rows is not tracked or has a change not saved yet.
    /// </summary>
    public KeptRows? KeptRowsOf(object root)
    {
        // Right after a save nothing is left to detect; detecting changes at each entry would cost as much as the save's own pass.
        using var _ = WithoutDetectingChanges();
        List<KeptRow> rows = [];
        HashSet<object> seen = new(ReferenceEqualityComparer.Instance);
        Stack<object> next = new([root]);
        while (next.TryPop(out var entity))
        {
            if (!seen.Add(entity))
            {
                continue;
            }

            var entry = Entry(entity);
            if (entry.State != EntityState.Unchanged)
            {
                return null;
            }

            var version = entry.Metadata.FindProperty(Configurations.RowVersion.PropertyName) is null ? null : (uint?)entry.Property(Configurations.RowVersion.PropertyName).OriginalValue;
            rows.Add(new KeptRow(entity, version));
            foreach (var navigation in entry.Navigations)
            {
                if (navigation.CurrentValue is System.Collections.IEnumerable many)
                {
                    foreach (var item in many)
                    {
                        next.Push(item);
                    }
                }
                else if (navigation.CurrentValue is { } one)
                {
                    next.Push(one);
                }
            }
        }

        return new KeptRows(rows, [.. Entry(root).Navigations.Where(navigation => navigation.IsLoaded).Select(navigation => navigation.Metadata.Name)]);
    }

    /// <summary>
    /// Tracks an aggregate kept from an earlier unit of work (<see cref="KeptRowsOf"/>) as unchanged, each row
    /// expected at its kept version (a save of a row that changed since fails, and the work runs again), and
    /// the root's navigations loaded as they were.
    /// </summary>
    public void AttachKept(object root, KeptRows kept)
    {
        using var _ = WithoutDetectingChanges();
        Attach(root);
        foreach (var row in kept.Rows)
        {
            if (row.Version is { } version)
            {
                AtVersion(Entry(row.Entity), version);
            }
        }

        MarkLoaded(Entry(root), kept.Loaded);
    }

    /// <summary>
    /// Tracks one row of a kept aggregate alone, unchanged at its kept version, and none of the rows its
    /// navigations reach: for a change that writes only the rows it names and the rows it adds (ADR 36, 42). Call it
    /// with change detection off (<see cref="WithoutDetectingChanges"/>), and keep it off until the save: a detection
    /// would take the untracked rows the navigations reach for new ones. <paramref name="loaded"/> names the
    /// navigations the kept graph holds loaded.
    /// </summary>
    public void AttachKeptRow(object entity, uint version, IReadOnlyList<string>? loaded = null)
    {
        var entry = Entry(entity);
        entry.State = EntityState.Unchanged;
        AtVersion(entry, version);
        MarkLoaded(entry, loaded ?? []);
    }

    // An unchanged row keeps no original values apart from its current ones: both are set to the kept version,
    // and the row is left unchanged.
    private static void AtVersion(EntityEntry entry, uint version)
    {
        var property = entry.Property(Configurations.RowVersion.PropertyName);
        property.CurrentValue = version;
        property.OriginalValue = version;
        property.IsModified = false;
    }

    // What the kept graph holds is known loaded: a later load of that navigation would add its rows a second time.
    private static void MarkLoaded(EntityEntry entry, IReadOnlyList<string> loaded)
    {
        foreach (var name in loaded)
        {
            entry.Navigation(name).IsLoaded = true;
        }
    }

    /// <summary>Turns automatic change detection off until the result is disposed (it is on again after).</summary>
    internal ChangeDetectionPause WithoutDetectingChanges()
    {
        var pause = new ChangeDetectionPause(ChangeTracker, ChangeTracker.AutoDetectChangesEnabled);
        ChangeTracker.AutoDetectChangesEnabled = false;
        return pause;
    }

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

/// <summary>A tracked row of a kept aggregate and its row version (xmin); null for a row that has none.</summary>
public sealed record KeptRow(object Entity, uint? Version);

/// <summary>The rows of a kept aggregate, its root first, and the names of the root's navigations that were loaded.</summary>
public sealed record KeptRows(IReadOnlyList<KeptRow> Rows, IReadOnlyList<string> Loaded)
{
    public uint? RootVersion => Rows[0].Version;

    /// <summary>The same rows after a statement outside EF wrote <paramref name="written"/>, all at <paramref name="version"/>.</summary>
    public KeptRows Written(uint version, params IReadOnlyList<object> written) =>
        this with { Rows = [.. Rows.Select(row => written.Any(entity => ReferenceEquals(entity, row.Entity)) ? row with { Version = version } : row)] };

    /// <summary>The same rows and one more, added to the aggregate and saved at <paramref name="version"/>.</summary>
    public KeptRows Adding(object entity, uint version) => this with { Rows = [.. Rows, new KeptRow(entity, version)] };

    /// <summary>The kept version of a row of the aggregate; null when the aggregate does not hold it (or it has none).</summary>
    public uint? VersionOf(object entity) => Rows.FirstOrDefault(row => ReferenceEquals(row.Entity, entity))?.Version;
}

/// <summary>Restores automatic change detection as it was (<see cref="MoocDbContext"/>).</summary>
internal readonly record struct ChangeDetectionPause(ChangeTracker Tracker, bool WasOn) : IDisposable
{
    public void Dispose() => Tracker.AutoDetectChangesEnabled = WasOn;
}
