#!/usr/bin/env bash
# Installs what the real-editor end-to-end tier needs (see test/e2e/README.md):
#   - Debian packages: chromium (headless browser for the code-server workbench),
#     neovim (second LSP client), libkrb5-dev and ripgrep (needed to build code-server offline)
#   - code-server 4.100.3 (real VS Code 1.100.3; the newest release that runs on node 20)
#     into .ci/code-server/ (git-ignored cache, reused when the right version is already there)
#
# Idempotent and non-interactive. Exits non-zero with a message naming the failed step.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
# @vscode/ripgrep (a dependency of code-server) downloads rg from the internet in its postinstall
# unless the archive is already in its cache; we put Debian's rg there instead.
RIPGREP_PKG_VERSION="1.15.11"
RIPGREP_ARCHIVE="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

export CI="${CI:-true}"
export DEBIAN_FRONTEND=noninteractive

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_DIR="$ROOT/.ci/code-server"
CS_PKG="$CS_DIR/node_modules/code-server/package.json"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

fail() { echo "install-e2e-prereqs: FAILED: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%01d s' $(( d / 1000 )) $(( (d % 1000) / 100 )); }
T_ALL=$(now_ms)
step_start() { STEP_NAME="$1"; T_STEP=$(now_ms); echo "== $STEP_NAME"; }
step_end() { echo "   $STEP_NAME: $(secs_since "$T_STEP")"; }

SUDO=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 || fail "not root and no sudo: cannot apt-get install"
  SUDO="sudo -n"
fi

# ---------------------------------------------------------------- Debian packages
step_start "Debian packages (chromium neovim libkrb5-dev ripgrep)"
missing=()
for p in chromium neovim libkrb5-dev ripgrep; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "   missing: ${missing[*]}"
  # apt-get update once, only when the package lists are absent or do not know a missing package
  need_update=0
  for p in "${missing[@]}"; do
    apt-cache show "$p" >/dev/null 2>&1 || need_update=1
  done
  if [ "$need_update" = 1 ]; then
    $SUDO apt-get update -q </dev/null || fail "apt-get update"
  fi
  if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; then
    # Package lists present but stale (404 on an old version): refresh them once and retry.
    [ "$need_update" = 1 ] && fail "apt-get install ${missing[*]}"
    echo "   apt-get install failed with the present package lists: apt-get update and retry"
    $SUDO apt-get update -q </dev/null || fail "apt-get update"
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null \
      || fail "apt-get install ${missing[*]}"
  fi
else
  echo "   all installed"
fi
for b in /usr/bin/chromium nvim rg; do
  command -v "$b" >/dev/null 2>&1 || fail "$b not found after installing the Debian packages"
done
step_end

# ---------------------------------------------------------------- code-server
step_start "code-server $CODE_SERVER_VERSION in .ci/code-server"
have=""
if [ -f "$CS_PKG" ]; then
  have="$(node -p "require('$CS_PKG').version" 2>/dev/null || true)"
fi
if [ "$have" = "$CODE_SERVER_VERSION" ] && [ -x "$CS_BIN" ] \
   && [ -f "$CS_DIR/node_modules/code-server/lib/vscode/package.json" ]; then
  echo "   cached: code-server $have"
else
  [ -n "$have" ] && echo "   found code-server '$have', want $CODE_SERVER_VERSION: reinstalling"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"

  tmp_root="${TMPDIR:-/tmp}"
  rg_cache="$tmp_root/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  mkdir -p "$rg_cache"
  if [ ! -s "$rg_cache/$RIPGREP_ARCHIVE" ]; then
    staging="$(mktemp -d)"
    cp "$(command -v rg)" "$staging/rg"
    tar -czf "$rg_cache/$RIPGREP_ARCHIVE" -C "$staging" rg || fail "creating the ripgrep cache archive"
    rm -rf "$staging"
  fi

  cat >"$CS_DIR/package.json" <<EOF
{ "name": "e2e-code-server-cache", "private": true, "version": "0.0.0" }
EOF
  (
    cd "$CS_DIR"
    export npm_config_unsafe_perm=true   # code-server's postinstall refuses root otherwise
    export npm_config_yes=true           # node-pty's postinstall runs `npx node-gyp`
    export npm_config_nodedir=/usr       # node-gyp: local Node headers, no download
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null
  ) || { rm -rf "$CS_DIR"; fail "npm install code-server@$CODE_SERVER_VERSION (see the npm output above)"; }

  have="$(node -p "require('$CS_PKG').version" 2>/dev/null || true)"
  [ "$have" = "$CODE_SERVER_VERSION" ] || fail "code-server installed but reports version '$have'"
fi
"$CS_BIN" --version >/dev/null 2>&1 || fail "$CS_BIN --version does not run"
echo "   $("$CS_BIN" --version | head -1)"
step_end

echo "== total: $(secs_since "$T_ALL")"
