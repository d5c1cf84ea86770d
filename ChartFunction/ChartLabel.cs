namespace FunctionsMonitor.ChartFunction;

/// <summary>One piece of a chart's text and its box in pixels (left, top, right, bottom; y grows downwards).</summary>
public sealed record ChartLabel(string Where, string Text, float Left, float Top, float Right, float Bottom)
{
    public bool Overlaps(ChartLabel other) =>
        Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

    public override string ToString() => $"{Where} '{Text}' [{Left:0},{Top:0} - {Right:0},{Bottom:0}]";
}
