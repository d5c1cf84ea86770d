namespace FunctionsMonitor.ChartFunction;

public enum ChartFormat { Png, Svg }
