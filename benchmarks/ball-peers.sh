#!/usr/bin/env bash
# W1 in ball arithmetic beside C MPFI and C Arb at the same precision, and the per-operation
# cost of ball:BITS beside MPFR, all in one run (benchmarks/ball.md).
#   benchmarks/ball-peers.sh [PEERS_DIR] [BITS ...]    (defaults: ../shared/peers, 128 256 1024)
# Needs gcc, libmpfi-dev, libmpfr-dev, libflint-arb-dev (Debian) and the peers' folder for
# w1_mpfi.c (unchanged; built with -DPREC=BITS). Every program times its own thread's CPU time
# (the machine is shared: wall time would count other jobs): the peers through
# benchmarks/peers/cpu_clock.h, force-included. Configurations are interleaved per precision
# (flowcert, MPFI, Arb; then the per-operation pair) so that drifting load hits all alike.
# Output: JSON lines in benchmarks/results/ball-peers-DATE.jsonl and a summary table on stdout.
# With BEFORE_JAR=path/to/an/older/flowcert.jar, that jar's W1 and BallOpsBench run too, interleaved
# (peers "flowcert-before" and "flowcert-ball-before"), for before/after figures from one run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="${1:-$root/../shared/peers}"
shift || true
bits_list=("$@")
[ ${#bits_list[@]} -gt 0 ] || bits_list=(128 256 1024)
[ -f "$peers/w1_mpfi.c" ] || { echo "ball-peers.sh: no w1_mpfi.c in $peers" >&2; exit 2; }
jar="$root/target/flowcert.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -o -q -DskipTests package)
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
# BEFORE_JAR's arithmetic timed by this tree's harness (BallOpsBench's blackhole since session 10): its class first
before_cp="${BEFORE_JAR:-}"
if [ -n "$before_cp" ]; then
  mkdir -p "$build/harness"
  (cd "$build/harness" && jar xf "$jar" org/flowcert/bench/BallOpsBench.class)
  before_cp="$build/harness:$BEFORE_JAR"
fi
mkdir -p "$here/results"
out="$here/results/ball-peers-$(date -u +%Y%m%dT%H%M).jsonl"
: > "$out"
{
  echo "{\"date\": \"$(date -u +%FT%TZ)\", \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\", \"java\": \"$(java -version 2>&1 | head -1 | tr -d '"')\"}"
} >> "$out"
for b in "${bits_list[@]}"; do
  gcc -O2 -ffp-contract=off -include "$here/peers/cpu_clock.h" -DPREC="$b" -o "$build/w1_mpfi_$b" "$peers/w1_mpfi.c" \
    -lmpfi -lmpfr -lgmp -lm
  gcc -O2 -ffp-contract=off -include "$here/peers/cpu_clock.h" -DPREC="$b" -I/usr/include/flint \
    -o "$build/w1_arb_$b" "$here/peers/w1_arb.c" -lflint-arb -lflint -lmpfr -lgmp -lm
  gcc -O2 -DPREC="$b" -o "$build/ops_mpfr_$b" "$here/peers/ops_mpfr.c" -lmpfr -lgmp
done
for b in "${bits_list[@]}"; do
  echo "ball-peers: W1 at $b bits (flowcert, MPFI, Arb)" >&2
  java -cp "$jar" org.flowcert.cli.Main bench W1 --arith "ball:$b" --json >> "$out"
  if [ -n "${BEFORE_JAR:-}" ]; then
    java -cp "$BEFORE_JAR" org.flowcert.cli.Main bench W1 --arith "ball:$b" --json \
      | sed 's/"peer": "flowcert-java"/"peer": "flowcert-before"/' >> "$out"
  fi
  "$build/w1_mpfi_$b" | python3 -c 'import json,sys; d=json.load(sys.stdin)
for r in d["results"]: r.update(workload="W1", peer="c-mpfi", prec=d["prec"], clock="thread-cpu"); print(json.dumps(r))' >> "$out"
  "$build/w1_arb_$b" | python3 -c 'import json,sys; d=json.load(sys.stdin)
for r in d["results"]: r.update(workload="W1", peer="c-arb", prec=d["prec"], clock="thread-cpu"); print(json.dumps(r))' >> "$out"
  echo "ball-peers: per-operation cost at $b bits (flowcert, MPFR)" >&2
  java -cp "$jar" org.flowcert.bench.BallOpsBench "$b" >> "$out"
  if [ -n "${BEFORE_JAR:-}" ]; then
    java -cp "$before_cp" org.flowcert.bench.BallOpsBench "$b" \
      | sed 's/"peer": "flowcert-ball"/"peer": "flowcert-ball-before"/' >> "$out"
  fi
  "$build/ops_mpfr_$b" >> "$out"
done
python3 "$here/ball-peers-table.py" "$out"
echo "results: $out" >&2
