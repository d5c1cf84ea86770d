namespace FunctionsMonitor.HostTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class SplitCollection : ICollectionFixture<SplitFixture>
{
    public const string Name = "split hosts";
}
