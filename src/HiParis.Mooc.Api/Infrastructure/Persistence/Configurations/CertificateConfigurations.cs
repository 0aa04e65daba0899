using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Configurations;

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.HasKey(certificate => certificate.Id);
        builder.Property(certificate => certificate.Id).ValueGeneratedNever();
        builder.Property(certificate => certificate.Code).HasMaxLength(VerificationCode.Length);
        builder.HasIndex(certificate => certificate.Code).IsUnique();
        builder.HasOne<Enrollment>().WithMany().HasForeignKey(certificate => certificate.EnrollmentId);
        builder.HasOne<User>().WithMany().HasForeignKey(certificate => certificate.UserId);
        builder.HasOne<Course>().WithMany().HasForeignKey(certificate => certificate.CourseId);
        builder.HasOne<CourseRun>().WithMany().HasForeignKey(certificate => certificate.RunId);
        builder.Property(certificate => certificate.HolderName).HasMaxLength(200);
        builder.Property(certificate => certificate.CourseTitle).HasJsonColumn();
        builder.Property(certificate => certificate.RunTitle).HasJsonColumn();
        builder.Property(certificate => certificate.Scores).HasJsonColumn();
        builder.Property(certificate => certificate.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(certificate => certificate.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(certificate => certificate.IssueReason).HasMaxLength(500);
        builder.Property(certificate => certificate.RevocationReason).HasMaxLength(500);
        builder.Property(certificate => certificate.SupersessionReason).HasMaxLength(500);
        builder.Property(certificate => certificate.RevocationCategory).HasConversion<string>().HasMaxLength(32);

        // At most one current certificate per enrolment, whatever the number of parallel triggers.
        builder.HasIndex(certificate => certificate.EnrollmentId).IsUnique().HasFilter("state = 'Issued'").HasDatabaseName("ix_certificates_one_current_per_enrollment");
        builder.HasIndex(certificate => certificate.UserId);
        builder.HasXminRowVersion();
        builder.HasMany(certificate => certificate.Transitions).WithOne().HasForeignKey(transition => transition.CertificateId);
        builder.Navigation(certificate => certificate.Transitions).UsePropertyAccessMode(PropertyAccessMode.Field);

        // A handful of rows per certificate, needed by every verb that changes its state and by every credential.
        builder.HasMany(certificate => certificate.StatusEntries).WithOne().HasForeignKey(entry => entry.CertificateId);
        builder.Navigation(certificate => certificate.StatusEntries).UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
    }
}

internal sealed class CertificateStatusEntryConfiguration : IEntityTypeConfiguration<CertificateStatusEntry>
{
    /// <summary>Hands out status list positions: never the same twice, whatever the number of instances issuing at once.</summary>
    public const string IndexSequence = "certificate_status_index";

    public void Configure(EntityTypeBuilder<CertificateStatusEntry> builder)
    {
        builder.HasKey(entry => entry.Id);
        builder.Property(entry => entry.Id).ValueGeneratedNever();
        builder.Property(entry => entry.Index).HasDefaultValueSql($"nextval('{IndexSequence}')").ValueGeneratedOnAdd();

        // One certificate per bit: the sequence never repeats, and this says so to anything that writes rows another way.
        builder.HasIndex(entry => entry.Index).IsUnique();

        // The status list is read as the set bits of a range of positions.
        builder.HasIndex(entry => new { entry.Index, entry.RevokedAt }).HasFilter("revoked_at IS NOT NULL").HasDatabaseName("ix_certificate_status_entries_revoked");
    }
}

internal sealed class CertificateTransitionConfiguration : IEntityTypeConfiguration<CertificateTransition>
{
    public void Configure(EntityTypeBuilder<CertificateTransition> builder)
    {
        builder.HasKey(transition => transition.Id);
        builder.Property(transition => transition.Id).ValueGeneratedNever();
        builder.Property(transition => transition.FromState).HasMaxLength(32);
        builder.Property(transition => transition.ToState).HasMaxLength(32);
        builder.Property(transition => transition.Trigger).HasMaxLength(32);
        builder.Property(transition => transition.Reason).HasMaxLength(500);
        builder.HasIndex(transition => new { transition.CertificateId, transition.At });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(entry => entry.Id);
        builder.Property(entry => entry.Id).ValueGeneratedNever();
        builder.Property(entry => entry.Action).HasMaxLength(64);
        builder.Property(entry => entry.Subject).HasMaxLength(AuditEntry.SubjectMaxLength);
        builder.Property(entry => entry.Reason).HasMaxLength(AuditEntry.ReasonMaxLength);
        builder.HasIndex(entry => new { entry.SubjectUserId, entry.At });
        builder.HasIndex(entry => new { entry.ActorId, entry.At });
        builder.HasIndex(entry => new { entry.Action, entry.At });
    }
}
