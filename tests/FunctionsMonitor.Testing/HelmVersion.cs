namespace FunctionsMonitor.Tests;

public enum HelmVersion { Helm3, Helm4 }
