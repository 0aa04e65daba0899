using System.Security.Claims;
using System.Security.Cryptography;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>A media file of a course: its path (as packages name it), size, checksum and, for a video, its duration.</summary>
public sealed record MediaFileResponse(string Path, long Bytes, string Sha256, string ContentType, double? DurationSeconds, DateTimeOffset ModifiedAt);

/// <summary>
/// Course staff put media files (videos, captions, images) into the media root, under the course's slug, and
/// list what is there. A file is streamed to a temporary file, checked by its first bytes against an
/// allow-list, then renamed into place; the upload is audited.
/// </summary>
public static class MediaUploadEndpoints
{
    public static RouteGroupBuilder MapMediaUploadEndpoints(this RouteGroupBuilder studio)
    {
        studio.MapPut(StudioApiPaths.MediaFileRoute, Upload).WithName("UploadMedia")
            .WithSummary("Upload a media file of the course (the request body; WebM or MP4 video, WebVTT, PNG, JPEG or WebP), replacing one at the same path.")
            .AcceptsFile("application/octet-stream", "video/webm", "video/mp4", "text/vtt", "image/png", "image/jpeg", "image/webp")
            .ProducesProblems(413, 415)
            .WithMetadata(new RequestSizeLimitMetadata(MaxBytes));
        studio.MapGet(StudioApiPaths.MediaRoute, List).WithName("CourseMedia").WithSummary("The course's media files: under the media root and in the package's media folder.");
        return studio;
    }

    /// <summary>The largest file accepted: a long lecture in high definition.</summary>
    public const long MaxBytes = 2L * 1024 * 1024 * 1024;

    private static async Task<Results<Created<MediaFileResponse>, Ok<MediaFileResponse>, ProblemHttpResult, ValidationProblem>> Upload(
        string slug,
        string path,
        HttpContext http,
        ClaimsPrincipal principal,
        MediaFiles files,
        UnitOfWork work,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var mediaPath = $"{slug}/{path}";
        if (!MediaPaths.IsSafePath(mediaPath) || files.RootPath(mediaPath) is not { } target || MediaTypes.Of(mediaPath) is not { } contentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["path"] = [Pick("Lowercase letters, digits, '-', '_' and '/', ending in .webm, .mp4, .vtt, .png, .jpg or .webp.", "Lettres minuscules, chiffres, « - », « _ » et « / », terminé par .webm, .mp4, .vtt, .png, .jpg ou .webp.")],
            });
        }

        if (!await work.Db.Courses.AnyAsync(course => course.Slug == slug, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Course not found.", "Cours introuvable."), detail: slug);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            var (bytes, sha256, refusal) = await CopyCheckedAsync(http.Request.Body, temporary, contentType, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var replaced = File.Exists(target);
            File.Move(temporary, target, overwrite: true);
            var duration = contentType.StartsWith("video/", StringComparison.Ordinal) ? MediaDuration.Read(target) : null;
            var actor = principal.UserId();
            work.Db.AuditLog.Add(AuditEntry.Record(actor, "media.upload", null, mediaPath, $"{bytes} bytes, sha256 {sha256}", time.GetUtcNow()));
            await work.SaveAsync(cancellationToken);
            var response = new MediaFileResponse(mediaPath, bytes, sha256, contentType.Split(';')[0], duration is null ? null : Math.Round(duration.Value, 3), File.GetLastWriteTimeUtc(target));
            return replaced ? TypedResults.Ok(response) : TypedResults.Created(StudioApiPaths.MediaFile(slug, path), response);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<Results<Ok<List<MediaFileResponse>>, ProblemHttpResult>> List(string slug, MediaFiles files, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (!await work.Db.Courses.AnyAsync(course => course.Slug == slug, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Course not found.", "Cours introuvable."), detail: slug);
        }

        List<MediaFileResponse> found = [];
        foreach (var (mediaPath, file) in files.Under(slug))
        {
            var info = new FileInfo(file);
            var type = MediaTypes.Of(file)!.Split(';')[0];
            await using var stream = File.OpenRead(file);
            var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            var duration = type.StartsWith("video/", StringComparison.Ordinal) ? MediaDuration.Read(file) : null;
            found.Add(new MediaFileResponse(mediaPath, info.Length, sha256, type, duration is null ? null : Math.Round(duration.Value, 3), info.LastWriteTimeUtc));
        }

        return TypedResults.Ok(found);
    }

    /// <summary>Streams the body to <paramref name="temporary"/>, checking its first bytes and its size; the checksum as it goes.</summary>
    private static async Task<(long Bytes, string Sha256, ProblemHttpResult? Refusal)> CopyCheckedAsync(Stream body, string temporary, string contentType, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        await using (var file = File.Create(temporary))
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (total == 0 && !MediaSignature.Matches(contentType, buffer.AsSpan(0, read)))
                {
                    return (0, "", TypedResults.Problem(
                        statusCode: StatusCodes.Status415UnsupportedMediaType,
                        title: Pick("The file is not what its name says.", "Le fichier n'est pas ce que son nom annonce."),
                        detail: Pick($"A file named like this must be {contentType.Split(';')[0]}.", $"Un fichier nommé ainsi doit être du {contentType.Split(';')[0]}.")));
                }

                total += read;
                if (total > MaxBytes)
                {
                    return (0, "", TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: Pick("The file is too large.", "Le fichier est trop volumineux."), detail: $"{MaxBytes / 1024 / 1024} MB"));
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (total == 0)
        {
            return (0, "", TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: Pick("The file is empty.", "Le fichier est vide."), detail: Pick("Send the file as the request body.", "Envoyez le fichier comme corps de la requête.")));
        }

        return (total, Convert.ToHexStringLower(hash.GetHashAndReset()), null);
    }

    private sealed class RequestSizeLimitMetadata(long size) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => size;
    }
}

/// <summary>What the first bytes of each kind of media file are (its "magic number").</summary>
internal static class MediaSignature
{
    public static bool Matches(string contentType, ReadOnlySpan<byte> head) => contentType.Split(';')[0] switch
    {
        "video/webm" => head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]),
        "video/mp4" => head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8),
        "text/vtt" => head.StartsWith("WEBVTT"u8) || head.StartsWith("\uFEFFWEBVTT"u8),
        "image/png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "image/webp" => head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8),
        _ => false,
    };
}
