namespace FunctionsMonitor.HostTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class AspireCollection : ICollectionFixture<AspireFixture>
{
    public const string Name = "aspire apphost";
}
