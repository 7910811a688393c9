#!/usr/bin/env bash
# Set up a Debian/Ubuntu machine for Kabinet: system packages, npm dependencies,
# tools. Idempotent: installs only what is missing. Used by run.sh and test.sh.
#   scripts/setup.sh          # what the app needs to build and run
#   scripts/setup.sh --test   # plus what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0; [ "${1:-}" = "--test" ] && want_test=1

pkgs=(libwebkit2gtk-4.1-dev build-essential pkg-config libxdo-dev libssl-dev
      libayatana-appindicator3-dev librsvg2-dev gnome-keyring dbus-x11 libsecret-tools)
# poppler-utils: pdftotext, the second reader the portal's PDF tests check text with
[ "$want_test" = 1 ] && pkgs+=(xvfb webkit2gtk-driver openssl poppler-utils)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "==> npm dependencies (ui/)"
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  # `npm ci` first; the lock omits other platforms' optional packages (rollup's
  # native builds) when written behind some registry mirrors, and then `npm ci`
  # refuses it — fall back to an install that keeps the locked versions.
  npm --prefix ui ci --no-audit --no-fund --loglevel=error 2>/dev/null \
    || npm --prefix ui install --no-save --no-audit --no-fund --loglevel=error
fi

if [ "$want_test" = 1 ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
