#!/usr/bin/env bash
# Renders k8s-keda/ from the Helm chart, its one source: a folder per scaling variant (addon, cpu, prometheus), each
# holding what the chart renders with its default values otherwise (release functions-monitor in namespace
# functions-monitor, exposed through the Gateway API), the Namespace (which Helm leaves to --create-namespace) and a
# kustomization.yaml for your own image and host name.
#   scripts/render-manifests.sh            refresh k8s-keda/ after a change to charts/functions-monitor
#   scripts/render-manifests.sh OUT_DIR    render elsewhere (the tests compare that with k8s-keda/)
# Helm: $HELM, else helm on PATH, else the one scripts/install-test-tools.sh put under .tools/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/k8s-keda}
helm=${HELM:-}
if [ -z "$helm" ]; then
  if command -v helm >/dev/null; then helm=helm
  elif [ -x "$repo/.tools/helm-4.1.4/helm" ]; then helm=$repo/.tools/helm-4.1.4/helm
  else echo "render-manifests.sh: no helm (set HELM, or run scripts/install-test-tools.sh)" >&2; exit 1
  fi
fi
chart=$repo/charts/functions-monitor
release=functions-monitor
namespace=functions-monitor
version=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$chart/Chart.yaml")
repository=$(sed -n 's/^  repository: *//p' "$chart/values.yaml" | head -1)
host=$(sed -n 's/^host: *//p' "$chart/values.yaml")

for variant in addon cpu prometheus; do
  dir=$out/$variant
  mkdir -p "$dir"
  case $variant in
    addon) about="the KEDA HTTP add-on 0.15.x counts requests at its interceptor and wakes the chart from zero" ;;
    cpu) about="core KEDA only: both Deployments scale on CPU, from one replica" ;;
    prometheus) about="core KEDA only: the chart scales on its invocations in flight, read from Prometheus" ;;
  esac
  {
    echo "# Rendered by scripts/render-manifests.sh from charts/functions-monitor (scaling=$variant): do not edit."
    echo "# Change the chart and render again, or patch in kustomization.yaml."
    "$helm" template "$release" "$chart" --namespace "$namespace" --set "scaling=$variant"
  } > "$dir/functions-monitor.yaml"
  cat > "$dir/namespace.yaml" <<EOF
# The release's namespace (Helm leaves it to --create-namespace).
apiVersion: v1
kind: Namespace
metadata:
  name: $namespace
  labels:
    app.kubernetes.io/part-of: functions-monitor
EOF
  cat > "$dir/kustomization.yaml" <<EOF
# FunctionsMonitor with $variant scaling, exposed through the Gateway API: kubectl apply -k k8s-keda/$variant
# ($about).
# functions-monitor.yaml is what the Helm chart renders (scripts/render-manifests.sh): make your changes here. The
# objects carry Helm's labels, but Helm does not manage them; another namespace, Ingress or Istio exposure, or other
# values: render the chart with helm template, or install it (docs/deploy.md).
# Plain fields only, so that kustomize v2.0.3 (Debian's kubectl 1.20) builds it as current kustomize does.
resources:
- namespace.yaml
- functions-monitor.yaml

# Your image: your registry's name and a pinned tag (never latest).
images:
- name: $repository
  newName: $repository
  newTag: "$version"

# Your host name and Gateway (current kustomize; kustomize v2 has no patches field): uncomment and edit.
# patches:
# - target:
#     kind: HTTPRoute
#     name: $release
#   patch: |-
#     apiVersion: gateway.networking.k8s.io/v1
#     kind: HTTPRoute
#     metadata:
#       name: $release
#     spec:
#       hostnames: ["$host"]
#       parentRefs: [{name: eg, namespace: envoy-gateway-system}]
EOF
  # With the add-on the interceptor routes on the host too: the InterceptorRoutes must name the same one.
  if [ "$variant" = addon ]; then
    cat >> "$dir/kustomization.yaml" <<EOF
# - target:
#     kind: InterceptorRoute
#   patch: |-
#     - op: replace
#       path: /spec/rules/0/hosts
#       value: ["$host"]
EOF
  fi
done
echo "rendered k8s-keda for addon, cpu and prometheus into $out with $("$helm" version --short)"
