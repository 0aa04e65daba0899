using HiParis.Mooc.Api.Features.Learning.Content;
using HiParis.Mooc.Api.Features.Learning.Enrolments;
using HiParis.Mooc.Api.Features.Learning.Progress;
using HiParis.Mooc.Api.Features.Learning.Quizzes;
using HiParis.Mooc.Api.Infrastructure.Media;

namespace HiParis.Mooc.Api.Features.Learning;

public static class LearningSetup
{
    public static IServiceCollection AddLearning(this IServiceCollection services) => services
        .AddScoped<LearnerRecords>()
        .AddScoped<ProgressWork>()
        .AddScoped<Enrolments.Enrolments>()
        .AddScoped<CourseProgress>()
        .AddSingleton<OutlineCache>()
        .AddSingleton<WatchingCache>()
        .AddSingleton<QuizSessionCache>()
        .AddScoped<QuizSessions>()
        .AddScoped<QuizTaking>()
        .AddScoped<Grades>()
        .AddScoped<CourseContent>()
        .AddScoped<MediaLinks>();

    public static IEndpointRouteBuilder MapLearningEndpoints(this IEndpointRouteBuilder app) => app
        .MapEnrolmentEndpoints()
        .MapProgressEndpoints()
        .MapQuizEndpoints()
        .MapContentEndpoints();
}
