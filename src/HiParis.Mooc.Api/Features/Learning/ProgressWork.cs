using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>
/// Whoever must act, in the same transaction, when an enrolment reaches a milestone (the certificates
/// feature issues one when the rule is met). The learning feature knows no one by name: dependencies run
/// one way (Certificates → Learning).
/// </summary>
public interface IProgressMilestones
{
    Task OnReachedAsync(Enrollment enrollment, CourseEdition edition, IReadOnlyList<ProgressMilestone> milestones, CancellationToken cancellationToken);
}

/// <summary>Saves a change of an enrolment's progress, with what its milestones set off, in one unit of work.</summary>
public sealed class ProgressWork(UnitOfWork work, IEnumerable<IProgressMilestones> listeners)
{
    public UnitOfWork Work => work;

    /// <summary>
    /// Always writes the enrolment row: two changes of one enrolment then race on its xmin even within one
    /// clock tick, and the loser runs again (no roll-up can miss the other's completion).
    /// </summary>
    public async Task SaveAsync(Enrollment enrollment, CourseEdition edition, CancellationToken cancellationToken)
    {
        work.Db.Entry(enrollment).Property(entry => entry.LastActivityAt).IsModified = true;
        if (enrollment.Milestones.Count > 0)
        {
            List<ProgressMilestone> reached = [.. enrollment.Milestones];
            enrollment.ClearMilestones();
            foreach (var listener in listeners)
            {
                await listener.OnReachedAsync(enrollment, edition, reached, cancellationToken);
            }
        }

        await work.SaveAsync(cancellationToken);
    }
}
