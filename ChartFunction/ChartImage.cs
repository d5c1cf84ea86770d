using System.ComponentModel;

namespace FunctionsMonitor.ChartFunction;

/// <summary>A rendered chart and its entity tag; never changed once made, so the cache hands out the same instance.</summary>
[ImmutableObject(true)]
public sealed record ChartImage(byte[] Bytes, string ETag);
