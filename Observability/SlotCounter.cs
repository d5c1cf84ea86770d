using System.Diagnostics.Metrics;

namespace FunctionsMonitor.Observability;

/// <summary>
/// A counter over two attributes whose values are known in advance (a chart's kind and format, say), observed rather
/// than pushed, so that a scrape shows every pair at zero from the start instead of only after its first event. The
/// values are the slice's own: an enum's members, named as the slice names them.
/// </summary>
public sealed class SlotCounter<TFirst, TSecond> where TFirst : struct, Enum where TSecond : struct, Enum
{
    private static readonly TFirst[] Firsts = Enum.GetValues<TFirst>();
    private static readonly TSecond[] Seconds = Enum.GetValues<TSecond>();
    private readonly long[] _slots = new long[Firsts.Length * Seconds.Length];

    public SlotCounter(Meter meter, string name, string unit, string description,
        string firstName, Func<TFirst, string> first, string secondName, Func<TSecond, string> second)
    {
        var tags = Firsts.SelectMany(f => Seconds.Select(s => new KeyValuePair<string, object?>[] { new(firstName, first(f)), new(secondName, second(s)) }))
            .ToArray();
        meter.CreateObservableCounter(name, () => _slots.Select((_, i) => new Measurement<long>(Volatile.Read(ref _slots[i]), tags[i])),
            unit, description);
    }

    public void Add(TFirst first, TSecond second) =>
        Interlocked.Increment(ref _slots[Array.IndexOf(Firsts, first) * Seconds.Length + Array.IndexOf(Seconds, second)]);
}
