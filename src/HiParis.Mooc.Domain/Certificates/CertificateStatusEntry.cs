namespace HiParis.Mooc.Domain.Certificates;

/// <summary>Why an admin revoked a certificate, in words anyone may read; the free text stays in the audit log.</summary>
public enum RevocationCategory
{
    IssuedInError,
    HolderRequest,
    AcademicMisconduct,
    IdentityNotConfirmed,
}

/// <summary>
/// A certificate's place in the published status list (W3C Bitstring Status List, purpose "revocation"):
/// one bit, set once the certificate stops standing. A revocation is final for the bit, so a reinstated
/// certificate gets a new entry and copies of its credential signed before keep pointing to the set bit.
/// </summary>
public sealed class CertificateStatusEntry
{
    private CertificateStatusEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid CertificateId { get; private set; }

    /// <summary>The position across every status list, given by a database sequence when the entry is saved.</summary>
    public long Index { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the bit was set; never cleared.</summary>
    public DateTimeOffset? RevokedAt { get; private set; }

    internal static CertificateStatusEntry Open(Guid certificateId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CertificateId = certificateId,
        CreatedAt = now,
    };

    internal void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
