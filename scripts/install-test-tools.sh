#!/usr/bin/env bash
# Installs what the tests need besides the .NET 10 SDK, on Debian or Ubuntu (run as root, or with sudo):
#   fonts-dejavu-core   the chart's font (ScottPlot's SkiaSharp build reads font files; no font, no text)
#   chromium            the browser the Playwright tests drive (Playwright's own browser download is not used)
#   kubectl             current kustomize (`kubectl kustomize`), if no kubectl is on PATH yet
#   kubectl 1.20        Debian's kubernetes-client, unpacked beside the system (not installed over another
#                       kubectl): its built-in kustomize v2.0.3 is the oldest the manifests must build with
#   prometheus          a real scraper and PromQL server; the tests start their own on a free loopback port
set -euo pipefail
legacy_dir=${KUSTOMIZE_LEGACY_DIR:-/opt/kubernetes-client-1.20}
export DEBIAN_FRONTEND=noninteractive

missing=()
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
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
echo "fonts: $(ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
echo "kubectl: $(kubectl version --client 2>/dev/null | head -2 | tr '\n' ' ')"
echo "prometheus: $(/usr/bin/prometheus --version 2>&1 | head -1)"
echo "legacy kubectl: $("$legacy_dir/usr/bin/kubectl" version --client --short 2>/dev/null || "$legacy_dir/usr/bin/kubectl" version --client | head -1)"
