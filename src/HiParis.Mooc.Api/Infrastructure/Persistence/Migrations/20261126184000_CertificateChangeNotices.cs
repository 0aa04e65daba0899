using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HiParis.Mooc.Api.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Every change of a certificate row announces its code on <c>certificate_changes</c> (ADR 28): the
    /// notice is part of the transaction, so PostgreSQL delivers it exactly when the change commits, whatever
    /// made it (the API, a command, SQL by hand), and never for a change rolled back.
    /// </summary>
    public partial class CertificateChangeNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION announce_certificate_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('certificate_changes', OLD.code);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER certificates_announce_change AFTER UPDATE OR DELETE ON certificates
                    FOR EACH ROW EXECUTE FUNCTION announce_certificate_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER certificates_announce_change ON certificates;
                DROP FUNCTION announce_certificate_change();
                """);
        }
    }
}
