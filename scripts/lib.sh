# Shared by the scripts: where cargo puts what it builds. Asks cargo itself, so a global
# CARGO_TARGET_DIR, a `build.target-dir` in any cargo config, or the default target/ all work.
# Usage: source scripts/lib.sh; dir="$(target_dir)"
target_dir() {
  cargo metadata --format-version 1 --no-deps --locked \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}
