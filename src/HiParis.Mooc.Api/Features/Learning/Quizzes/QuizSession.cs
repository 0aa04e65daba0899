using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>
/// A quiz of a learner's course, opened for a request: the course, the enrolment (tracked), the quiz as the
/// domain needs it, who acts, and the learner's accommodations. <see cref="KeptVersion"/> is the enrolment's
/// row version when it came from <see cref="QuizSessionCache"/> and nothing wrote it in this request yet.
/// </summary>
public sealed record QuizSession(CourseEdition Edition, Enrollment Enrollment, QuizContext Quiz, Actor Actor, IReadOnlyList<QuizAccommodation> Accommodations)
{
    public uint? KeptVersion { get; init; }

    public AttemptView View(QuizAttempt attempt) => QuizViews.Attempt(Enrollment, Quiz, attempt, Edition.Slug);
}

/// <summary>A kept session taken for a change outside EF: the session, the attempt it is about, and the entry as it was taken.</summary>
public sealed record KeptSession(QuizSession Session, QuizAttempt Attempt, KeptQuiz Taken);

/// <summary>A kept session taken for a start written outside the graph: the session, and the entry as it was taken.</summary>
public sealed record KeptStart(QuizSession Session, KeptQuiz Taken);
