#!/usr/bin/env bash
# Runs inside tests/with-keyring.sh: starts Xvfb and tauri-driver, runs the tests,
# stops what it started. Use tests/e2e/run.sh instead of calling this directly.
set -euo pipefail
bin="$1"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-e2e.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    # An app a test failed to close must not outlive the run (it would hold the
    # caller's output pipe open): end any instance of this binary still running.
    pkill -KILL -f -- "^$bin( |\$)" 2>/dev/null || true
    if [ "${KABINET_E2E_KEEP:-}" = "1" ]; then echo "e2e: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

driver=$(command -v tauri-driver || echo "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver")
[ -x "$driver" ] || { echo "e2e: tauri-driver not found (cargo install tauri-driver --locked --version '^2')" >&2; exit 1; }
for tool in Xvfb WebKitWebDriver secret-tool node; do
    command -v "$tool" >/dev/null || { echo "e2e: $tool not found" >&2; exit 1; }
done

# A free X display, chosen by Xvfb itself.
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
exec 3>&-
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "e2e: Xvfb did not start" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$tmp/display")"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
port=$(free_port)
native_port=$(free_port)

# What the app sees (tauri-driver -> WebKitWebDriver -> app inherit this environment).
export KABINET_DATA_DIR="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/xdg-data" XDG_CACHE_HOME="$tmp/cache"
export KABINET_LOG="${KABINET_LOG:-info}" NO_AT_BRIDGE=1 GTK_USE_PORTAL=0
unset KABINET_PORTAL_URL KABINET_PORTAL_CA KABINET_GUEST
mkdir -p "$KABINET_DATA_DIR" "$tmp/tmp"
# Guest sessions make their temp dir under TMPDIR: keep it inside this run's dir.
export TMPDIR="$tmp/tmp"

"$driver" --port "$port" --native-port "$native_port" >"$tmp/driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    node -e "fetch('http://127.0.0.1:$port/status').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" && break
    sleep 0.2
done

# The standalone portal (outbox.test.mjs stops and starts one): beside the app
# binary unless given.
export KABINET_PORTAL_BIN="${KABINET_PORTAL_BIN:-$(dirname "$bin")/kabinet-portal}"
export KABINET_BIN="$bin" WEBDRIVER_URL="http://127.0.0.1:$port" TAURI_DRIVER="$driver"
set +e
# KABINET_E2E_ONLY=keyboard runs only keyboard.test.mjs (while working on one file)
node --test --test-reporter=tap --test-concurrency=1 "$here"/${KABINET_E2E_ONLY:-*}.test.mjs
status=$?
set -e
if [ "$status" -ne 0 ]; then
    echo "---- tauri-driver / app log (last 80 lines) ----" >&2
    tail -n 80 "$tmp/driver.log" >&2 || true
fi
exit "$status"
