namespace FunctionsMonitor.Tests;

public enum Exposure { Gateway, Ingress, Istio }
