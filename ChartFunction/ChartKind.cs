namespace FunctionsMonitor.ChartFunction;

/// <summary>bar: the current sample, like the seed; history: a line chart of the last seconds.</summary>
public enum ChartKind { Bar, History }
