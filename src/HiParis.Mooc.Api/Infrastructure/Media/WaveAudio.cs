using System.Buffers.Binary;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>
/// Mono 16-bit PCM, as espeak-ng writes it: enough to trim a synthesised cue's silences, measure it and lay
/// it on the lesson's narration track at its cue's start, to the sample.
/// </summary>
public sealed class WaveAudio(int sampleRate, short[] samples)
{
    /// <summary>Below this, a sample counts as silence when trimming (about −44 dBFS).</summary>
    private const short Quiet = 200;

    public int SampleRate { get; } = sampleRate;

    public short[] Samples { get; } = samples;

    public double Seconds => (double)Samples.Length / SampleRate;

    public static WaveAudio Silence(int sampleRate, double seconds) => new(sampleRate, new short[(int)Math.Round(seconds * sampleRate)]);

    /// <summary>Reads a RIFF/WAVE file of 16-bit PCM; several channels are mixed down to one.</summary>
    public static WaveAudio Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0x52494646 || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)) != 0x57415645)
        {
            throw new InvalidDataException($"{path} is not a WAVE file.");
        }

        int rate = 0, channels = 0, bits = 0;
        for (var at = 12; at + 8 <= bytes.Length;)
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4)), (uint)(bytes.Length - at - 8));
            var body = bytes.AsSpan(at + 8, size);
            if (id == 0x666D7420 && size >= 16)
            {
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
            }
            else if (id == 0x64617461)
            {
                if (bits != 16 || channels < 1 || rate <= 0)
                {
                    throw new InvalidDataException($"{path} is not 16-bit PCM.");
                }

                var frames = size / 2 / channels;
                var samples = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    var sum = 0;
                    for (var c = 0; c < channels; c++)
                    {
                        sum += BinaryPrimitives.ReadInt16LittleEndian(body[(((i * channels) + c) * 2)..]);
                    }

                    samples[i] = (short)(sum / channels);
                }

                return new WaveAudio(rate, samples);
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no audio data.");
    }

    public void Write(string path)
    {
        var data = Samples.Length * 2;
        var bytes = new byte[44 + data];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x52494646);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(36 + data));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 0x57415645);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), 0x666D7420);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)(SampleRate * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), 16);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(36), 0x64617461);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), (uint)data);
        for (var i = 0; i < Samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44 + (i * 2)), Samples[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The sound without its leading and trailing silence (the synthesiser pads each utterance).</summary>
    public WaveAudio Trimmed()
    {
        var first = Array.FindIndex(Samples, sample => Math.Abs((int)sample) > Quiet);
        if (first < 0)
        {
            return new WaveAudio(SampleRate, []);
        }

        var last = Array.FindLastIndex(Samples, sample => Math.Abs((int)sample) > Quiet);
        return new WaveAudio(SampleRate, Samples[first..(last + 1)]);
    }

    /// <summary>Lays <paramref name="sound"/> (same rate) from <paramref name="seconds"/>, cut at <paramref name="limit"/> samples, with a short fade out where cut.</summary>
    public void Place(WaveAudio sound, double seconds, int limit)
    {
        var start = (int)Math.Round(seconds * SampleRate);
        var count = Math.Min(Math.Min(sound.Samples.Length, limit), Samples.Length - start);
        var fade = count < sound.Samples.Length ? Math.Min(count, SampleRate / 50) : 0;
        for (var i = 0; i < count; i++)
        {
            var gain = i >= count - fade ? (double)(count - i) / fade : 1;
            Samples[start + i] = (short)Math.Clamp(Samples[start + i] + (sound.Samples[i] * gain), short.MinValue, short.MaxValue);
        }
    }
}
