namespace FunctionsMonitor.Testing;

public enum Exposure { Gateway, Ingress, Istio }
