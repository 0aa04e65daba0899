using System.Text;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>
/// One problem of a package: the file (relative to the package's parent folder), the line, what is wrong.
/// An <paramref name="Incomplete"/> problem is something still missing (a run, a date for a new module, a
/// weighted quiz not written yet) rather than something wrong: the studio lets a draft pass through it
/// while it is being written, and refuses to publish it. A <paramref name="Warning"/> does not make the
/// package invalid (a media file not there yet).
/// </summary>
public sealed record PackageProblem(string File, int Line, string Message, bool Incomplete = false, bool Warning = false)
{
    public override string ToString() => Warning ? $"{File}:{Line}: warning: {Message}" : $"{File}:{Line}: {Message}";
}

public sealed class PackageProblems
{
    private readonly List<PackageProblem> _problems = [];

    public IReadOnlyList<PackageProblem> All => _problems;

    /// <summary>True when the package is invalid: a problem that is not a warning.</summary>
    public bool Any => _problems.Exists(problem => !problem.Warning);

    public IEnumerable<PackageProblem> Errors => _problems.Where(problem => !problem.Warning);

    public IEnumerable<PackageProblem> Warnings => _problems.Where(problem => problem.Warning);

    public void Add(SourceRef? at, string message) => _problems.Add(new PackageProblem(at?.File ?? "?", at?.Line ?? 0, message));

    public void AddIncomplete(SourceRef? at, string message) => _problems.Add(new PackageProblem(at?.File ?? "?", at?.Line ?? 0, message, Incomplete: true));

    public void AddWarning(SourceRef? at, string message) => _problems.Add(new PackageProblem(at?.File ?? "?", at?.Line ?? 0, message, Warning: true));

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var problem in _problems)
        {
            text.AppendLine(problem.ToString());
        }

        return text.ToString();
    }
}
