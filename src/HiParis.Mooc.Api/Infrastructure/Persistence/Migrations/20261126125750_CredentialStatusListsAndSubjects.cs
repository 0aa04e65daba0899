using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CredentialStatusListsAndSubjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "certificate_status_index",
                startValue: 0L,
                minValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "revocation_category",
                table: "certificates",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "subject_id",
                table: "certificates",
                type: "uuid",
                nullable: false,
                defaultValueSql: "gen_random_uuid()");

            // Every certificate already issued gets its own random subject; new ones get theirs from the domain.
            migrationBuilder.Sql("ALTER TABLE certificates ALTER COLUMN subject_id DROP DEFAULT;");

            migrationBuilder.CreateTable(
                name: "certificate_status_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    certificate_id = table.Column<Guid>(type: "uuid", nullable: false),
                    index = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "nextval('certificate_status_index')"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificate_status_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_certificate_status_entries_certificates_certificate_id",
                        column: x => x.certificate_id,
                        principalTable: "certificates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_certificate_status_entries_certificate_id",
                table: "certificate_status_entries",
                column: "certificate_id");

            migrationBuilder.CreateIndex(
                name: "ix_certificate_status_entries_index",
                table: "certificate_status_entries",
                column: "index",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificate_status_entries_revoked",
                table: "certificate_status_entries",
                columns: new[] { "index", "revoked_at" },
                filter: "revoked_at IS NOT NULL");

            // Certificates issued before status lists get an entry each, set for those that no longer stand.
            migrationBuilder.Sql("""
                INSERT INTO certificate_status_entries (id, certificate_id, created_at, revoked_at)
                SELECT gen_random_uuid(), id, issued_at,
                       CASE WHEN state = 'Issued' THEN NULL ELSE coalesce(revoked_at, superseded_at, now()) END
                FROM certificates ORDER BY issued_at, id;
                UPDATE certificates SET revocation_category = 'HolderRequest'
                WHERE state = 'Revoked' AND revocation_reason = 'The holder erased their account.';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate_status_entries");

            migrationBuilder.DropColumn(
                name: "revocation_category",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "subject_id",
                table: "certificates");

            migrationBuilder.DropSequence(
                name: "certificate_status_index");
        }
    }
}
