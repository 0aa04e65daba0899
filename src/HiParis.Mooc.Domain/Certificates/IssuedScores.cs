namespace HiParis.Mooc.Domain.Certificates;

/// <summary>How a certificate came to be: the learner met the rule, or an admin made an exception.</summary>
public enum IssuanceKind
{
    Automatic,
    Exception,
}

/// <summary>
/// What a certificate was issued on: the course version (its grading policy and certificate rule) and the
/// scores then. The rule's lesson and quiz parts are null on certificates issued before they were kept.
/// </summary>
public sealed record IssuedScores(
    int CourseVersion,
    decimal Grade,
    decimal PassMark,
    decimal MinGrade,
    IReadOnlyDictionary<string, decimal> Quizzes,
    int LessonsCompleted,
    int LessonsTotal,
    decimal? MinLessonsCompleted = null,
    bool? AllQuizzesPassed = null);
