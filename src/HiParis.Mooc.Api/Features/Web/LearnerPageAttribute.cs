using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Features.Web;

/// <summary>
/// A page for a signed-in learner. It authenticates with Identity's application cookie alone, so a stranger is
/// sent to the sign-in page (the cookie's challenge) rather than answered 401 as the API's bearer scheme does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class LearnerPageAttribute : AuthorizeAttribute
{
    public LearnerPageAttribute() => AuthenticationSchemes = IdentityConstants.ApplicationScheme;
}
