#!/usr/bin/env bash
# Idempotent install of the real-VS-Code e2e prerequisites (no GitHub access needed):
#   Debian chromium + libkrb5-dev + ripgrep + neovim + pre-commit (apt), and code-server 4.96.4 and 4.100.3 from npm into
#   /tmp/floe-cs/<version> (code-server ends up at /tmp/floe-cs/<version>/node_modules/.bin/code-server).
# Usage: bash test/e2e/install.sh [VERSION...]   (default: 4.96.4 4.100.3). Run as root. Skips what is installed.
set -euo pipefail
ROOT="${FLOE_CS_ROOT:-/tmp/floe-cs}"
VERSIONS=("$@"); [ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(4.96.4 4.100.3)
t() { local s=$(date +%s); "$@"; echo "[time] $(( $(date +%s) - s ))s: $*" >&2; }

# 0. system packages (neovim and pre-commit: the other-editor and pre-commit tests)
if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ] \
  || ! command -v nvim >/dev/null || ! command -v pre-commit >/dev/null; then
  t apt-get update
  t env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium libkrb5-dev ripgrep neovim pre-commit
else
  echo "apt packages: already installed"
fi

install_one() {
  local CS_VERSION="$1" PREFIX="$ROOT/$1"
  local BIN="$PREFIX/node_modules/.bin/code-server"
  if [ -x "$BIN" ] && [ -f "$PREFIX/.floe-installed" ]; then
    echo "code-server $CS_VERSION: already installed at $BIN"; return 0
  fi
  mkdir -p "$PREFIX" && cd "$PREFIX"
  [ -f package.json ] || npm init -y >/dev/null
  # 1. fetch code-server without running its postinstall
  t npm install --ignore-scripts --no-audit --no-fund "code-server@$CS_VERSION"
  local CS="$PREFIX/node_modules/code-server"
  # 2. argon2: GitHub prebuilt fails, node-pre-gyp falls back to a source build
  t npm rebuild argon2 --foreground-scripts
  # 3. git dependencies -> registry tarball when the sha512 is identical
  for sw in "$CS/lib/vscode/npm-shrinkwrap.json" "$CS/lib/vscode/extensions/npm-shrinkwrap.json"; do
    [ -f "$sw" ] || continue
    node - "$sw" <<'JS'
const fs = require('fs'); const { execFileSync } = require('child_process');
const file = process.argv[2]; const sw = JSON.parse(fs.readFileSync(file, 'utf8')); let changed = 0;
for (const [key, p] of Object.entries(sw.packages || {})) {
  if (!p.resolved || !/^git\+|^git:|github\.com/.test(p.resolved) || p.resolved.startsWith('https://registry.npmjs.org/')) continue;
  const name = key.replace(/^.*node_modules\//, '');
  const dist = JSON.parse(execFileSync('npm', ['view', `${name}@${p.version}`, 'dist', '--json'], { encoding: 'utf8' }));
  if (dist.integrity !== p.integrity) throw new Error(`${name}@${p.version}: registry integrity differs from pinned git dep`);
  console.log(`shrinkwrap: ${name}@${p.version} ${p.resolved} -> ${dist.tarball}`);
  p.resolved = dist.tarball; changed++;
}
if (changed) fs.writeFileSync(file, JSON.stringify(sw, null, 2) + '\n');
JS
  done
  # 4. seed @vscode/ripgrep's download cache with Debian's rg
  local RG_PKG_VER RGTMP RG_ASSET_VER RGCACHE
  RG_PKG_VER=$(node -p 'require(process.argv[1]).packages["node_modules/@vscode/ripgrep"].version' "$CS/lib/vscode/npm-shrinkwrap.json")
  RGTMP=$(mktemp -d)
  (cd "$RGTMP" && npm pack --silent "@vscode/ripgrep@$RG_PKG_VER" >/dev/null && tar xzf ./*.tgz package/lib/postinstall.js)
  RG_ASSET_VER=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$RGTMP/package/lib/postinstall.js")
  RGCACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_PKG_VER"
  mkdir -p "$RGCACHE" "$RGTMP/bin" && cp "$(command -v rg)" "$RGTMP/bin/rg"
  tar czf "$RGCACHE/ripgrep-$RG_ASSET_VER-x86_64-unknown-linux-musl.tar.gz" -C "$RGTMP/bin" rg
  rm -rf "$RGTMP"
  # 5. code-server's postinstall by hand (root needs unsafe_perm; npx inside needs yes=true)
  cd "$CS"
  t env npm_config_unsafe_perm=true npm_config_yes=true \
    npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64 workspaces/false" \
    sh ./postinstall.sh
  # 6. smoke test, isolated from $HOME
  local SMOKE; SMOKE=$(mktemp -d)
  XDG_CONFIG_HOME=$SMOKE XDG_DATA_HOME=$SMOKE XDG_CACHE_HOME=$SMOKE "$BIN" --version
  rm -rf "$SMOKE"
  touch "$PREFIX/.floe-installed"
  echo "code-server $CS_VERSION: installed at $BIN"
}

for v in "${VERSIONS[@]}"; do install_one "$v"; done
