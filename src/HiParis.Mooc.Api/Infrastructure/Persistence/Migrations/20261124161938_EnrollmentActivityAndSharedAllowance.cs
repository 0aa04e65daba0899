using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EnrollmentActivityAndSharedAllowance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "allowance",
                table: "lesson_progress");

            migrationBuilder.DropColumn(
                name: "last_heartbeat_at",
                table: "lesson_progress");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_activity_at",
                table: "enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_heartbeat_at",
                table: "enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "video_allowance",
                table: "enrollments",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_activity_at",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "last_heartbeat_at",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "video_allowance",
                table: "enrollments");

            migrationBuilder.AddColumn<double>(
                name: "allowance",
                table: "lesson_progress",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_heartbeat_at",
                table: "lesson_progress",
                type: "timestamp with time zone",
                nullable: true);
        }
    }
}
