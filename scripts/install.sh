#!/usr/bin/env bash
# The one install command (README): build both plugins in release mode and put them, with the
# completion shims, on the PATH; install the Helm plugin when helm is present.
#   PREFIX=/usr/local scripts/install.sh     (default PREFIX: ~/.local)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bindir="${PREFIX:-$HOME/.local}/bin"
mkdir -p "$bindir"

cargo build --release --locked --bins
install -m 0755 target/release/kubectl-claw target/release/helm-claw "$bindir/"
echo "installed kubectl-claw and helm-claw into $bindir"

# kubectl >= 1.26 completes plugin arguments through kubectl_complete-<plugin> on PATH.
for shim in completions/kubectl_complete-claw; do
  if [[ -f "$shim" ]]; then
    install -m 0755 "$shim" "$bindir/"
    echo "installed $(basename "$shim") into $bindir"
  fi
done

if command -v helm >/dev/null 2>&1 && [[ -f plugin.yaml ]]; then
  if helm plugin list 2>/dev/null | awk 'NR>1 {print $1}' | grep -qx claw; then
    helm plugin uninstall claw >/dev/null
  fi
  helm plugin install "$root"
  echo "installed the Helm plugin: helm claw"
fi

case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo "note: $bindir is not on your PATH; add it so kubectl finds kubectl-claw" >&2 ;;
esac
