#!/usr/bin/env bash
# What the browser tests (tests/test_browser.py) need beyond requirements.txt:
# Debian's chromium and CJK fonts (the pages load no web fonts, and readers'
# systems have CJK fonts), and axe-core from npm. Installs what is missing
# where it can; else says in one line how to, and the browser tests fail.
set -uo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
NODE_DIR=.cache/node

missing=()
command -v chromium > /dev/null || missing+=(chromium)
dpkg -s fonts-noto-cjk > /dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "==> Installing ${missing[*]} with apt-get (for the browser tests)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
      > .apt-install.log 2>&1 || echo "warning: apt-get install ${missing[*]} failed (log: .apt-install.log); the browser tests will fail"
  else
    echo "warning: the browser tests need ${missing[*]}: install them (Debian: sudo apt-get install ${missing[*]}); until then they fail"
  fi
fi

if [ ! -f "$NODE_DIR/node_modules/axe-core/axe.min.js" ] || \
   ! grep -q "\"version\": \"$AXE_VERSION\"" "$NODE_DIR/node_modules/axe-core/package.json" 2>/dev/null; then
  if command -v npm > /dev/null; then
    echo "==> Installing axe-core $AXE_VERSION from npm into $NODE_DIR (for the browser tests)"
    mkdir -p "$NODE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$NODE_DIR" "axe-core@$AXE_VERSION" > /dev/null 2>&1 || \
      echo "warning: npm install axe-core@$AXE_VERSION failed; the accessibility tests will fail"
  else
    echo "warning: the accessibility tests need axe-core from npm, and npm is missing (Debian: sudo apt-get install npm); until then they fail"
  fi
fi
exit 0
