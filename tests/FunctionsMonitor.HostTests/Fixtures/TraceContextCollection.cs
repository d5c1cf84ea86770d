namespace FunctionsMonitor.HostTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class TraceContextCollection : ICollectionFixture<TraceContextFixture>
{
    public const string Name = "trace context hosts";
}
