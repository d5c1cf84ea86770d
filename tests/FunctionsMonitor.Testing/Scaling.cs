namespace FunctionsMonitor.Testing;

public enum Scaling { Addon, Cpu, Prometheus }
