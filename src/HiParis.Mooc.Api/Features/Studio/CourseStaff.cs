namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>An instructor on a course's staff: they see and change that course in the studio, and no other.</summary>
public sealed class CourseStaff
{
    private CourseStaff()
    {
    }

    public Guid Id { get; private set; }

    public Guid CourseId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid AddedBy { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    public static CourseStaff Add(Guid courseId, Guid userId, Guid addedBy, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), CourseId = courseId, UserId = userId, AddedBy = addedBy, AddedAt = now };
}
