namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>The test classes that share the <see cref="DefaultHostFixture"/>: they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DefaultHostCollection : ICollectionFixture<DefaultHostFixture>
{
    public const string Name = "default host";
}
