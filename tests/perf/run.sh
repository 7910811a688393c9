#!/usr/bin/env bash
# Build release binaries (Kabinet, the portal, a bare Tauri window) and print the
# figures of tests/perf/run.py: start-up and memory vs the bare window, sign-in
# throughput vs the Argon2id bound. Prints figures; asserts nothing.
#   tests/perf/run.sh [app|portal]
# (portal also: GET /api/v1/me vs a bare axum route over rustls, as a ratio)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
scripts/setup.sh --test
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" != 0 ] && sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
npm --prefix ui run build --silent
echo "==> release builds"
cargo build --release --quiet -p kabinet --bin kabinet
cargo build --release --quiet -p kabinet-portal --bin kabinet-portal --example hash_time --example bare_json
# the bare window uses the same dependency versions as the app
cp Cargo.lock tests/perf/bare/Cargo.lock
cargo build --release --quiet --manifest-path tests/perf/bare/Cargo.toml
rm -f tests/perf/bare/Cargo.lock

display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 0.5
DISPLAY="$display" tests/with-keyring.sh python3 tests/perf/run.py "$@"
