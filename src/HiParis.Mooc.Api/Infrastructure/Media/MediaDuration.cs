using System.Buffers.Binary;
using System.Text;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>
/// A video's duration as its container records it, read from a few header bytes without decoding:
/// MP4 (ISO BMFF) <c>moov/mvhd</c> (timescale and duration) and WebM/Matroska <c>Segment/Info/Duration</c>
/// × <c>TimecodeScale</c>. Anything else, or a file that records no duration, gives null.
/// </summary>
public static class MediaDuration
{
    // Matroska element ids, with their length marker bits as the specification writes them.
    private const uint EbmlHeader = 0x1A45DFA3;
    private const uint Segment = 0x18538067;
    private const uint Info = 0x1549A966;
    private const uint TimecodeScale = 0x2AD7B1;
    private const uint Duration = 0x4489;
    private const int MaxElements = 10_000;

    public static double? Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.RandomAccess);
        return Read(stream);
    }

    public static double? Read(Stream stream)
    {
        try
        {
            Span<byte> head = stackalloc byte[8];
            if (stream.Length < 8 || stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8)
            {
                return null;
            }

            stream.Position = 0;
            return BinaryPrimitives.ReadUInt32BigEndian(head) == EbmlHeader ? Matroska(stream) : Mp4(stream, 0, stream.Length, depth: 0);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Walks the boxes between <paramref name="start"/> and <paramref name="end"/>, into <c>moov</c>, to <c>mvhd</c>.</summary>
    private static double? Mp4(Stream stream, long start, long end, int depth)
    {
        var position = start;
        for (var boxes = 0; position + 8 <= end && boxes < MaxElements; boxes++)
        {
            stream.Position = position;
            var size = (long)ReadUInt(stream, 4);
            var type = Encoding.ASCII.GetString(ReadBytes(stream, 4));
            var header = 8L;
            if (size == 1)
            {
                size = (long)ReadUInt(stream, 8);
                header = 16;
            }
            else if (size == 0)
            {
                size = end - position;
            }

            if (size < header || position + size > end || (depth == 0 && boxes == 0 && type is not ("ftyp" or "moov" or "mdat" or "free" or "skip" or "wide")))
            {
                return null;
            }

            if (type == "moov" && depth == 0)
            {
                return Mp4(stream, position + header, position + size, depth + 1);
            }

            if (type == "mvhd" && depth == 1)
            {
                var version = ReadBytes(stream, 4)[0];
                stream.Position += version == 1 ? 16 : 8;
                var timescale = ReadUInt(stream, 4);
                var duration = ReadUInt(stream, version == 1 ? 8 : 4);
                var unknown = version == 1 ? ulong.MaxValue : uint.MaxValue;
                return timescale == 0 || duration == unknown ? null : (double)duration / timescale;
            }

            position += size;
        }

        return null;
    }

    private static double? Matroska(Stream stream)
    {
        stream.Position = 0;
        SkipElement(stream, expectedId: EbmlHeader);
        if (ReadId(stream) != Segment)
        {
            return null;
        }

        var segmentSize = ReadSize(stream);
        var end = segmentSize is { } known ? stream.Position + known : stream.Length;
        for (var elements = 0; stream.Position < end && elements < MaxElements; elements++)
        {
            var id = ReadId(stream);
            if (ReadSize(stream) is not { } size)
            {
                // An element of unknown size (a live cluster) hides whatever follows: no Info before it.
                return null;
            }

            if (id == Info)
            {
                return InfoDuration(stream, stream.Position + size);
            }

            stream.Position += size;
        }

        return null;
    }

    private static double? InfoDuration(Stream stream, long end)
    {
        var scale = 1_000_000UL;
        double? duration = null;
        while (stream.Position < end)
        {
            var id = ReadId(stream);
            var size = ReadSize(stream) ?? throw new EndOfStreamException();
            var next = stream.Position + size;
            if (id == TimecodeScale && size is > 0 and <= 8)
            {
                scale = ReadUInt(stream, (int)size);
            }
            else if (id == Duration && size is 4 or 8)
            {
                var bytes = ReadBytes(stream, (int)size);
                duration = size == 4 ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadDoubleBigEndian(bytes);
            }

            stream.Position = next;
        }

        return duration is { } ticks && scale > 0 && double.IsFinite(ticks) && ticks >= 0 ? ticks * scale / 1e9 : null;
    }

    private static void SkipElement(Stream stream, uint expectedId)
    {
        if (ReadId(stream) != expectedId || ReadSize(stream) is not { } size)
        {
            throw new EndOfStreamException();
        }

        stream.Position += size;
    }

    /// <summary>An EBML element id: a variable-length integer of 1 to 4 bytes, its length marker kept.</summary>
    private static uint ReadId(Stream stream)
    {
        var first = ReadByte(stream);
        var length = LeadingZeros(first) + 1;
        if (length > 4)
        {
            throw new EndOfStreamException();
        }

        uint id = first;
        for (var i = 1; i < length; i++)
        {
            id = (id << 8) | ReadByte(stream);
        }

        return id;
    }

    /// <summary>An EBML data size: 1 to 8 bytes, marker removed; all value bits set means unknown (null).</summary>
    private static long? ReadSize(Stream stream)
    {
        var first = ReadByte(stream);
        var length = LeadingZeros(first) + 1;
        if (length > 8)
        {
            throw new EndOfStreamException();
        }

        var value = (ulong)(first & (0xFF >> length));
        var allOnes = value == (ulong)(0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            var next = ReadByte(stream);
            allOnes &= next == 0xFF;
            value = (value << 8) | next;
        }

        return allOnes ? null : value > (ulong)(stream.Length - stream.Position) ? throw new EndOfStreamException() : (long)value;
    }

    private static int LeadingZeros(byte value) => value == 0 ? 8 : System.Numerics.BitOperations.LeadingZeroCount((uint)value) - 24;

    private static byte ReadByte(Stream stream) => stream.ReadByte() is var value and >= 0 ? (byte)value : throw new EndOfStreamException();

    private static byte[] ReadBytes(Stream stream, int count)
    {
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static ulong ReadUInt(Stream stream, int count)
    {
        ulong value = 0;
        foreach (var b in ReadBytes(stream, count))
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
