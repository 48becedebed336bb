#!/usr/bin/env bash
# Helm plugin install/update hook: put the helm-claw binary at $HELM_PLUGIN_DIR/bin/helm-claw.
# Uses a binary already built in the checkout (scripts/install.sh builds one), else builds it.
set -euo pipefail
dir="${HELM_PLUGIN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
mkdir -p "$dir/bin"
# The newest build in the checkout, release or debug.
built=""
for candidate in "$dir/target/release/helm-claw" "$dir/target/debug/helm-claw"; do
  if [[ -x "$candidate" && ( -z "$built" || "$candidate" -nt "$built" ) ]]; then
    built="$candidate"
  fi
done
if [[ -n "$built" ]]; then
  install -m 0755 "$built" "$dir/bin/helm-claw.tmp"
  mv -f "$dir/bin/helm-claw.tmp" "$dir/bin/helm-claw"
  echo "helm-claw: using $built"
  exit 0
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "helm-claw: no built binary in $dir/target and no cargo to build one; install Rust or run scripts/install.sh" >&2
  exit 1
fi
echo "helm-claw: building (cargo build --release --bin helm-claw)"
(cd "$dir" && cargo build --release --locked --bin helm-claw)
install -m 0755 "$dir/target/release/helm-claw" "$dir/bin/helm-claw"
