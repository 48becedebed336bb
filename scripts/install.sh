#!/usr/bin/env bash
# The one install command (README): build both plugins in release mode and put them, with the
# completion shims, on the PATH; install the Helm plugin (as a copy) when helm is present.
#   PREFIX=/usr/local scripts/install.sh     (default PREFIX: ~/.local)
# Works wherever cargo builds (CARGO_TARGET_DIR or not). Running it again updates everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib.sh
bindir="${PREFIX:-$HOME/.local}/bin"
mkdir -p "$bindir"

cargo build --release --locked --bins
built="$(target_dir)/release"
install -m 0755 "$built/kubectl-claw" "$built/helm-claw" "$bindir/"
echo "installed kubectl-claw and helm-claw into $bindir"

# kubectl >= 1.26 completes plugin arguments through kubectl_complete-<plugin> on PATH.
install -m 0755 completions/kubectl_complete-claw "$bindir/"
echo "installed kubectl_complete-claw into $bindir"

helm="${HELM_BIN:-$(command -v helm || true)}"
if [[ -n "$helm" ]]; then
  scripts/helm-plugin-install.sh "$helm" "$built/helm-claw"
fi

case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo "note: $bindir is not on your PATH; add it so kubectl finds kubectl-claw" >&2 ;;
esac
