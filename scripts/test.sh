#!/usr/bin/env bash
# Set up and run EVERY test of Kabinet (this is the README's test command, and
# .ci/run calls it):
#   1. formatting and clippy (-D warnings) over the whole workspace
#   2. Rust tests: domain tables, portal over real HTTPS on SQLite AND on a private
#      PostgreSQL server started here, desktop services with a real Secret Service
#      keyring (gnome-keyring in a private D-Bus session)
#   3. UI: type check (svelte-check) and logic (vitest)
#   4. end to end: WebDriver drives the real app binary with its embedded portal
#      (and, for the offline outbox, with a standalone portal process it stops)
# Exits non-zero on the first failing group; prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
# Plain logs everywhere: CI sets $CI, which turns colour on in vitest/svelte-check,
# and colour codes would break the summary below.
export CARGO_TERM_COLOR=never NO_COLOR=1
unset FORCE_COLOR

work=$(mktemp -d /tmp/kabinet-test.XXXXXX); chmod 755 "$work"  # the postgres user must reach its data dir
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  "$root/scripts/pg-test.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

summary=()
step() { echo; echo "==> $*"; }
# run CMD… with its output shown and kept in LOG; returns CMD's status (not tee's)
logged() { local log=$1; shift; set +e; "$@" 2>&1 | tee "$log"; local st=${PIPESTATUS[0]}; set -e; return "$st"; }
# LOG's lines matching ERE, colour codes stripped; never fails (a summary line must
# not be what stops the run)
matching() { sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E "$2" || true; }

step "building the UI (vite)"
npm --prefix ui run build --silent

step "cargo fmt --check"
cargo fmt --all -- --check
summary+=("fmt: ok")

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings
summary+=("clippy: ok")

step "starting a private PostgreSQL on 127.0.0.1:$pg_port"
KABINET_TEST_POSTGRES_URL=$("$root/scripts/pg-test.sh" start "$work/pg" "$pg_port")
export KABINET_TEST_POSTGRES_URL

step "Rust tests (workspace; keyring via gnome-keyring in a private D-Bus session)"
rust_status=0; logged "$work/cargo-test.log" tests/with-keyring.sh cargo test --workspace --no-fail-fast || rust_status=$?
summary+=("rust: $(matching "$work/cargo-test.log" '^test result:' | awk '{p+=$4; f+=$6; i+=$8} END {printf "%d passed, %d failed, %d ignored", p, f, i}')")
[ "$rust_status" = 0 ] || { printf '%s\n' "${summary[@]}"; exit 1; }

step "UI type check (svelte-check)"
npm --prefix ui run check --silent
summary+=("svelte-check: ok")

step "UI logic (vitest)"
ui_status=0; logged "$work/vitest.log" npm --prefix ui test --silent || ui_status=$?
summary+=("vitest: $(matching "$work/vitest.log" 'Tests +[0-9]' | tail -n1 | sed 's/^ *//')")
[ "$ui_status" = 0 ] || { printf '%s\n' "${summary[@]}"; exit 1; }

step "end to end (WebDriver drives the real app binary)"
cargo build -p kabinet --bin kabinet -p kabinet-portal --bin kabinet-portal --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/debug/kabinet"
e2e_status=0; logged "$work/e2e.log" tests/e2e/run.sh "$bin" || e2e_status=$?
summary+=("e2e: $(matching "$work/e2e.log" '^# (pass|fail) ' | tr '\n' ' ')")

echo; echo "==> summary"; printf '  %s\n' "${summary[@]}"
exit "$e2e_status"
