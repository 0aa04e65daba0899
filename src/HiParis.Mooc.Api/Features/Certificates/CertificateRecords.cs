using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Certificates;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>A certificate and where it belongs: its course's slug and run's key.</summary>
internal sealed record CertificateRow(Certificate Certificate, string Slug, string RunKey, string? SupersededByCode);

/// <summary>
/// The certificates feature's reads. Verification reads a certificate through the <see cref="VerificationCache"/>:
/// a change on this instance is seen at once, one on another instance as soon as its notice arrives (within
/// <c>Certificates:VerificationCacheSeconds</c> while this instance cannot listen).
/// </summary>
public sealed class CertificateRecords(MoocDbContext db, PublicUrls urls, VerificationCache cache)
{
    public PublicUrls Urls => urls;

    internal async Task<CertificateRow?> FindAsync(string typedCode, bool tracked, CancellationToken cancellationToken)
    {
        if (VerificationCode.Normalize(typedCode) is not { } code)
        {
            return null;
        }

        if (!tracked && cache.TryGet(code, out var hit))
        {
            return hit;
        }

        var mark = cache.Mark();
        var certificates = tracked ? db.Certificates : db.Certificates.AsNoTracking();
        var row = (await RowsAsync(certificates.Where(certificate => certificate.Code == code), cancellationToken)).SingleOrDefault();
        if (!tracked && row is not null)
        {
            cache.Keep(code, row, mark);
        }

        return row;
    }

    /// <summary>A certificate as it is now, answered to its holder or an admin (never from the cache).</summary>
    internal async Task<CertificateResponse> ResponseAsync(string code, CancellationToken cancellationToken) =>
        Response((await FindAsync(code, tracked: false, cancellationToken) ?? throw new InvalidOperationException($"Certificate {code} is missing.")));

    /// <summary>Drops a certificate from this instance's verification cache, after a change of its state.</summary>
    internal void Forget(string code) => cache.Forget(code);

    /// <summary>Certificates with their course's slug, run's key and replacement's code, in one query.</summary>
    internal async Task<List<CertificateRow>> RowsAsync(IQueryable<Certificate> certificates, CancellationToken cancellationToken)
    {
        var rows = await certificates
            .Join(db.Courses, certificate => certificate.CourseId, course => course.Id, (certificate, course) => new { certificate, course.Slug })
            .Join(db.CourseRuns, x => x.certificate.RunId, run => run.Id, (x, run) => new { x.certificate, x.Slug, RunKey = run.Key })
            .Select(x => new { x.certificate, x.Slug, x.RunKey, Replacement = db.Certificates.Where(next => next.Id == x.certificate.SupersededById).Select(next => next.Code).FirstOrDefault() })
            // A reissue keeps the date of issue: the one it replaced comes first (PostgreSQL puts nulls last).
            .OrderBy(x => x.certificate.IssuedAt).ThenBy(x => x.certificate.SupersededAt).ThenBy(x => x.certificate.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(row => new CertificateRow(row.certificate, row.Slug, row.RunKey, row.Replacement))];
    }

    internal async Task<List<MyCertificateResponse>> MineAsync(Guid userId, CancellationToken cancellationToken) =>
        [.. (await RowsAsync(db.Certificates.AsNoTracking().Where(certificate => certificate.UserId == userId), cancellationToken)).Select(row => new MyCertificateResponse(Response(row), row.Certificate.Scores))];

    internal CertificateResponse Response(CertificateRow row) => CertificateViews.Response(row.Certificate, row.Slug, row.RunKey, row.SupersededByCode, urls);
}
