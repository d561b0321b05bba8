namespace Leaderboards.Server.Errors;

/// <summary>Declares an endpoint's problem responses from the <see cref="Problems"/> table, for the OpenAPI document.</summary>
public static class EndpointProblems
{
    /// <summary>Declares each problem's status (once per status).</summary>
    public static TBuilder Fails<TBuilder>(this TBuilder endpoint, params Problem[] problems)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (int status in problems.Select(p => p.Status).Distinct().Order())
            endpoint.ProducesProblem(status);
        return endpoint;
    }

    /// <summary>A JSON request body of <typeparamref name="T"/>, with the problems reading one can give (400, 413, 415).</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder endpoint)
        where T : notnull =>
        endpoint.Accepts<T>("application/json").Fails(Problems.InvalidField, Problems.BodyTooLarge, Problems.UnsupportedMediaType);

    /// <summary>An endpoint under <c>/boards/{boardId}</c>: the board may not exist.</summary>
    public static RouteHandlerBuilder OnBoard(this RouteHandlerBuilder endpoint) => endpoint.Fails(Problems.BoardNotFound);
}
