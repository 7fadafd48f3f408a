#!/usr/bin/env bash
# Sets up and starts Tillproof on its embedded defaults: Node 24, dependencies, then
# `tillproof start` (SQLite ledger in ./.tillproof, emulated devices, demo catalog).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(bash scripts/node24.sh):$PATH"
export npm_config_nodedir="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# The screens: built once, and again whenever a renderer, contract or shared source is newer.
if [ ! -f renderer/dist/index.html ] || [ -n "$(find renderer core/contract core/shared -newer renderer/dist/index.html -name '*.ts*' -not -path 'renderer/dist/*' -print -quit)" ]; then
  npm run build:renderer
fi
exec node cli/main.ts start "$@"
