using System.Diagnostics;
using System.Text;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>The programs and fonts draft videos are made with, found on this machine, or what to install.</summary>
public sealed record MediaTools(string Ffmpeg, string Espeak, string RegularFont, string BoldFont)
{
    public const string InstallCommand = "apt-get install ffmpeg espeak-ng fonts-noto-core";

    /// <summary>Debian's fonts-noto-core puts them here.</summary>
    public const string FontDirectory = "/usr/share/fonts/truetype/noto";

    /// <summary>The tools, or null with a sentence naming what is missing and how to install it.</summary>
    public static MediaTools? Find(out string missing) => Find(Environment.GetEnvironmentVariable("PATH") ?? "", FontDirectory, out missing);

    /// <summary>The tools on <paramref name="searchPath"/> (a PATH) with the fonts in <paramref name="fonts"/>.</summary>
    public static MediaTools? Find(string searchPath, string fonts, out string missing)
    {
        var ffmpeg = OnPath(searchPath, "ffmpeg");
        var espeak = OnPath(searchPath, "espeak-ng");
        var regular = Path.Combine(fonts, "NotoSans-Regular.ttf");
        var bold = Path.Combine(fonts, "NotoSans-Bold.ttf");
        List<string> absent = [];
        if (ffmpeg is null)
        {
            absent.Add("ffmpeg");
        }

        if (espeak is null)
        {
            absent.Add("espeak-ng");
        }

        if (!File.Exists(regular) || !File.Exists(bold))
        {
            absent.Add($"the Noto Sans fonts ({fonts})");
        }

        missing = absent.Count == 0 ? "" : $"Draft videos need {string.Join(", ", absent)}, which are not installed. Install them with: {InstallCommand}";
        return absent.Count == 0 ? new MediaTools(ffmpeg!, espeak!, regular, bold) : null;
    }

    private static string? OnPath(string searchPath, string program) =>
        searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a tool to its end; a failure throws with the tail of what it wrote to stderr.</summary>
    public static async Task RunAsync(string program, IEnumerable<string> arguments, bool lowPriority, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        if (lowPriority)
        {
            try
            {
                // The host keeps serving learners while it renders: the encoder only gets idle CPU.
                process.PriorityClass = ProcessPriorityClass.Idle;
            }
            catch (Exception exited) when (exited is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended before its priority could be set.
            }
        }

        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } data && errors.Length < 64_000)
            {
                errors.AppendLine(data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var text = errors.ToString().Trim();
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed (exit code {process.ExitCode}): {(text.Length > 1500 ? text[^1500..] : text)}");
        }
    }
}
