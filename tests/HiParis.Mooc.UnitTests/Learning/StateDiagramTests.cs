using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.UnitTests.Learning;

/// <summary>
/// The diagrams in docs/state-machines are the workflows' own Mermaid export. When a workflow changes,
/// regenerate them with <c>MOOC_WRITE_DIAGRAMS=1 dotnet test</c> and review the diff.
/// </summary>
public sealed class StateDiagramTests
{
    public static TheoryData<string> Workflows() => ["enrollment", "module-progress", "lesson-progress", "quiz-attempt", "certificate", "content-version"];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void DiagramInDocs_MatchesTheWorkflowInCode(string workflow)
    {
        var (title, mermaid) = workflow switch
        {
            "enrollment" => ("Enrolment (course progress)", Enrollment.Diagram()),
            "module-progress" => ("Module progress", ModuleProgress.Diagram()),
            "quiz-attempt" => ("Quiz attempt", QuizAttempt.Diagram()),
            "certificate" => ("Certificate", Domain.Certificates.Certificate.Diagram()),
            "content-version" => ("Course content version", Domain.Courses.ContentWorkflow.Diagram()),
            _ => ("Lesson progress", LessonProgress.Diagram()),
        };
        var expected = $"# {title}\n\nGenerated from the workflow in `src/HiParis.Mooc.Domain`; a test keeps it in step.\n\n```mermaid\n{mermaid.Trim()}\n```\n";
        var path = Path.Combine(Courses.TestPackages.ShippedCourses(), "..", "docs", "state-machines", $"{workflow}.md");

        if (Environment.GetEnvironmentVariable("MOOC_WRITE_DIAGRAMS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run MOOC_WRITE_DIAGRAMS=1 dotnet test.");
        Assert.Equal(expected, File.ReadAllText(path));
    }
}
