using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;

namespace HiParis.Mooc.UnitTests.Courses;

public sealed class PackageRoundTripTests
{
    [Theory]
    [InlineData("valid/tiny")]
    [InlineData(null)]
    public void Write_OfAReadPackage_ReproducesEveryFileByteForByte(string? relative)
    {
        var dir = relative is null ? Path.Combine(TestPackages.ShippedCourses(), "understanding-ai") : TestPackages.Folder(relative);
        var (package, problems) = PackageReader.Read(dir);
        Assert.Empty(problems.All);

        var written = PackageWriter.Write(package!);

        var parent = Path.GetDirectoryName(dir)!;
        var onDisk = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(parent, file).Replace('\\', '/'))
            .Where(file => !file.Contains("/media/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(onDisk, written.Keys);
        foreach (var (path, content) in written)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(parent, path)), content);
        }
    }

    [Fact]
    public void ContentJson_RoundTripsThePackage()
    {
        var (package, _) = PackageReader.Read(Path.Combine(TestPackages.ShippedCourses(), "understanding-ai"));

        var copy = CourseContentJson.Deserialize(CourseContentJson.Serialize(package!));

        Assert.Equal(PackageWriter.Write(package!), PackageWriter.Write(copy));
        Assert.Equal(PackageWriter.ContentHash(package!), PackageWriter.ContentHash(copy));
    }

    [Fact]
    public void ContentHash_IgnoresTheAuthorsFormattingButNotTheContent()
    {
        var (package, _) = PackageReader.Read(TestPackages.Folder("valid/tiny"));
        var renamed = package! with { Title = new() { ["en"] = "Another title", ["fr"] = "Un autre titre" } };

        Assert.NotEqual(PackageWriter.ContentHash(package), PackageWriter.ContentHash(renamed));
    }
}
