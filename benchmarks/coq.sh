#!/usr/bin/env bash
# Coq checking time (flowcert coq + coqc) beside `flowcert check`, per certificate (benchmarks/coq.md).
# Run from the repository root after `mvn -B -o -q -DskipTests package`; needs coqc (see .ci/run).
set -euo pipefail
out=$(mktemp -d)
cp src/coq/Spec.v src/coq/Lib.v "$out"/
( cd "$out" && coqc -R . FlowCert Spec.v && coqc -R . FlowCert Lib.v )
printf '%-26s %14s %14s %14s\n' certificate 'check s(user)' 'export s' 'coqc s(user)'
for c in "$@"; do
  m=$(basename "$c" .cert | tr -- '-' '_')
  chk=$( { /usr/bin/time -f '%e %U' ./flowcert check "$c" >/dev/null; } 2>&1 | tail -1)
  exp=$( { /usr/bin/time -f '%e %U' ./flowcert coq "$c" --out "$out/$m.v" >/dev/null; } 2>&1 | tail -1)
  coq=$( { cd "$out" && /usr/bin/time -f '%e %U' coqc -R . FlowCert "$m.v" >/dev/null; } 2>&1 | tail -1)
  printf '%-26s %14s %14s %14s\n' "$m" "$(echo $chk | awk '{print $1"("$2")"}')" \
    "$(echo $exp | awk '{print $1}')" "$(echo $coq | awk '{print $1"("$2")"}')"
done
