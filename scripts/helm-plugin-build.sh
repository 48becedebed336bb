#!/usr/bin/env bash
# Builds helm-claw for the Helm plugin of a checkout: Helm runs this from plugin.yaml's install
# hook (when bin/helm-claw is missing) and update hook (after pulling the checkout). The binary
# goes to bin/helm-claw in the plugin directory, where plugin.yaml runs it.
#   HELM_PLUGIN_DIR=path/to/checkout scripts/helm-plugin-build.sh   (Helm sets HELM_PLUGIN_DIR)
set -euo pipefail
dir="${HELM_PLUGIN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
if ! command -v cargo >/dev/null 2>&1; then
  echo "helm claw: cannot build bin/helm-claw: cargo is not on the PATH; install Rust (https://rustup.rs), run 'helm plugin uninstall claw' and install again, or install a release archive (README: Other ways to install)" >&2
  exit 1
fi
cd "$dir"
source scripts/lib.sh
echo "helm claw: building bin/helm-claw with cargo (release; the first build takes minutes)" >&2
cargo build --release --locked --bin helm-claw
install -d bin
install -m 0755 "$(target_dir)/release/helm-claw" bin/helm-claw.tmp
mv -f bin/helm-claw.tmp bin/helm-claw
echo "helm claw: built $dir/bin/helm-claw" >&2
