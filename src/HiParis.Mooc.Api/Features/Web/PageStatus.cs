namespace HiParis.Mooc.Api.Features.Web;

/// <summary>The status a page answers with, its own body kept.</summary>
public static class PageStatus
{
    /// <summary>
    /// 404 with the page's "not found" body, set as the answer starts: for a 404 set while rendering, the renderer
    /// writes no body and the status code pages write the API's ProblemDetails in its place.
    /// </summary>
    public static void NotFound(HttpContext http) => http.Response.OnStarting(() =>
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });
}
