using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Caching.Hybrid;

namespace FunctionsMonitor.ChartFunction;

/// <summary>How the cache sizes a chart: its serialized form, the entity tag then the image's bytes (the cache measures
/// an entry by it; nothing is stored outside this process).</summary>
internal sealed class ChartImageSerializer : IHybridCacheSerializer<ChartImage>
{
    public void Serialize(ChartImage value, IBufferWriter<byte> target)
    {
        var tag = Encoding.UTF8.GetBytes(value.ETag);
        BinaryPrimitives.WriteInt32LittleEndian(target.GetSpan(4), tag.Length);
        target.Advance(4);
        target.Write(tag);
        target.Write(value.Bytes);
    }

    public ChartImage Deserialize(ReadOnlySequence<byte> source)
    {
        var bytes = source.ToArray();
        var tagLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        return new ChartImage(bytes[(4 + tagLength)..], Encoding.UTF8.GetString(bytes, 4, tagLength));
    }
}
