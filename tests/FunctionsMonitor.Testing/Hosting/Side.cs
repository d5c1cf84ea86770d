namespace FunctionsMonitor.Testing.Hosting;

/// <summary>Which functions a host runs: all of them (<c>func start</c>, Compose-free local runs), or one side as its
/// Kubernetes Deployment does, with that Deployment's function filter and environment.</summary>
public enum Side { All, Metrics, Chart }
