namespace HiParis.Mooc.Api.Infrastructure.Persistence;

/// <summary>
/// Runs an endpoint's unit of work once more when its connection broke before it sent a COMMIT (PostgreSQL
/// restarted, a pooled connection was dead): nothing of it was kept, so running it again is safe. After a
/// COMMIT was sent the outcome is unknown and the request answers 503; clients repeat it, and every write
/// is idempotent (ADR 12).
/// </summary>
internal sealed class ReconnectFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var db = context.HttpContext.RequestServices.GetRequiredService<MoocDbContext>();
        for (var retry = 0; ; retry++)
        {
            db.CommitSent = false;
            try
            {
                return await next(context);
            }
            catch (Exception failure) when (retry < DatabaseFaults.BrokenConnectionRetries && !db.CommitSent && DatabaseFaults.IsBrokenConnection(failure)
                                            && !context.HttpContext.Response.HasStarted && !context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * (retry + 1)), context.HttpContext.RequestAborted);
            }
        }
    }
}
