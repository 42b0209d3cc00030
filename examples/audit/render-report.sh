#!/usr/bin/env bash
# Renders an audit HTML report in headless Chromium to a PNG, to check that it displays.
#   examples/audit/render-report.sh REPORT.html OUT.png
# Needs Debian's chromium (apt-get install chromium). Exit 0 when the PNG was written.
set -euo pipefail
report="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=1000,1400 --hide-scrollbars \
  --screenshot="$out" "file://$report" >/dev/null 2>&1
test -s "$out"
echo "rendered $report -> $out"
