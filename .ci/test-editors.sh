#!/usr/bin/env bash
# `npm run test:editors`: the tests that drive real editors, each after finding or installing what it
# needs and saying which, one line per tool:
#   - Neovim as an LSP client of the server (test/neovim): nvim from PATH, else Debian's neovim,
#     installed with apt-get when running as root or in CI;
#   - the packaged extension in a real VS Code (test/e2e): Chromium, Node 24, code-server and
#     playwright-core, found or installed by .ci/install-e2e.sh (cached under ~/.cache/auditd-rules-e2e).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[test:editors] $*"; }

if nvim_path=$(command -v nvim); then
  nvim_did=found
elif [ "$(id -u)" -eq 0 ] || [ -n "${CI:-}" ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends neovim >/dev/null
  nvim_path=$(command -v nvim) || { say "nvim: apt-get installed Debian's neovim, but there is no nvim on PATH ($PATH)."; exit 1; }
  nvim_did="installed (Debian's neovim $(dpkg-query -W -f='${Version}' neovim), apt-get)"
else
  say "nvim is not on PATH: install Neovim 0.7 or later (sudo apt-get install neovim) and run again."
  exit 1
fi
say "nvim $(nvim --version | sed -n 's/^NVIM //p'): $nvim_did at $nvim_path"  # sed reads it all: no SIGPIPE under pipefail

bash .ci/install-e2e.sh

npm run build --silent
say "Neovim (test/neovim)"
node --test test/neovim/neovim.editor.mjs
say "VS Code (test/e2e)"
node test/e2e/vscode.e2e.mjs
