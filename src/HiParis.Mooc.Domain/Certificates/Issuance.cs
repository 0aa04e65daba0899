using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Domain.Certificates;

/// <summary>What the certificate rule decides for an enrolment.</summary>
public enum IssuanceOutcome
{
    /// <summary>The rule is met and nothing stands in the way: issue one now.</summary>
    Issue,

    /// <summary>The enrolment has a certificate already (in whatever state): nothing new.</summary>
    AlreadyIssued,

    /// <summary>The learner does not meet the course's certificate rule (yet).</summary>
    NotEligible,

    /// <summary>A certificate of this learner for this course was revoked: only an admin can issue another.</summary>
    RevokedBefore,

    /// <summary>The learner withdrew.</summary>
    NotActive,
}

/// <summary>
/// The one rule that both automatic issuance (when progress meets the certificate rule) and the learner's
/// claim apply: never twice for an enrolment, never again automatically for a learner whose certificate of
/// the course was revoked, in whichever run or enrolment (ADR 18).
/// </summary>
public static class Issuance
{
    /// <param name="enrollment">The enrolment progress was made in.</param>
    /// <param name="eligibility">The course's certificate rule checked for it.</param>
    /// <param name="learnersCertificates">Every certificate of this learner for this course.</param>
    public static IssuanceOutcome Decide(Enrollment enrollment, Eligibility eligibility, IEnumerable<Certificate> learnersCertificates)
    {
        List<Certificate> certificates = [.. learnersCertificates];
        if (certificates.Any(certificate => certificate.EnrollmentId == enrollment.Id))
        {
            return IssuanceOutcome.AlreadyIssued;
        }

        if (certificates.Any(certificate => certificate.State == CertificateState.Revoked))
        {
            return IssuanceOutcome.RevokedBefore;
        }

        if (!enrollment.IsActive)
        {
            return IssuanceOutcome.NotActive;
        }

        return MayIssue(enrollment, eligibility) ? IssuanceOutcome.Issue : IssuanceOutcome.NotEligible;
    }

    /// <summary>
    /// Whether <see cref="Decide"/> can answer <see cref="IssuanceOutcome.Issue"/> for this enrolment at all: the
    /// enrolment is active and meets the rule, so that only the learner's certificates can still turn it down. A
    /// caller that acts on <see cref="IssuanceOutcome.Issue"/> alone need not read those certificates otherwise.
    /// </summary>
    public static bool MayIssue(Enrollment enrollment, Eligibility eligibility) => enrollment.IsActive && eligibility.Eligible;
}
