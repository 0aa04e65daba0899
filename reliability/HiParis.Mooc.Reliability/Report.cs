using System.Globalization;

namespace HiParis.Mooc.Reliability;

/// <summary>One PASS or FAIL line per invariant, and the figures; the exit code says whether everything held.</summary>
internal sealed class Report
{
    private int _failures;

    public int ExitCode => _failures == 0 ? 0 : 1;

    public void Check(string invariant, bool holds, string figures)
    {
        if (!holds)
        {
            _failures++;
        }

        Console.WriteLine($"{(holds ? "PASS" : "FAIL")}  {invariant} — {figures}");
    }

    public static void Figure(string name, object value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {name}: {value}"));

    public static void Step(string text) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{Clock.Seconds:0.0}s] {text}"));

    public int Finish(string run)
    {
        Console.WriteLine(_failures == 0 ? $"{run}: every invariant holds" : $"{run}: {_failures} invariant(s) failed");
        return ExitCode;
    }
}

/// <summary>Milliseconds since the driver started: every request and every injected fault on one time line.</summary>
internal static class Clock
{
    private static readonly System.Diagnostics.Stopwatch Watch = System.Diagnostics.Stopwatch.StartNew();

    public static double Ms => Watch.Elapsed.TotalMilliseconds;

    public static double Seconds => Watch.Elapsed.TotalSeconds;
}
