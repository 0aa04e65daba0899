using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;

namespace HiParis.Mooc.Api.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI document, made to tell the truth (ADR 19): every operation with the errors it can answer as
/// ProblemDetails, its security, the headers clients rely on, properties required only when they are always
/// written, and Identity's endpoints named. A contract test checks every response of the integration tests
/// against it.
/// </summary>
public static class OpenApiSetup
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";

    public static IServiceCollection AddMoocOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer<DocumentDescription>();
        options.AddOperationTransformer(OperationContract.ApplyAsync);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            SchemaContract.Apply(schema, context.JsonTypeInfo);
            return Task.CompletedTask;
        });
    });

    /// <summary>Declares the ProblemDetails answers an endpoint gives beyond those every endpoint of its kind gives (see <see cref="OperationContract"/>).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statusCodes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        }

        return builder;
    }

    /// <summary>Declares that the endpoint's successful answer carries an ETag (and honours If-None-Match or If-Match).</summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ETagMetadata());

    /// <summary>Declares a successful answer that is not JSON: a page, a file, a signed token, a CSV stream.</summary>
    public static TBuilder ProducesContent<TBuilder>(this TBuilder builder, string contentType, int statusCode = 200)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ContentMetadata(statusCode, contentType));

    /// <summary>Declares a file the endpoint reads from the request body, in any of <paramref name="contentTypes"/> (checked by the endpoint, not by routing).</summary>
    public static RouteHandlerBuilder AcceptsFile(this RouteHandlerBuilder builder, params string[] contentTypes) => builder.WithMetadata(new FileBodyMetadata(contentTypes));

    /// <summary>Declares the JSON body an endpoint reads itself (it binds a raw <c>JsonElement</c>).</summary>
    public static RouteHandlerBuilder WithBody<TBody>(this RouteHandlerBuilder builder) => builder.WithMetadata(new BodyMetadata(typeof(TBody)));

    internal sealed record ETagMetadata;

    internal sealed record BodyMetadata(Type Type);

    internal sealed record FileBodyMetadata(string[] ContentTypes);

    internal sealed record ContentMetadata(int StatusCode, string ContentType);
}

/// <summary>Which properties a schema requires: those always written and never null, so a rename breaks the contract.</summary>
internal static class SchemaContract
{
    public static void Apply(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return;
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        var nullability = new NullabilityInfoContext();
        foreach (var property in type.Properties)
        {
            if (!schema.Properties.ContainsKey(property.Name) || property.Get is null)
            {
                continue;
            }

            var ignored = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
                .Any(ignore => ignore.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) ?? false;
            var demanded = property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) ?? false;
            if (demanded || (!ignored && !IsNullable(property, nullability)))
            {
                required.Add(property.Name);
            }
        }

        // A 400 lists field errors when the problem is in fields; one about the request as a whole (malformed
        // JSON, a field named twice, an unknown host) is a plain ProblemDetails: both are this schema.
        if (type.Type == typeof(HttpValidationProblemDetails))
        {
            required.Remove("errors");
        }

        schema.Required = required;
    }

    private static bool IsNullable(JsonPropertyInfo property, NullabilityInfoContext context)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return true;
        }

        if (property.PropertyType.IsValueType)
        {
            return false;
        }

        return property.AttributeProvider switch
        {
            PropertyInfo info => context.Create(info).ReadState != NullabilityState.NotNull,
            FieldInfo info => context.Create(info).ReadState != NullabilityState.NotNull,
            _ => true,
        };
    }
}
