#!/usr/bin/env bash
# Installs the Helm plugin as a copy: plugin.yaml, plugin.complete and the helm-claw binary go
# into a directory of their own under Helm's plugin directory (HELM_PLUGINS, as `helm env` says
# it), so the plugin keeps working when the checkout is moved or deleted. Running it again
# replaces the installed copy (the update); `helm plugin uninstall claw` removes it.
#   scripts/helm-plugin-install.sh HELM HELM_CLAW_BINARY
set -euo pipefail
helm="$1"
binary="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# HELM_PLUGINS may list several directories; Helm installs into the first.
plugins="$("$helm" env HELM_PLUGINS)"
plugins="${plugins%%:*}"
if [[ -z "$plugins" ]]; then
  echo "helm-plugin-install: \`$helm env HELM_PLUGINS\` named no directory" >&2
  exit 1
fi
mkdir -p "$plugins"
stage="$(mktemp -d "$plugins/.claw-install.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
install -m 0644 "$root/plugin.yaml" "$stage/plugin.yaml"
install -m 0755 "$root/plugin.complete" "$stage/plugin.complete"
install -d "$stage/bin"
install -m 0755 "$binary" "$stage/bin/helm-claw"
# An earlier install (a copy, or the symlink `helm plugin install DIR` makes) is replaced whole.
rm -rf "${plugins:?}/claw"
mv "$stage" "$plugins/claw"
trap - EXIT
echo "installed the Helm plugin into $plugins/claw: helm claw"
