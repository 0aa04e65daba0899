using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>What publishing a version added and archived.</summary>
public sealed record PublicationResult(IReadOnlyList<CourseRun> NewRuns, IReadOnlyList<CourseItem> NewItems, int ArchivedItems);

/// <summary>
/// Publishing a course version, in two steps: the version learners saw is retired (archived), then the new
/// one is published and the course's runs and item keys follow its content. A course has one published
/// version at a time, so the retirement is stored before the publication. A run or an item the new content
/// drops is archived, never deleted: enrolments and learner data refer to them.
/// </summary>
public static class Publication
{
    public static void Retire(CourseVersion? current, Actor actor) => current?.Archive(actor);

    public static PublicationResult Publish(
        Course course,
        CourseVersion next,
        CoursePackage content,
        IEnumerable<CourseRun> runs,
        IEnumerable<CourseItem> items,
        Actor actor)
    {
        if (next.CourseId != course.Id)
        {
            throw new ArgumentException("The version must belong to the course.", nameof(next));
        }

        if (next.State != ContentState.Published)
        {
            next.Publish(actor);
        }

        var (newRuns, _) = Sync(runs, content.Runs, run => run.Key, spec => spec.Key, (run, spec) => run.Update(spec), spec => CourseRun.Create(course.Id, spec, actor.Now), run => run.Archive());
        var specs = content.Modules.SelectMany(module => module.Items.Select(item => (Module: module.Key, Item: item)));
        var (newItems, archived) = Sync(
            items,
            specs,
            item => item.Key,
            spec => spec.Item.Key,
            (item, spec) => item.Update(spec.Module, spec.Item),
            spec => CourseItem.Create(course.Id, spec.Module, spec.Item, actor.Now),
            item => item.Archive(actor.Now),
            item => item.ArchivedAt is null);
        return new PublicationResult(newRuns, newItems, archived);
    }

    private static (List<TEntity> Added, int Archived) Sync<TEntity, TSpec>(
        IEnumerable<TEntity> existing,
        IEnumerable<TSpec> specs,
        Func<TEntity, string> entityKey,
        Func<TSpec, string> specKey,
        Action<TEntity, TSpec> update,
        Func<TSpec, TEntity> create,
        Action<TEntity> archive,
        Func<TEntity, bool>? counts = null)
    {
        var remaining = existing.ToDictionary(entityKey, StringComparer.Ordinal);
        List<TEntity> added = [];
        foreach (var spec in specs)
        {
            if (remaining.Remove(specKey(spec), out var entity))
            {
                update(entity, spec);
            }
            else
            {
                added.Add(create(spec));
            }
        }

        var archived = 0;
        foreach (var dropped in remaining.Values)
        {
            if (counts?.Invoke(dropped) ?? true)
            {
                archived++;
            }

            archive(dropped);
        }

        return (added, archived);
    }
}
