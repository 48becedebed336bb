#!/usr/bin/env bash
# Regenerates the static completion scripts in completions/ from the built plugins
# (a test checks they match what the binaries generate).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh
cargo build --locked --bins
built="$(target_dir)/debug"
for plugin in kubectl-claw helm-claw; do
  for shell in bash zsh fish powershell; do
    ext=$shell; [[ $shell == powershell ]] && ext=ps1
    "$built/$plugin" completion "$shell" > "completions/$plugin.$ext"
  done
done
echo "completions/ regenerated"
