using Xunit.Abstractions;

[assembly: TestCollectionOrderer("FunctionsMonitor.HostTests.Containers.ImageCollectionFirst", "FunctionsMonitor.HostTests")]

namespace FunctionsMonitor.HostTests.Containers;

/// <summary>
/// Starts the image's collection first. Collections run on as many threads as the machine has cores (2 here), in this
/// order: last, the image's build (a minute or more of CPU) would start only once another collection had finished and
/// lengthen the whole run by its time; first, it overlaps with the other collections, whose tests spend much of theirs
/// waiting on hosts.
/// </summary>
public sealed class ImageCollectionFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == ImageCollection.Name ? 0 : 1).ThenBy(c => c.UniqueID);
}
