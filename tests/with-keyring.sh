#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring
# (the Secret Service the app and its keyring test use on Linux). HOME and
# XDG_RUNTIME_DIR point at a temp dir, so the real keyring is never touched.
#
#   tests/with-keyring.sh cargo test -p kabinet
#   tests/with-keyring.sh tests/e2e/inner.sh /abs/path/to/kabinet
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

if [ "${KABINET_KEYRING_SESSION:-}" != "1" ]; then
    for tool in dbus-run-session gnome-keyring-daemon; do
        command -v "$tool" >/dev/null || { echo "$0: $tool not found (apt-get install dbus-x11 gnome-keyring)" >&2; exit 2; }
    done
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-keyring.XXXXXX")
    # xdg-document-portal (started on demand by GTK) may still hold a FUSE mount in
    # $XDG_RUNTIME_DIR/doc for a moment after the bus ends: unmount, then retry.
    cleanup() {
        fusermount -u "$tmp/run/doc" 2>/dev/null || true
        rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp" 2>/dev/null; } || true
    }
    trap cleanup EXIT
    mkdir -p "$tmp/home" "$tmp/run"
    chmod 700 "$tmp/run"
    # Keep the toolchains found through HOME where they are.
    export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
    export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
    export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
    export PATH="$CARGO_HOME/bin:$PATH"
    export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" KABINET_KEYRING_SESSION=1
    unset DBUS_SESSION_BUS_ADDRESS XDG_DATA_HOME XDG_CONFIG_HOME
    set +e
    # The session bus logs every service it activates (portals, a11y) to stderr;
    # keep the command's own stderr, drop that noise (KABINET_DBUS_VERBOSE=1 keeps it).
    if [ "${KABINET_DBUS_VERBOSE:-}" = "1" ]; then
        dbus-run-session -- "$0" "$@"
    else
        dbus-run-session -- "$0" "$@" 2> >(grep --line-buffered -vE \
            'dbus-daemon\[|xdg-desktop-portal|Gtk-WARNING|pw\.conf|SpiRegistry|No skeleton to export|Failed connect to PipeWire|^$' >&2)
    fi
    status=$?
    set -e
    exit "$status"
fi

# Inside the private session: start the Secret Service with an unlocked login keyring.
printf '%s' "kabinet-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export KABINET_REQUIRE_KEYRING="${KABINET_REQUIRE_KEYRING:-1}"
exec "$@"
