namespace HiParis.Mooc.Domain.Courses;

/// <summary>The states of a course version: instructors edit a draft, learners see the published one.</summary>
public enum ContentState
{
    Draft,
    Published,
    Archived,
}
