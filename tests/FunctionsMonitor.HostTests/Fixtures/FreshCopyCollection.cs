namespace FunctionsMonitor.HostTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class FreshCopyCollection : ICollectionFixture<FreshCopyFixture>
{
    public const string Name = "fresh copy";
}
