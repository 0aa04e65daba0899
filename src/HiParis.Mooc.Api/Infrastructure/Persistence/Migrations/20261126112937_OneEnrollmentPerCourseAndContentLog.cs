using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OneEnrollmentPerCourseAndContentLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_enrollments_user_id_run_id",
                table: "enrollments");

            migrationBuilder.CreateTable(
                name: "content_transitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    to_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_content_transitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_content_transitions_course_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "course_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Before this rule a learner could hold a current enrolment in two runs of one course: the latest
            // stays current, the others are marked withdrawn (nothing is deleted; ADR 18).
            migrationBuilder.Sql("""
                UPDATE enrollments AS e
                SET state = 'Withdrawn', withdrawn_at = now()
                WHERE e.state <> 'Withdrawn'
                  AND EXISTS (
                    SELECT 1 FROM enrollments AS later
                    WHERE later.user_id = e.user_id AND later.course_id = e.course_id AND later.state <> 'Withdrawn'
                      AND (later.enrolled_at, later.id) > (e.enrolled_at, e.id));
                """);

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_one_current_per_course",
                table: "enrollments",
                columns: new[] { "user_id", "course_id" },
                unique: true,
                filter: "state <> 'Withdrawn'");

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_user_id_course_id",
                table: "enrollments",
                columns: new[] { "user_id", "course_id" });

            migrationBuilder.CreateIndex(
                name: "ix_content_transitions_version_id_at",
                table: "content_transitions",
                columns: new[] { "version_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "content_transitions");

            migrationBuilder.DropIndex(
                name: "ix_enrollments_one_current_per_course",
                table: "enrollments");

            migrationBuilder.DropIndex(
                name: "ix_enrollments_user_id_course_id",
                table: "enrollments");

            migrationBuilder.CreateIndex(
                name: "ix_enrollments_user_id_run_id",
                table: "enrollments",
                columns: new[] { "user_id", "run_id" },
                unique: true);
        }
    }
}
