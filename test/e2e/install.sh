#!/usr/bin/env bash
# Installs what the end-to-end tests need to run the extension in a real VS Code, headless:
# Debian's chromium, ripgrep and libkrb5-dev, and code-server 4.100.3 (VS Code 1.100.3) from
# the npm registry into a cache directory outside node_modules. Idempotent: a second run
# does nothing. It does not install playwright-core (a devDependency) nor run any test.
#
# The code-server directory is printed on the last line; test/e2e/run.js finds it the same
# way (FALCO_STUDIO_E2E_CACHE, default ~/.cache/falco-rule-studio-e2e).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
cache_dir="${FALCO_STUDIO_E2E_CACHE:-$HOME/.cache/falco-rule-studio-e2e}"
install_dir="$cache_dir/code-server-$CODE_SERVER_VERSION"

# Step 1: Debian packages (chromium drives the UI; code-server's native module needs the
# gssapi headers of libkrb5-dev; ripgrep replaces the rg that @vscode/ripgrep downloads).
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}"
fi

# Step 2: code-server, unless this exact version is already installed.
if [ ! -x "$install_dir/node_modules/.bin/code-server" ]; then
  mkdir -p "$install_dir"
  tmp="$(mktemp -d)"
  # @vscode/ripgrep would download rg; it accepts a cached archive of Debian's binary instead.
  rg_cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache/pkg"
  cp "$(command -v rg)" "$rg_cache/pkg/rg"
  tar -C "$rg_cache/pkg" -czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
  (
    cd "$install_dir"
    [ -f package.json ] || echo '{"name":"falco-studio-e2e-code-server","private":true}' > package.json
    TMPDIR="$tmp" npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund \
      "code-server@$CODE_SERVER_VERSION"
  )
  rm -rf "$tmp"
fi

echo "$install_dir"
