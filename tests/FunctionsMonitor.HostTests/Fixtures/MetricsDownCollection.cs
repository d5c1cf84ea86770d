namespace FunctionsMonitor.HostTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class MetricsDownCollection : ICollectionFixture<MetricsDownFixture>
{
    public const string Name = "metrics service down";
}
