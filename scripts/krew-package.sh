#!/usr/bin/env bash
# Packages kubectl-claw for krew: dist/kubectl-claw_vVERSION_linux_amd64.tar.gz (reproducible:
# sorted, fixed owner and times, gzip without a name or stamp) and dist/claw.yaml, the manifest
# with that archive's sha256.
#   BIN=path/to/kubectl-claw BASE_URI=https://… scripts/krew-package.sh   (BIN: default the release build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib.sh
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
bin="${BIN:-$(target_dir)/release/kubectl-claw}"
base="${BASE_URI:-https://github.com/claw-project/claw/releases/download}"
dist="${DIST:-dist}"
if [[ ! -x "$bin" ]]; then
  cargo build --release --locked --bin kubectl-claw
fi
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
install -m 0755 "$bin" "$stage/kubectl-claw"
install -m 0755 completions/kubectl_complete-claw "$stage/kubectl_complete-claw"
install -m 0644 README.md "$stage/README.md"
mkdir -p "$dist"
archive="$dist/kubectl-claw_v${version}_linux_amd64.tar.gz"
tar --sort=name --mtime='2000-01-01 00:00Z' --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - kubectl-claw kubectl_complete-claw README.md | gzip -n > "$archive"
sha="$(sha256sum "$archive" | cut -d' ' -f1)"
sed -e "s|@VERSION@|$version|g" -e "s|@BASE_URI@|$base|g" -e "s|@SHA256_LINUX_AMD64@|$sha|g" \
  krew/claw.yaml.in > "$dist/claw.yaml"
echo "$archive"
echo "$dist/claw.yaml (sha256 $sha)"
