namespace FunctionsMonitor.Tests;

public enum Scaling { Addon, Cpu, Prometheus }
