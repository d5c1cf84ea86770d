namespace FunctionsMonitor.HostTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults host";
}
