using Leaderboards.Service.Catalog;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Authorization;

namespace Leaderboards.Server.Security;

/// <summary>The caller's key must have at least <see cref="Role"/>; with <see cref="AllowPublicRead"/>, a board marked public needs no key.</summary>
internal sealed record MinimumRoleRequirement(ApiRole Role, bool AllowPublicRead) : IAuthorizationRequirement
{
    public bool IsMetBy(HttpContext http, BoardCatalog boards)
    {
        var credential = PresentedCredential.Of(http);
        if (credential.Key is { } key)
            return key.Role >= Role;
        // A wrong credential is refused even on a public board; only a request that presents none reads anonymously.
        return AllowPublicRead
            && !credential.IsPresented
            && http.Request.RouteValues["boardId"] is string boardId
            && boards.TryGet(boardId, out var board)
            && board.Settings.PublicRead;
    }
}

internal sealed class MinimumRoleHandler(BoardCatalog boards) : AuthorizationHandler<MinimumRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MinimumRoleRequirement requirement)
    {
        if (context.Resource is HttpContext http && requirement.IsMetBy(http, boards))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>The policies endpoints name.</summary>
public static class Policies
{
    /// <summary>A reader key, or none on a board with public reads.</summary>
    public const string Read = "read";

    /// <summary>A reader key, public boards or not.</summary>
    public const string ReadAny = "read-any";

    public const string Write = "write";

    public const string Admin = "admin";

    /// <summary>No key needed, but a presented credential must be a valid key: the hub, which checks each subscription.</summary>
    public const string NoWrongKey = "no-wrong-key";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(NoWrongKey, p => p.AddRequirements(new NoWrongKeyRequirement()));
        options.AddPolicy(Read, p => p.AddRequirements(new MinimumRoleRequirement(ApiRole.Reader, AllowPublicRead: true)));
        options.AddPolicy(ReadAny, p => p.AddRequirements(new MinimumRoleRequirement(ApiRole.Reader, AllowPublicRead: false)));
        options.AddPolicy(Write, p => p.AddRequirements(new MinimumRoleRequirement(ApiRole.Writer, AllowPublicRead: false)));
        options.AddPolicy(Admin, p => p.AddRequirements(new MinimumRoleRequirement(ApiRole.Admin, AllowPublicRead: false)));
    }
}
