using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Learning;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Errors;

/// <summary>
/// What a domain refusal says to the learner, in their language. The domain speaks English only; the
/// French text is chosen by the problem's stable code (with the exception's data where it has some).
/// </summary>
internal static class DomainProblemText
{
    private static readonly Dictionary<string, string> French = new(StringComparer.Ordinal)
    {
        ["accommodation.out-of-range"] = $"Les tentatives supplémentaires vont de 0 à {QuizAccommodation.MaxExtraAttempts}, le temps supplémentaire de 0 à {QuizAccommodation.MaxExtraTimePercent} %.",
        ["accommodation.reason-required"] = "Un aménagement demande un motif.",
        ["certificate.reason-required"] = "Cette action demande un motif.",
        ["certificate.already-current"] = "Cette inscription a déjà un certificat en cours : réémettez-le ou révoquez-le.",
        ["enrollment.not-self-paced"] = "Seul un calendrier à votre rythme peut être décalé : une session encadrée ouvre ses semaines aux dates de la session.",
        ["enrollment.shift-out-of-range"] = "Un calendrier se décale d'au plus 365 jours dans un sens ou dans l'autre.",
        ["enrollment.withdrawn"] = "Vous vous êtes désinscrit de ce cours : inscrivez-vous de nouveau pour continuer.",
        ["progress.not-a-reading"] = "Seules les lectures se terminent à la main : une vidéo se termine quand elle est assez regardée, un quiz quand il est soumis.",
        ["progress.not-a-video"] = "Cet élément n'est pas une leçon vidéo de ce cours.",
        ["progress.unknown-item"] = "Ce cours n'a pas cet élément.",
        ["progress.too-fragmented"] = "Une leçon garde au plus 1 000 segments regardés distincts : envoyez des segments fusionnés.",
        ["quiz.attempt-in-progress"] = "Soumettez la tentative en cours avant d'en commencer une autre.",
        ["concurrency-conflict"] = "Le brouillon a changé depuis que vous l'avez lu : rechargez-le et réessayez.",
    };

    public static string Detail(DomainException exception) => exception switch
    {
        EnrollmentClosedException closed => Pick(
            closed.Message,
            $"L'inscription à « {closed.Run.Key} » est ouverte du {closed.Run.EnrollmentOpens:u} au {closed.Run.EnrollmentCloses ?? closed.Run.Ends:u}."),
        ItemLockedException locked => Pick($"It opens at {locked.OpensAt:u}.", $"Il ouvre le {locked.OpensAt:u}."),
        QuizAttemptTooSoonException early => Pick($"It can start at {early.AvailableAt:u}.", $"Elle pourra commencer le {early.AvailableAt:u}."),
        NoAttemptsLeftException used => Pick(used.Message, $"Vous avez utilisé vos {used.Allowed} tentatives à ce quiz."),
        InvalidTransitionException transition => Pick(
            transition.Message,
            $"Impossible : l'action « {transition.Trigger} » ne s'applique pas à « {transition.Lifecycle} » dans l'état « {transition.State} »."),
        _ when IsFrench && French.TryGetValue(exception.Code, out var french) => french,
        _ => exception.Message,
    };
}
