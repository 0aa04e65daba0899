using System.Security.Cryptography;
using System.Text.Json;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Courses;

/// <summary>The public catalog: anyone may browse, in English or French, with ETags for caches.</summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var courses = app.MapGroup(CoursesApiPaths.Courses).WithTags("Catalog").AllowAnonymous();
        courses.MapGet("", ListCourses)
            .WithName("ListCourses")
            .WithSummary("Published courses with their current or next run.").WithETag()
            .Produces<CourseSummaryResponse[]>();
        courses.MapGet("/{slug}", GetCourse)
            .WithName("GetCourse")
            .WithSummary("A course's details and outline: modules and items, without answer keys.").WithETag()
            .Produces<CourseDetailResponse>();
        courses.MapGet("/{slug}/runs", GetRuns)
            .WithName("GetCourseRuns")
            .WithSummary("A course's runs, with whether enrolment is open now.").WithETag()
            .Produces<RunResponse[]>();
        return app;
    }

    private static async Task<IResult> ListCourses(HttpContext http, CourseCatalog catalog, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var courses = await catalog.PublishedAsync(cancellationToken);
        return Cacheable(http, courses.Select(course => course.ToSummary(now)).ToList(), json.Value.SerializerOptions);
    }

    private static async Task<IResult> GetCourse(string slug, HttpContext http, CourseCatalog catalog, MediaLinks media, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var course = await catalog.PublishedAsync(slug, cancellationToken);
        return course is null ? NotFound(slug) : Cacheable(http, course.ToDetail(time.GetUtcNow(), path => media.For(path, isPublic: true)), json.Value.SerializerOptions);
    }

    private static async Task<IResult> GetRuns(string slug, HttpContext http, CourseCatalog catalog, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var course = await catalog.PublishedAsync(slug, cancellationToken);
        var now = time.GetUtcNow();
        return course is null ? NotFound(slug) : Cacheable(http, course.Runs.Select(run => run.ToResponse(now)).ToList(), json.Value.SerializerOptions);
    }

    internal static ProblemHttpResult NotFound(string slug) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: Pick("Course not found.", "Cours introuvable."),
        detail: Pick($"There is no published course '{slug}'.", $"Aucun cours publié ne s'appelle « {slug} »."));

    /// <summary>
    /// JSON with a strong ETag over the exact bytes (so it changes with the language, a publish, or a
    /// run opening), short public caching, and 304 when the client already has it.
    /// </summary>
    private static IResult Cacheable<T>(HttpContext http, T value, JsonSerializerOptions options)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(60) };
        http.Response.Headers.Vary = "Accept-Language";
        var requested = http.Request.GetTypedHeaders().IfNoneMatch;
        if (requested.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(body, "application/json; charset=utf-8");
    }
}
