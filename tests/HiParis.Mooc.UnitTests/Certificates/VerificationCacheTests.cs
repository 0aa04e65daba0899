using System.Runtime.CompilerServices;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Domain.Certificates;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;

namespace HiParis.Mooc.UnitTests.Certificates;

public sealed class VerificationCacheTests
{
    // The cache treats a row as opaque: no certificate needs to be issued for it.
    private static readonly CertificateRow Row = new((Certificate)RuntimeHelpers.GetUninitializedObject(typeof(Certificate)), "understanding-ai", "self-paced", null);

    private static VerificationCache Cache(string seconds = "5") =>
        new(new MemoryCache(new MemoryCacheOptions()), new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Certificates:VerificationCacheSeconds"] = seconds }).Build());

    [Fact]
    public void ARowReadBeforeAChange_IsNotKept_WhenTheChangeWasForgottenBeforeTheReadEnded()
    {
        var cache = Cache();
        var mark = cache.Mark();
        cache.Forget("7KQ2M9XD4HT0ZB6R");
        cache.Keep("7KQ2M9XD4HT0ZB6R", Row, mark);
        Assert.False(cache.TryGet("7KQ2M9XD4HT0ZB6R", out _));
    }

    [Fact]
    public void ARowReadWithNoChangeMeanwhile_IsKept_UntilItsCertificateIsForgotten()
    {
        var cache = Cache();
        cache.Keep("7KQ2M9XD4HT0ZB6R", Row, cache.Mark());
        Assert.True(cache.TryGet("7KQ2M9XD4HT0ZB6R", out var kept));
        Assert.Same(Row, kept);
        cache.Forget("7KQ2M9XD4HT0ZB6R");
        Assert.False(cache.TryGet("7KQ2M9XD4HT0ZB6R", out _));
    }

    [Fact]
    public void LosingTheListeningConnection_DropsEveryRow_AndListeningKeepsRowsLonger()
    {
        var cache = Cache();
        Assert.Equal(TimeSpan.FromSeconds(5), cache.Hold);
        cache.Listening(true);
        Assert.Equal(TimeSpan.FromSeconds(300), cache.Hold);
        cache.Keep("7KQ2M9XD4HT0ZB6R", Row, cache.Mark());
        cache.Listening(false);
        Assert.False(cache.TryGet("7KQ2M9XD4HT0ZB6R", out _));
        Assert.Equal(TimeSpan.FromSeconds(5), cache.Hold);
    }

    [Fact]
    public void ARowReadBeforeListeningBegan_IsNotKept()
    {
        var cache = Cache();
        var mark = cache.Mark();
        cache.Listening(true);
        cache.Keep("7KQ2M9XD4HT0ZB6R", Row, mark);
        Assert.False(cache.TryGet("7KQ2M9XD4HT0ZB6R", out _));
    }

    [Fact]
    public void ZeroSeconds_KeepsNothing()
    {
        var cache = Cache("0");
        Assert.False(cache.Enabled);
        cache.Keep("7KQ2M9XD4HT0ZB6R", Row, cache.Mark());
        Assert.False(cache.TryGet("7KQ2M9XD4HT0ZB6R", out _));
    }
}
