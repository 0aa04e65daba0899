using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SingleUseRefreshTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "used_refresh_tokens",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_used_refresh_tokens", x => x.token_hash);
                    table.ForeignKey(
                        name: "fk_used_refresh_tokens_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_used_refresh_tokens_expires_at",
                table: "used_refresh_tokens",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_used_refresh_tokens_user_id",
                table: "used_refresh_tokens",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "used_refresh_tokens");
        }
    }
}
