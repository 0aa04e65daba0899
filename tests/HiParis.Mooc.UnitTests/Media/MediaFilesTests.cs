using HiParis.Mooc.Api.Infrastructure.Media;

namespace HiParis.Mooc.UnitTests.Media;

public sealed class MediaFilesTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mooc-media-");

    private string Root => Path.Combine(_folder.FullName, "root");

    private string Courses => Path.Combine(_folder.FullName, "courses");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Find_LooksUnderTheMediaRootFirst_ThenInThePackagesMediaFolderWithoutTheSlug()
    {
        var inRoot = Write(Root, "tiny/welcome.en.webm");
        var inPackage = Write(Courses, "tiny/media/welcome.en.webm");
        var onlyInPackage = Write(Courses, "tiny/media/cover.png");
        var media = new MediaFiles(Root, Courses);

        Assert.Equal(inRoot, media.Find("tiny/welcome.en.webm"));
        Assert.Equal(onlyInPackage, media.Find("tiny/cover.png"));
        Assert.Equal(inPackage, new MediaFiles(Path.Combine(_folder.FullName, "empty"), Courses).Find("tiny/welcome.en.webm"));
        Assert.Null(media.Find("tiny/missing.webm"));
        Assert.Null(media.Find("other/cover.png"));
    }

    [Theory]
    [InlineData("../root/tiny/welcome.en.webm")]
    [InlineData("tiny/../tiny/welcome.en.webm")]
    [InlineData("/etc/passwd")]
    [InlineData("tiny\\welcome.en.webm")]
    [InlineData("tiny//welcome.en.webm")]
    [InlineData("tiny/.hidden")]
    public void Find_OfAPathThatCouldLeaveTheMediaFolders_FindsNothing(string path)
    {
        Write(Root, "tiny/welcome.en.webm");
        Write(Root, "tiny/.hidden");

        Assert.Null(new MediaFiles(Root, Courses).Find(path));
        Assert.Null(new MediaFiles(Root, Courses).RootPath(path));
    }

    [Fact]
    public void Find_ThroughASymbolicLinkLeadingOutOfTheRoot_FindsNothing_ButALinkInsideIsFollowed()
    {
        var secret = Write(_folder.FullName, "secret/keys.pem");
        Directory.CreateDirectory(Path.Combine(Root, "tiny"));
        File.CreateSymbolicLink(Path.Combine(Root, "tiny", "escape.webm"), secret);
        Directory.CreateSymbolicLink(Path.Combine(Root, "tiny", "outside"), Path.GetDirectoryName(secret)!);
        var inside = Write(Root, "tiny/real.webm");
        File.CreateSymbolicLink(Path.Combine(Root, "tiny", "alias.webm"), inside);
        var media = new MediaFiles(Root, Courses);

        Assert.Null(media.Find("tiny/escape.webm"));
        Assert.Null(media.Find("tiny/outside/keys.pem"));
        Assert.Equal(Path.Combine(Root, "tiny", "alias.webm"), media.Find("tiny/alias.webm"));
    }

    private static string Write(string folder, string relative)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
        return path;
    }
}
