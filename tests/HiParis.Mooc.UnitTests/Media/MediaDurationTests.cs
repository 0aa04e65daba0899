using System.Buffers.Binary;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.UnitTests.Courses;

namespace HiParis.Mooc.UnitTests.Media;

/// <summary>The files under Media/ and valid/tiny/media were made once with ffmpeg (durations as ffprobe reads them).</summary>
public sealed class MediaDurationTests
{
    [Theory]
    [InlineData("Media/two-and-a-half-seconds.mp4", 2.5)]
    [InlineData("Media/two-and-a-half-seconds-faststart.mp4", 2.5)]
    [InlineData("CoursePackages/valid/tiny/media/welcome.en.webm", 3.008)]
    [InlineData("CoursePackages/valid/tiny/media/welcome.fr.webm", 4.008)]
    public void Read_OfAFileMadeByFfmpeg_GivesTheDurationItsContainerRecords(string file, double seconds)
    {
        var duration = MediaDuration.Read(Path.Combine(AppContext.BaseDirectory, file));

        Assert.NotNull(duration);
        Assert.Equal(seconds, duration.Value, precision: 3);
    }

    [Fact]
    public void Read_OfAnMp4WithAVersion1MovieHeader_ReadsItsSixtyFourBitFields()
    {
        // ftyp, then moov holding a version-1 mvhd: timescale 90,000, duration 90,000 × 7,200 (two hours).
        var ftyp = Box("ftyp", [.. "isom"u8, 0, 0, 2, 0]);
        var mvhd = new byte[4 + 8 + 8 + 4 + 8 + 80];
        mvhd[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(20), 90_000);
        BinaryPrimitives.WriteUInt64BigEndian(mvhd.AsSpan(24), 90_000UL * 7_200);
        var moov = Box("moov", Box("mvhd", mvhd));

        Assert.Equal(7_200, MediaDuration.Read(new MemoryStream([.. ftyp, .. moov])));
    }

    [Fact]
    public void Read_OfAWebmWithoutItsInfo_OrCutShort_OrNotAVideo_GivesNull()
    {
        var webm = File.ReadAllBytes(TestPackages.Folder("valid/tiny/media/welcome.en.webm"));
        var mp4 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Media/two-and-a-half-seconds.mp4"));

        Assert.Null(MediaDuration.Read(new MemoryStream(webm[..40])));
        Assert.Null(MediaDuration.Read(new MemoryStream(mp4[..^200])));
        Assert.Null(MediaDuration.Read(new MemoryStream("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nNot a video.\n"u8.ToArray())));
        Assert.Null(MediaDuration.Read(new MemoryStream([])));
    }

    [Fact]
    public void Read_OfAMatroskaSegmentWhoseFirstChildHasAnUnknownSize_GivesNull()
    {
        // EBML header (empty), a Segment of unknown size, then a Cluster of unknown size: a live stream, no duration to read.
        byte[] stream = [0x1A, 0x45, 0xDF, 0xA3, 0x80, 0x18, 0x53, 0x80, 0x67, 0xFF, 0x1F, 0x43, 0xB6, 0x75, 0xFF, 0xA3, 0x81, 0x00];

        Assert.Null(MediaDuration.Read(new MemoryStream(stream)));
    }

    private static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        body.CopyTo(box, 8);
        return box;
    }
}
