using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

// Each REST and hub suite runs against both stores: the embedded store (a server of its own per class) and Redis
// Cluster (one cluster and one server node shared by the cluster classes, which run one at a time).

public sealed class ScoresApiTests(ServerFactory server) : ScoresApiSuite(server), IClassFixture<ServerFactory>;

[Collection(ClusterServer.Collection)]
public sealed class ScoresApiClusterTests(ClusterServer cluster) : ScoresApiSuite(cluster.Server);

public sealed class QueriesApiTests(ServerFactory server) : QueriesApiSuite(server), IClassFixture<ServerFactory>;

[Collection(ClusterServer.Collection)]
public sealed class QueriesApiClusterTests(ClusterServer cluster) : QueriesApiSuite(cluster.Server);

public sealed class BoardsApiTests(ServerFactory server) : BoardsApiSuite(server), IClassFixture<ServerFactory>;

[Collection(ClusterServer.Collection)]
public sealed class BoardsApiClusterTests(ClusterServer cluster) : BoardsApiSuite(cluster.Server);

public sealed class LiveHubTests(ServerFactory server) : LiveHubSuite(server), IClassFixture<ServerFactory>;

[Collection(ClusterServer.Collection)]
public sealed class LiveHubClusterTests(ClusterServer cluster) : LiveHubSuite(cluster.Server);

public sealed class TransferApiTests(ServerFactory server) : TransferApiSuite(server), IClassFixture<ServerFactory>;

[Collection(ClusterServer.Collection)]
public sealed class TransferApiClusterTests(ClusterServer cluster) : TransferApiSuite(cluster.Server);

public sealed class HubSecurityTests(ServerFactory server) : HubSecuritySuite(server), IClassFixture<ServerFactory>;

[Collection(ClusterServer.Collection)]
public sealed class HubSecurityClusterTests(ClusterServer cluster) : HubSecuritySuite(cluster.Server);
