#!/usr/bin/env bash
# End-to-end tests of the real desktop binary with its embedded portal:
# Xvfb + private D-Bus/gnome-keyring + tauri-driver (WebKitWebDriver) + node --test.
#
#   tests/e2e/run.sh [/abs/path/to/kabinet]
#
# The binary defaults to $KABINET_BIN, else $CARGO_TARGET_DIR/debug/kabinet, else
# target/debug/kabinet; build it first (UI, then `cargo build -p kabinet`). The portal
# binary (for outbox.test.mjs) is $KABINET_PORTAL_BIN, else kabinet-portal beside it.
# Needs: Xvfb, WebKitWebDriver (webkit2gtk-driver), dbus-run-session, gnome-keyring,
# secret-tool (libsecret-tools), node >= 20, tauri-driver (cargo install tauri-driver
# --locked --version '^2'; looked up in PATH and ~/.cargo/bin).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="${1:-${KABINET_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/kabinet}}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
    echo "e2e: no app binary at $bin (build it first)" >&2
    exit 1
fi
exec "$root/tests/with-keyring.sh" "$root/tests/e2e/inner.sh" "$bin"
