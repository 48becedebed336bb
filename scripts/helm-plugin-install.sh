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
# HELM_PLUGINS may list several directories (Helm reads them all); the copy goes into the first.
all_plugins="$("$helm" env HELM_PLUGINS)"
plugins="${all_plugins%%:*}"
if [[ -z "$plugins" ]]; then
  echo "helm-plugin-install: \`$helm env HELM_PLUGINS\` named no directory" >&2
  exit 1
fi
mkdir -p "$plugins"
stage="$(mktemp -d "$plugins/.claw-install.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"   # as Helm's own installs: a shared plugin directory serves every user
install -m 0644 "$root/plugin.yaml" "$stage/plugin.yaml"
install -m 0755 "$root/plugin.complete" "$stage/plugin.complete"
install -d "$stage/bin"
install -m 0755 "$binary" "$stage/bin/helm-claw"
# An earlier install is replaced whole: a copy, the symlink `helm plugin install DIR` makes, or
# a folder `helm plugin install URL|FILE` named after its archive. Two plugins named claw would
# stop Helm loading any plugin ("two plugins claim the name"), uninstall included.
IFS=: read -r -a dirs <<< "$all_plugins"
for dir in "${dirs[@]}"; do
  [[ -d "$dir" ]] || continue
  for found in "$dir"/*/plugin.yaml; do
    [[ -f "$found" ]] || continue
    if grep -Eq '^name:[[:space:]]*"?claw"?[[:space:]]*$' "$found"; then
      old="$(dirname "$found")"
      [[ "$old" == "$stage" ]] && continue
      rm -rf "${old:?}"
    fi
  done
done
rm -rf "${plugins:?}/claw"
mv "$stage" "$plugins/claw"
trap - EXIT
echo "installed the Helm plugin into $plugins/claw: helm claw"
