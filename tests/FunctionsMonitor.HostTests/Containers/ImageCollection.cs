namespace FunctionsMonitor.HostTests.Containers;

[CollectionDefinition(Name)]
public sealed class ImageCollection : ICollectionFixture<ImageFixture>
{
    public const string Name = "image";
}
