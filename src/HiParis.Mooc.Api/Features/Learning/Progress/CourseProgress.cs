using System.Text.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Features.Learning.Progress;

public sealed record HeartbeatResponse(double Coverage, double CreditedSeconds, LessonState State, ModuleState ModuleState, EnrollmentState CourseState);

/// <summary>
/// An item in the learner's outline: enough to draw it without the catalog (its time, its size, its state);
/// its content and media addresses come from the item itself, once its week is open.
/// </summary>
public sealed record ItemStateResponse(
    string Key,
    Content.ItemKind Type,
    string Title,
    ItemStatus State,
    int Minutes,
    bool Preview,
    int? DurationSeconds = null,
    double? Coverage = null,
    int? QuestionsPerAttempt = null,
    decimal? Points = null,
    int? MaxAttempts = null);

public sealed record ModuleStateResponse(string Key, int Week, string Title, string Summary, ModuleState State, DateTimeOffset OpensAt, IReadOnlyList<ItemStateResponse> Items);

public sealed record MyCourseResponse(string Slug, string Title, Enrolments.EnrollmentResponse Enrollment, IReadOnlyList<ModuleStateResponse> Modules);

public sealed record ResumeResponse(bool Finished, string? ModuleKey, string? ItemKey, string? Type, double PositionSeconds, DateTimeOffset? OpensAt);

/// <summary>What a request about a learner's progress found: the course and the enrolment, or nothing.</summary>
public sealed record LearnerCourse(CourseEdition Edition, Enrollment Enrollment)
{
    public CourseSchedule Schedule { get; } = Edition.ScheduleFor(Enrollment);
}

/// <summary>
/// A learner's progress in a course: the outline with their state, where to resume, video heartbeats and
/// readings. Each use case loads, calls one domain verb, saves, and maps; for the API and the pages alike.
/// </summary>
public sealed class CourseProgress(CourseCatalog catalog, LearnerRecords records, ProgressWork progress, OutlineCache outlines, WatchingCache watching, IOptions<JsonOptions> jsonOptions, TimeProvider time)
{
    /// <summary>The course and the learner's current enrolment, untracked; null when either is missing.</summary>
    public async Task<LearnerCourse?> ReadAsync(Guid userId, string slug, CancellationToken cancellationToken) =>
        await catalog.EditionAsync(slug, cancellationToken) is { } edition && await records.CurrentToReadAsync(userId, edition.CourseId, cancellationToken) is { } enrollment
            ? new LearnerCourse(edition, enrollment)
            : null;

    public async Task<MyCourseResponse?> OutlineAsync(Guid userId, string slug, CancellationToken cancellationToken) =>
        await ReadAsync(userId, slug, cancellationToken) is { } learner ? Outline(learner, slug, time.GetUtcNow()) : null;

    /// <summary>
    /// The outline as the API answers it, in JSON: from the cache when the enrolment's row version says that
    /// nothing it shows has changed and no week has opened since (ADR 29), else made and kept.
    /// </summary>
    public async Task<byte[]?> OutlineJsonAsync(Guid userId, string slug, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || await records.CurrentStampAsync(userId, edition.CourseId, cancellationToken) is not { } current)
        {
            return null;
        }

        var key = new OutlineKey(userId, slug, Infrastructure.Localization.Text.Language);
        var stamp = new OutlineStamp(edition.VersionId, current.Id, current.RowVersion);
        if (outlines.Find(key, stamp) is { } kept)
        {
            return kept;
        }

        // Read after the stamp: what it shows is as new as the stamp or newer, so the entry can only be dropped
        // too early, never kept too long.
        if (await records.CurrentToReadAsync(userId, edition.CourseId, cancellationToken) is not { } enrollment)
        {
            return null;
        }

        var learner = new LearnerCourse(edition, enrollment);
        var now = time.GetUtcNow();
        var json = JsonSerializer.SerializeToUtf8Bytes(Outline(learner, slug, now), jsonOptions.Value.SerializerOptions);
        if (enrollment.Id == current.Id)
        {
            outlines.Keep(key, stamp, learner.Schedule.NextOpeningAfter(now) ?? DateTimeOffset.MaxValue, json);
        }

        return json;
    }

    private static MyCourseResponse Outline(LearnerCourse learner, string slug, DateTimeOffset now)
    {
        var enrollment = learner.Enrollment;
        var modules = learner.Schedule.Modules.Select(module => new ModuleStateResponse(
            module.Key,
            module.Week,
            CatalogMapping.Local(module.Spec.Title),
            CatalogMapping.Local(module.Spec.Summary),
            enrollment.StatusOf(module, now),
            module.OpensAt,
            [.. module.Spec.Items.Select(item => ItemState(learner.Edition.Package, item, enrollment, enrollment.StatusOf(module, item.Key, now)))])).ToList();
        var response = Enrolments.EnrollmentResponse.Of(enrollment, slug, learner.Edition.RunKey(enrollment.RunId));
        return new MyCourseResponse(slug, CatalogMapping.Local(learner.Edition.Package.Title), response, modules);
    }

    public async Task<ResumeResponse?> ResumeAsync(Guid userId, string slug, CancellationToken cancellationToken)
    {
        if (await ReadAsync(userId, slug, cancellationToken) is not { } learner)
        {
            return null;
        }

        return learner.Enrollment.Resume(learner.Schedule, time.GetUtcNow()) is { } point
            ? new ResumeResponse(false, point.Module.Key, point.Item.Key, point.Item.TypeName, point.PositionSeconds, point.OpensAt)
            : new ResumeResponse(true, null, null, null, 0, null);
    }

    /// <summary>Records a heartbeat of a video lesson; null when the course has no such lesson or the learner is not enrolled.</summary>
    public async Task<LearningOutcome<HeartbeatResponse>> HeartbeatAsync(Guid userId, string slug, string lessonKey, Heartbeat heartbeat, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || edition.Package.Find(lessonKey) is not (var lessonModule, VideoLessonSpec))
        {
            return LearningOutcome.NoSuchItem<HeartbeatResponse>();
        }

        var actor = new Actor(userId, time.GetUtcNow());
        var key = new WatchingKey(userId, edition.VersionId, lessonModule.Key);
        if (watching.Take(key) is { } kept && await HeartbeatOnKeptAsync(key, kept, lessonKey, heartbeat, actor, cancellationToken) is { } answer)
        {
            return new LearningOutcome<HeartbeatResponse>(answer);
        }

        if (await records.CurrentForModuleAsync(userId, edition.CourseId, lessonModule, cancellationToken) is not { } enrollment)
        {
            return LearningOutcome.NotEnrolled<HeartbeatResponse>();
        }

        var schedule = edition.ScheduleFor(enrollment);
        var result = enrollment.RecordHeartbeat(schedule, lessonKey, heartbeat, actor);
        await progress.SaveAsync(enrollment, edition, cancellationToken);

        // The answer is read from the graph before it is kept: once kept, the learner's next heartbeat may change it.
        var answered = Answer(enrollment, lessonModule.Key, result);
        watching.Keep(key, new Watching(enrollment, schedule, progress.Work.Db.RowVersionOf(enrollment)));
        return new LearningOutcome<HeartbeatResponse>(answered);
    }

    /// <summary>
    /// The heartbeat applied to the enrolment its last heartbeat left on this instance, and written in one
    /// statement (ADR 30); null when that cannot be: the verb changed a state (its log, milestones and listeners
    /// go through <see cref="ProgressWork.SaveAsync"/>), refused, or the enrolment changed since it was kept.
    /// Then the caller loads the enrolment and runs the verb on it; what ran here is dropped with the entry.
    /// </summary>
    private async Task<HeartbeatResponse?> HeartbeatOnKeptAsync(WatchingKey key, Watching kept, string lessonKey, Heartbeat heartbeat, Actor actor, CancellationToken cancellationToken)
    {
        var (enrollment, schedule) = (kept.Enrollment, kept.Schedule);
        var (transitions, lessons) = (enrollment.Transitions.Count, enrollment.Lessons.Count);
        HeartbeatOutcome result;
        try
        {
            result = enrollment.RecordHeartbeat(schedule, lessonKey, heartbeat, actor);
        }
        catch (DomainException)
        {
            return null;
        }

        // Every change of a state is logged by its lifecycle: no new transition and no new lesson leave only the numbers.
        if (enrollment.Transitions.Count != transitions || enrollment.Lessons.Count != lessons
            || await progress.SaveWatchingAsync(enrollment, enrollment.LessonFor(lessonKey)!, kept.RowVersion, cancellationToken) is not { } written)
        {
            return null;
        }

        var answer = Answer(enrollment, key.ModuleKey, result);
        watching.Keep(key, kept with { RowVersion = written });
        return answer;
    }

    private static HeartbeatResponse Answer(Enrollment enrollment, string moduleKey, HeartbeatOutcome result) =>
        new(Math.Round(result.Coverage, 4), Math.Round(result.CreditedSeconds, 3), result.State, enrollment.ModuleFor(moduleKey).State, enrollment.State);

    /// <summary>Marks a reading as read (a video or a quiz answers 409 from the domain).</summary>
    public async Task<LearningOutcome<ItemStateResponse>> CompleteReadingAsync(Guid userId, string slug, string itemKey, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || edition.Package.Find(itemKey) is not (var itemModule, var item))
        {
            return LearningOutcome.NoSuchItem<ItemStateResponse>();
        }

        if (await records.CurrentForModuleAsync(userId, edition.CourseId, itemModule, cancellationToken) is not { } enrollment)
        {
            return LearningOutcome.NotEnrolled<ItemStateResponse>();
        }

        enrollment.CompleteReading(edition.ScheduleFor(enrollment), itemKey, new Actor(userId, time.GetUtcNow()));
        await progress.SaveAsync(enrollment, edition, cancellationToken);
        return new LearningOutcome<ItemStateResponse>(ItemState(edition.Package, item, enrollment, ItemStatus.Completed));
    }

    /// <summary>An item in the outline, in the request's language.</summary>
    private static ItemStateResponse ItemState(CoursePackage course, ItemSpec item, Enrollment enrollment, ItemStatus status)
    {
        var language = course.Languages.Contains(Infrastructure.Localization.Text.Language) ? Infrastructure.Localization.Text.Language : course.Languages[0];
        var basic = new ItemStateResponse(item.Key, Content.ItemContentBuilder.Kind(item), CatalogMapping.Local(item.Title), status, 0, course.IsPublic(item));
        return item switch
        {
            VideoLessonSpec video when video.DurationIn(language) is var duration => basic with
            {
                Minutes = CoursePackage.Minutes(video, language),
                DurationSeconds = duration,
                Coverage = duration == 0 ? 0 : Math.Min(1, Math.Round((enrollment.LessonFor(item.Key)?.CoveredSeconds ?? 0) / duration, 4)),
            },
            ReadingSpec reading => basic with { Minutes = reading.Minutes },
            QuizSpec quiz => basic with
            {
                Minutes = CoursePackage.Minutes(quiz, language),
                QuestionsPerAttempt = quiz.QuestionsPerAttempt,
                Points = quiz.PointsPerAttempt,
                MaxAttempts = quiz.IsPractice ? null : quiz.Policy.MaxAttempts,
            },
            _ => basic,
        };
    }
}
