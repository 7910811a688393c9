#!/usr/bin/env bash
# Set up and run the Kabinet desktop app. With no portal configured it starts the
# embedded demo portal (SQLite in the app's data folder, demo inbox).
#   scripts/run.sh [--guest] [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
profile=(); args=()
for a in "$@"; do
  case "$a" in --release) profile=(--release) ;; *) args+=("$a") ;; esac
done
echo "==> building the UI"
npm --prefix ui run build --silent
echo "==> building and starting the app"
exec cargo run "${profile[@]}" -p kabinet --bin kabinet -- "${args[@]}"
