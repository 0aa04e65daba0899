using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.UnitTests.Courses;

public sealed class CourseContentReadsTests
{
    private static readonly CoursePackage Tiny = PackageReader.Read(TestPackages.Folder("valid/tiny")).Package!;

    [Fact]
    public async Task RequestsTogether_ShareOneRead()
    {
        var reads = new CourseContentReads();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        async Task<CoursePackage> Read()
        {
            Interlocked.Increment(ref started);
            await release.Task;
            return Tiny;
        }

        // Each call runs to its first await: by the end of the list, every request has asked for the content.
        var requests = Enumerable.Range(0, 50).Select(_ => reads.ReadOnceAsync("hash-1", Read, TestContext.Current.CancellationToken)).ToList();
        Assert.Equal(1, started);
        Assert.All(requests, request => Assert.False(request.IsCompleted));
        release.SetResult();

        var packages = await Task.WhenAll(requests);
        Assert.Equal(1, started);
        Assert.All(packages, package => Assert.Same(Tiny, package));
    }

    [Fact]
    public async Task AReadOfAnotherHash_DoesNotWait()
    {
        var reads = new CourseContentReads();
        var never = new TaskCompletionSource<CoursePackage>();
        _ = reads.ReadOnceAsync("hash-1", () => never.Task, TestContext.Current.CancellationToken);

        var other = await reads.ReadOnceAsync("hash-2", () => Task.FromResult(Tiny), TestContext.Current.CancellationToken);

        Assert.Same(Tiny, other);
    }

    [Fact]
    public async Task AFailedRead_FailsItsWaiters_AndTheNextRequestReadsAgain()
    {
        var reads = new CourseContentReads();
        var failure = new TaskCompletionSource<CoursePackage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = reads.ReadOnceAsync("hash-1", () => failure.Task, TestContext.Current.CancellationToken);
        var waiter = reads.ReadOnceAsync("hash-1", () => throw new InvalidOperationException("a waiter does not read"), TestContext.Current.CancellationToken);
        failure.SetException(new TimeoutException("the database did not answer"));

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await Assert.ThrowsAsync<TimeoutException>(() => waiter);
        Assert.Same(Tiny, await reads.ReadOnceAsync("hash-1", () => Task.FromResult(Tiny), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AWaiterThatIsCancelled_StopsWaiting_AndTheReadGoesOn()
    {
        var reads = new CourseContentReads();
        var release = new TaskCompletionSource<CoursePackage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = reads.ReadOnceAsync("hash-1", () => release.Task, TestContext.Current.CancellationToken);
        using var gone = new CancellationTokenSource();
        var waiter = reads.ReadOnceAsync("hash-1", () => Task.FromResult(Tiny), gone.Token);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.False(first.IsCompleted);
        release.SetResult(Tiny);
        Assert.Same(Tiny, await first);
    }
}
