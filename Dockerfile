# syntax=docker/dockerfile:1
# FunctionsMonitor: one image for both Deployments (charts/functions-monitor, rendered into k8s-keda/) and both
# Compose services. `func kubernetes deploy` builds with this file too.

# Build on the .NET 10 SDK; publish framework-dependent for linux-x64 only (not 15 platforms: 17 MB, not 160 MB),
# ReadyToRun for a shorter cold start.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The restore layer, cached until the project or a package version changes. It restores with the publish's own
# properties (ReadyToRun brings its compiler pack), so that the publish below finds everything restored.
COPY FunctionsMonitor.csproj Directory.Build.props Directory.Packages.props ./
RUN dotnet restore FunctionsMonitor.csproj -r linux-x64 -p:PublishReadyToRun=true
COPY . .
RUN dotnet publish FunctionsMonitor.csproj -c Release -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -o /home/site/wwwroot \
 && test -f /home/site/wwwroot/worker.config.json \
 && test -d /home/site/wwwroot/.azurefunctions

# Run on the Functions host image for .NET 10 isolated workers.
FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
# ScottPlot's SkiaSharp build reads font files itself and draws no text without one; the base image has none.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# Console logging on, and quiet on success: host.json keeps the per-invocation lines (Function.<name>) to warnings and
# errors; the host's two lines per HTTP request come from its web host, which reads its levels from the
# environment's Logging__LogLevel__<category>, not from host.json (docs/observability.md says how to turn both on).
# No route takes a body, and the host reads a request's whole body into memory before the worker sees it (99 MB on an
# anonymous GET grew it by half a gigabyte): past 4 KiB it refuses to read one (a bare 500, its own answer; below that
# the worker answers 413). local.settings.json carries the same value for func start; a test holds them equal.
# glibc's malloc lets the size from which a block gets a mapping of its own slide up to the largest block freed (up to
# 32 MiB): SkiaSharp's pixel buffers (4 MB for a 2,000 x 512 chart) then come from malloc's heaps and stay resident
# once freed. Pinned at glibc's default of 128 KiB, they go back to the kernel when freed: a flood of uncached charts
# peaks 80-100 MiB lower inside the chart pod's limit, for about 1 ms more CPU per chart drawn (docs/performance.md,
# "Soak and flood").
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    MALLOC_MMAP_THRESHOLD_=131072 \
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=4096 \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    Logging__LogLevel__Microsoft.Azure.WebJobs.Script.WebHost.Middleware.SystemTraceMiddleware=Warning \
    FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
    ASPNETCORE_URLS=http://+:8080 \
    Chart__FontFile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# The publish output keeps the hidden .azurefunctions/ folder: without it the host finds no functions.
COPY --from=build /home/site/wwwroot /home/site/wwwroot
# Unprivileged: the host needs to write only /tmp and /dev/shm; the Deployments mount an emptyDir at /tmp and
# make the root filesystem read-only.
USER 10001:10001
# 8080: the Functions host; 9464: the worker's Prometheus endpoint (Observability__PrometheusPort).
EXPOSE 8080 9464
