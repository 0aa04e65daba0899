using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(message => message.Id);
        builder.Property(message => message.Id).ValueGeneratedNever();
        builder.Property(message => message.Recipient).HasMaxLength(OutboxMessage.RecipientMaxLength);
        builder.Property(message => message.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength);
        builder.Property(message => message.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        builder.Property(message => message.State).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<User>().WithMany().HasForeignKey(message => message.UserId);

        // The dispatchers' one question, "which waiting message is due?", reads only the waiting rows.
        builder.HasIndex(message => message.NextAttemptAt).HasFilter("state = 'Pending'").HasDatabaseName("ix_outbox_messages_due");
        builder.HasIndex(message => message.CreatedAt).HasFilter("state <> 'Pending'").HasDatabaseName("ix_outbox_messages_done");
        builder.HasIndex(message => message.UserId);
    }
}
