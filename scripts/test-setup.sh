#!/usr/bin/env bash
# Installs what `npm test` needs beyond `npm install`: Graphviz (the profile tests render
# pipeline.dot) and, for the editor's end-to-end tests, Debian's chromium plus code-server
# (test/e2e/install.sh). Idempotent and quick once installed; Debian packages need root.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dot >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-setup: Graphviz (dot) is missing; install it as root: apt-get install graphviz" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq graphviz
fi
bash test/e2e/install.sh >/dev/null
echo "test-setup: Graphviz, chromium and code-server are ready"
