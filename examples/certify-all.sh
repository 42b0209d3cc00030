#!/usr/bin/env bash
# Regenerates every certificate in certificates/ from examples/ and re-checks it.
# Usage: examples/certify-all.sh   (from the repository root; FLOWCERT=path overrides ./flowcert)
set -euo pipefail
fc="${FLOWCERT:-./flowcert}"
while read -r problem claims cert _; do
  [ -z "$problem" ] && continue
  "$fc" certify "examples/$problem" "examples/$claims" --out "certificates/$cert"
  "$fc" check "certificates/$cert"
done < examples/certificates.list
