namespace HiParis.Mooc.IntegrationTests.TestEngine;

/// <summary>The API's clock in tests: set or advanced by the test, reset between tests.</summary>
public sealed class TestClock : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = Start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;

    public void Reset() => _now = Start;
}
