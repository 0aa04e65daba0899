namespace HiParis.Mooc.Api.Infrastructure.Http;

/// <summary>
/// A 200 answer whose JSON was written before (a cached answer): the bytes as they are, with the headers
/// <c>TypedResults.Ok</c> would have sent. Its endpoint declares the type in the API's document (<c>Produces</c>).
/// </summary>
public sealed class Utf8JsonResult(byte[] json) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = JsonContentType;
        httpContext.Response.ContentLength = json.Length;
        return httpContext.Response.Body.WriteAsync(json).AsTask();
    }
}
