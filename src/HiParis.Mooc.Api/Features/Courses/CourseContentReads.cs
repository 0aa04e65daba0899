using System.Collections.Concurrent;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses;

/// <summary>
/// The course contents this instance is reading now, by hash. A content is megabytes of JSON: on an instance
/// that has not read it yet, a burst of requests would each read and parse it (200 first quiz starts together
/// held the pool past its timeout). The first request reads it; the others wait for that read.
/// </summary>
public sealed class CourseContentReads
{
    private readonly ConcurrentDictionary<string, Task<CoursePackage>> _reading = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="read"/> unless a read of the same hash is under way, and then waits for that one.
    /// The read itself is not cancelled with the request that runs it, which waits for it to end (its
    /// database context stays in use until then); another request stops waiting when it is cancelled.
    /// A read that fails is forgotten: the next request reads again.
    /// </summary>
    public async Task<CoursePackage> ReadOnceAsync(string hash, Func<Task<CoursePackage>> read, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<CoursePackage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _reading.GetOrAdd(hash, mine.Task);
        if (current != mine.Task)
        {
            return await current.WaitAsync(cancellationToken);
        }

        try
        {
            var course = await read();
            mine.SetResult(course);
            return course;
        }
        catch (Exception exception)
        {
            mine.SetException(exception);
            _ = mine.Task.Exception; // observed: with no one waiting, it is this request's failure alone
            throw;
        }
        finally
        {
            _reading.TryRemove(new KeyValuePair<string, Task<CoursePackage>>(hash, mine.Task));
        }
    }
}
