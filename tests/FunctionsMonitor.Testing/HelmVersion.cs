namespace FunctionsMonitor.Testing;

public enum HelmVersion { Helm3, Helm4 }
