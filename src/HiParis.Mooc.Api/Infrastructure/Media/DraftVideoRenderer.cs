using System.Globalization;
using System.Text;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>One draft video to make: a lesson in one language, written to <see cref="OutputPath"/>.</summary>
public sealed record DraftVideo(string MediaPath, string OutputPath, string Language, int DurationSeconds, string CourseTitle, string LessonTitle, string WebVtt);

public sealed record DraftVideoResult(double Seconds, long Bytes, int Cues, int SpedUp, double MaxTempo);

/// <summary>
/// Renders a draft lecture video from a lesson's own transcript: slides (<see cref="DraftSlides"/>) and a
/// narration synthesised cue by cue with espeak-ng, each cue laid at its start, sped up with ffmpeg's atempo
/// when it would overrun its cue and followed by silence when short, so that captions and speech agree.
/// WebM (VP9 and Opus) at 854×480 and 5 frames a second with a keyframe every 2 s, so that seeking is quick;
/// it lasts the declared duration. Still slides need none of VP9's slower presets: the real-time one encodes
/// a 4-minute lesson in a few seconds. Written to a temporary file beside the target, then renamed.
/// </summary>
public sealed class DraftVideoRenderer(MediaTools tools, bool lowPriority = false, int threads = 2)
{
    private const int FramesPerSecond = 5;
    private const int KeyframeEvery = 2 * FramesPerSecond;

    /// <summary>The voice and words per minute of each language, calibrated with <c>CaptionTiming</c>'s reading speeds.</summary>
    public static (string Voice, int WordsPerMinute) Voice(string language) => language switch
    {
        "en" => ("en-us", 165),
        "fr" => ("fr-fr", 145),
        _ => (language, 155),
    };

    public async Task<DraftVideoResult> RenderAsync(DraftVideo video, Action<string>? progress, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("mooc-render-");
        var target = Path.GetFullPath(video.OutputPath);
        var temporary = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            var cues = WebVtt.Parse(video.WebVtt).Cues;
            var narration = await NarrateAsync(video, cues, work.FullName, progress, cancellationToken);
            var narrationFile = Path.Combine(work.FullName, "narration.wav");
            narration.Track.Write(narrationFile);

            progress?.Invoke("slides");
            var slides = await SlidesAsync(video, cues, work.FullName, cancellationToken);

            progress?.Invoke("encoding");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await MediaTools.RunAsync(tools.Ffmpeg, EncodeArguments(slides, narrationFile, video.DurationSeconds, temporary), lowPriority, cancellationToken);
            var seconds = MediaDuration.Read(temporary) ?? 0;
            if (Math.Abs(seconds - video.DurationSeconds) > 0.1)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{video.MediaPath}: the encoded video lasts {seconds:0.###} s instead of {video.DurationSeconds} s."));
            }

            File.Move(temporary, target, overwrite: true);
            return new DraftVideoResult(seconds, new FileInfo(target).Length, cues.Count, narration.SpedUp, narration.MaxTempo);
        }
        finally
        {
            File.Delete(temporary);
            work.Delete(recursive: true);
        }
    }

    private async Task<(WaveAudio Track, int SpedUp, double MaxTempo)> NarrateAsync(DraftVideo video, IReadOnlyList<WebVttCue> cues, string work, Action<string>? progress, CancellationToken cancellationToken)
    {
        var (voice, speed) = Voice(video.Language);
        WaveAudio? track = null;
        var spedUp = 0;
        var maxTempo = 1.0;
        for (var i = 0; i < cues.Count; i++)
        {
            if (i % 10 == 0)
            {
                progress?.Invoke($"narration {i + 1}/{cues.Count}");
            }

            var cue = cues[i];
            var text = Path.Combine(work, "cue.txt");
            var wav = Path.Combine(work, "cue.wav");
            await File.WriteAllTextAsync(text, cue.Spoken, new UTF8Encoding(false), cancellationToken);
            await MediaTools.RunAsync(tools.Espeak, ["-v", voice, "-s", speed.ToString(CultureInfo.InvariantCulture), "-f", text, "-w", wav], lowPriority, cancellationToken);
            var sound = WaveAudio.Read(wav).Trimmed();
            track ??= WaveAudio.Silence(sound.SampleRate, video.DurationSeconds);
            var slot = (int)Math.Round((cue.End - cue.Start) * sound.SampleRate);
            if (sound.Samples.Length > slot && slot > 0)
            {
                // A little faster rather than cut: the cue's words are all heard within the cue.
                var tempo = Math.Round((double)sound.Samples.Length / slot * 1.01, 3);
                var faster = Path.Combine(work, "cue-faster.wav");
                sound.Write(wav);
                await MediaTools.RunAsync(tools.Ffmpeg, ["-y", "-v", "error", "-i", wav, "-filter:a", string.Create(CultureInfo.InvariantCulture, $"atempo={tempo}"), "-ar", sound.SampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "1", "-c:a", "pcm_s16le", faster], lowPriority, cancellationToken);
                sound = WaveAudio.Read(faster);
                spedUp++;
                maxTempo = Math.Max(maxTempo, tempo);
            }

            track.Place(sound, cue.Start, slot);
        }

        return (track ?? WaveAudio.Silence(22_050, video.DurationSeconds), spedUp, maxTempo);
    }

    /// <summary>One slide per chapter (the whole lesson when it has none), as an ffconcat list that lasts the video's duration.</summary>
    private async Task<string> SlidesAsync(DraftVideo video, IReadOnlyList<WebVttCue> cues, string work, CancellationToken cancellationToken)
    {
        List<(double Start, string? Point)> spans = [(0, cues.Count > 0 ? cues[0].Chapter : null)];
        foreach (var cue in cues.Where(cue => cue.Chapter != spans[^1].Point))
        {
            spans.Add((cue.Start, cue.Chapter));
        }

        var list = new StringBuilder("ffconcat version 1.0\n");
        for (var i = 0; i < spans.Count; i++)
        {
            var png = Path.Combine(work, $"slide-{i:000}.png");
            await DraftSlides.RenderAsync(tools, png, video.CourseTitle, video.LessonTitle, spans[i].Point, lowPriority, cancellationToken);
            var end = i + 1 < spans.Count ? spans[i + 1].Start : video.DurationSeconds;
            list.Append(CultureInfo.InvariantCulture, $"file '{png}'\nduration {end - spans[i].Start:0.###}\n");
        }

        // The concat demuxer honours the last duration only when the last file is listed once more.
        list.Append(CultureInfo.InvariantCulture, $"file '{Path.Combine(work, $"slide-{spans.Count - 1:000}.png")}'\n");
        var path = Path.Combine(work, "slides.txt");
        await File.WriteAllTextAsync(path, list.ToString(), cancellationToken);
        return path;
    }

    private List<string> EncodeArguments(string slides, string narration, int seconds, string output) =>
    [
        "-y", "-v", "error",
        "-f", "concat", "-safe", "0", "-i", slides,
        "-i", narration,
        "-map", "0:v", "-map", "1:a",
        "-vf", $"fps={FramesPerSecond},format=yuv420p",
        "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "40", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1",
        "-threads", threads.ToString(CultureInfo.InvariantCulture),
        "-g", KeyframeEvery.ToString(CultureInfo.InvariantCulture), "-keyint_min", KeyframeEvery.ToString(CultureInfo.InvariantCulture),
        "-c:a", "libopus", "-b:a", "32k", "-compression_level", "5", "-ar", "48000", "-ac", "1",
        "-t", seconds.ToString(CultureInfo.InvariantCulture),
        "-f", "webm", output,
    ];
}
