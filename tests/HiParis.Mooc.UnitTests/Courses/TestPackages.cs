namespace HiParis.Mooc.UnitTests.Courses;

internal static class TestPackages
{
    public static string Folder(string relative) => Path.Combine(AppContext.BaseDirectory, "CoursePackages", relative);

    /// <summary>The repository's <c>courses/</c> folder, found above the test binaries.</summary>
    public static string ShippedCourses()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HiParis.Mooc.sln")))
            {
                return Path.Combine(dir.FullName, "courses");
            }
        }

        throw new InvalidOperationException("The repository root (HiParis.Mooc.sln) was not found.");
    }

    public static TheoryData<string> BrokenCases() =>
        [.. Directory.GetDirectories(Folder("broken")).Select(dir => Path.GetFileName(dir)).Order(StringComparer.Ordinal)];
}
