using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Domain.Certificates;

public enum CertificateState
{
    Issued,
    Revoked,
    Superseded,
}

public enum CertificateTrigger
{
    Revoke,
    Reinstate,
    Supersede,
}

/// <summary>
/// A certificate of one enrolment. At most one is current (<see cref="CertificateState.Issued"/>) per
/// enrolment, kept by a unique index; a reissue supersedes the current one with a new code.
/// </summary>
public sealed class Certificate
{
    private readonly List<CertificateTransition> _transitions = [];
    private readonly List<CertificateStatusEntry> _statusEntries = [];
    private Lifecycle<CertificateState, CertificateTrigger, CertificateChange>? _lifecycle;

    private Certificate()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The verification code, stored without dashes (see <see cref="VerificationCode"/>).</summary>
    public string Code { get; private set; } = "";

    public Guid EnrollmentId { get; private set; }

    /// <summary>
    /// The holder as the credential names them (<c>credentialSubject.id</c>): random and of this certificate
    /// only, so that two certificates of one person cannot be linked by it and it tells nothing of the account.
    /// </summary>
    public Guid SubjectId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid CourseId { get; private set; }

    public Guid RunId { get; private set; }

    public string HolderName { get; private set; } = "";

    /// <summary>The course's title by language, as it was when issued.</summary>
    public Dictionary<string, string> CourseTitle { get; private set; } = [];

    public Dictionary<string, string> RunTitle { get; private set; } = [];

    public Guid CourseVersionId { get; private set; }

    public IssuedScores Scores { get; private set; } = null!;

    public IssuanceKind Kind { get; private set; }

    /// <summary>Who issued it: the learner themselves for an automatic certificate, else the admin.</summary>
    public Guid IssuedBy { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>Why an admin issued it as an exception or reissued it; empty for an automatic one.</summary>
    public string IssueReason { get; private set; } = "";

    public CertificateState State { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>The admin's own words, for the audit trail; the public sees <see cref="RevocationCategory"/> only.</summary>
    public string? RevocationReason { get; private set; }

    /// <summary>Null on certificates revoked before categories existed.</summary>
    public RevocationCategory? RevocationCategory { get; private set; }

    public DateTimeOffset? SupersededAt { get; private set; }

    public string? SupersessionReason { get; private set; }

    /// <summary>The certificate that replaced this one.</summary>
    public Guid? SupersededById { get; private set; }

    /// <summary>The certificate this one replaced.</summary>
    public Guid? ReplacesId { get; private set; }

    public IReadOnlyCollection<CertificateTransition> Transitions => _transitions;

    /// <summary>Every status list entry the certificate had: all set but the current one's, while it is current.</summary>
    public IReadOnlyCollection<CertificateStatusEntry> StatusEntries => _statusEntries;

    /// <summary>The entry a credential signed now points to; null once the certificate no longer stands.</summary>
    public CertificateStatusEntry? CurrentStatusEntry => IsCurrent ? _statusEntries.LastOrDefault(entry => entry.RevokedAt is null) : null;

    public bool IsCurrent => State == CertificateState.Issued;

    public bool CanRevoke => Lifecycle.CanFire(CertificateTrigger.Revoke);

    public bool CanReinstate => Lifecycle.CanFire(CertificateTrigger.Reinstate);

    private Lifecycle<CertificateState, CertificateTrigger, CertificateChange> Lifecycle => _lifecycle ??= BuildLifecycle();

    public static Certificate Issue(
        Enrollment enrollment,
        string holderName,
        Dictionary<string, string> courseTitle,
        Dictionary<string, string> runTitle,
        Guid courseVersionId,
        IssuedScores scores,
        IssuanceKind kind,
        string reason,
        Actor actor)
    {
        if (kind == IssuanceKind.Exception && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("certificate.reason-required", "An exception needs a reason.");
        }

        return Create(enrollment.Id, enrollment.UserId, enrollment.CourseId, enrollment.RunId, holderName, courseTitle, runTitle, courseVersionId, scores, kind, reason, actor, kind == IssuanceKind.Automatic ? "Issue" : "IssueException", replaces: null);
    }

    public void Revoke(RevocationCategory category, string reason, Actor actor)
    {
        Fire(CertificateTrigger.Revoke, reason, actor);
        RevokedAt = actor.Now;
        RevocationReason = reason.Trim();
        RevocationCategory = category;
        CloseStatusEntries(actor.Now);
    }

    /// <summary>Title shown where the holder's name was, once they erased their account.</summary>
    public const string ErasedHolder = "—";

    /// <summary>
    /// The holder erased their account: their name leaves the certificate, and a current certificate is
    /// revoked, so that a verifier learns it no longer stands rather than "not found" (ADR 10).
    /// </summary>
    public void EraseHolder(Actor actor)
    {
        if (IsCurrent)
        {
            Revoke(Certificates.RevocationCategory.HolderRequest, ErasureReason, actor);
        }

        HolderName = ErasedHolder;
    }

    public const string ErasureReason = "The holder erased their account.";

    /// <summary>
    /// Undoes a revocation made in error. The unique index refuses it if the enrolment has a current
    /// certificate since. The revoked status bit stays set: the certificate gets a new entry.
    /// </summary>
    public void Reinstate(string reason, Actor actor)
    {
        Fire(CertificateTrigger.Reinstate, reason, actor);
        RevokedAt = null;
        RevocationReason = null;
        RevocationCategory = null;
        _statusEntries.Add(CertificateStatusEntry.Open(Id, actor.Now));
    }

    /// <summary>
    /// Replaces this certificate by a new one with a new code (after a change of legal name, say): this
    /// one is superseded and points to it; the new one keeps the scores and the date of issue (when the
    /// learner earned it), and its history records when it was reissued.
    /// </summary>
    public Certificate Reissue(string holderName, string reason, Actor actor)
    {
        Fire(CertificateTrigger.Supersede, reason, actor);
        var replacement = Create(EnrollmentId, UserId, CourseId, RunId, holderName, CourseTitle, RunTitle, CourseVersionId, Scores, Kind, reason, actor, "Reissue", replaces: Id);
        replacement.IssuedAt = IssuedAt;
        SupersededAt = actor.Now;
        SupersessionReason = reason.Trim();
        SupersededById = replacement.Id;
        CloseStatusEntries(actor.Now);
        return replacement;
    }

    private static Certificate Create(
        Guid enrollmentId,
        Guid userId,
        Guid courseId,
        Guid runId,
        string holderName,
        Dictionary<string, string> courseTitle,
        Dictionary<string, string> runTitle,
        Guid courseVersionId,
        IssuedScores scores,
        IssuanceKind kind,
        string reason,
        Actor actor,
        string trigger,
        Guid? replaces)
    {
        var certificate = new Certificate
        {
            Id = Guid.CreateVersion7(actor.Now),
            Code = VerificationCode.New(),
            EnrollmentId = enrollmentId,
            SubjectId = Guid.NewGuid(),
            UserId = userId,
            CourseId = courseId,
            RunId = runId,
            HolderName = holderName,
            CourseTitle = courseTitle,
            RunTitle = runTitle,
            CourseVersionId = courseVersionId,
            Scores = scores,
            Kind = kind,
            IssuedBy = actor.Id,
            IssuedAt = actor.Now,
            IssueReason = reason.Trim(),
            State = CertificateState.Issued,
            ReplacesId = replaces,
        };
        certificate._transitions.Add(CertificateTransition.Record(certificate.Id, "None", nameof(CertificateState.Issued), trigger, reason.Trim(), actor));
        certificate._statusEntries.Add(CertificateStatusEntry.Open(certificate.Id, actor.Now));
        return certificate;
    }

    private void CloseStatusEntries(DateTimeOffset now)
    {
        foreach (var entry in _statusEntries)
        {
            entry.Revoke(now);
        }
    }

    private void Fire(CertificateTrigger trigger, string reason, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("certificate.reason-required", "This action needs a reason.");
        }

        Lifecycle.Fire(trigger, new CertificateChange(actor, reason.Trim()));
    }

    private Lifecycle<CertificateState, CertificateTrigger, CertificateChange> BuildLifecycle()
    {
        var lifecycle = new Lifecycle<CertificateState, CertificateTrigger, CertificateChange>(
            "certificate",
            () => State,
            state => State = state,
            (from, to, trigger, change) => _transitions.Add(CertificateTransition.Record(Id, from, to, trigger, change.Reason, change.Actor)));
        lifecycle.Configure(CertificateState.Issued)
            .Permit(CertificateTrigger.Revoke, CertificateState.Revoked)
            .Permit(CertificateTrigger.Supersede, CertificateState.Superseded);
        lifecycle.Configure(CertificateState.Revoked)
            .Permit(CertificateTrigger.Reinstate, CertificateState.Issued);
        lifecycle.Configure(CertificateState.Superseded);
        return lifecycle;
    }

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/certificate.md).</summary>
    public static string Diagram() => new Certificate().Lifecycle.Diagram();
}
