#!/usr/bin/env bash
# Ring operations of ball:BITS beside MPFR in interleaved rounds (benchmarks/ball.md):
#   BEFORE_JAR=path/to/an/older/flowcert.jar benchmarks/ball-ops-rounds.sh [ROUNDS] [BITS ...]
# (defaults: 3 rounds, 128 256 1024). Per round and precision, for each ring operation (add, multiply, square,
# divide, sqrt) BallOpsBench -Dop=OP of this tree's jar and of BEFORE_JAR (when set; peer "flowcert-ball-before"),
# each in its own JVM, then ops_mpfr ring, so that drifting load hits all alike; every program times its own
# thread's CPU time. Output: JSON lines with the round number in
# benchmarks/results/ball-ops-DATE.jsonl, then the table of medians (benchmarks/ball-ops-table.py).
# Needs gcc and libmpfr-dev.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
rounds="${1:-3}"
shift || true
bits_list=("$@")
[ ${#bits_list[@]} -gt 0 ] || bits_list=(128 256 1024)
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
for b in "${bits_list[@]}"; do
  gcc -O2 -DPREC="$b" -o "$build/ops_mpfr_$b" "$here/peers/ops_mpfr.c" -lmpfr -lgmp
done
mkdir -p "$here/results"
out="$here/results/ball-ops-$(date -u +%Y%m%dT%H%M).jsonl"
echo "{\"date\": \"$(date -u +%FT%TZ)\", \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\", \"java\": \"$(java -version 2>&1 | head -1 | tr -d '"')\", \"note\": \"$rounds interleaved rounds\"}" > "$out"
tag() { sed "s/}\$/, \"round\": $1}/"; }
for r in $(seq 1 "$rounds"); do
  for b in "${bits_list[@]}"; do
    echo "ball-ops-rounds: round $r, $b bits" >&2
    for op in add multiply square divide sqrt; do
      java -Dop="$op" -cp "$jar" org.flowcert.bench.BallOpsBench "$b" | tag "$r" >> "$out"
      if [ -n "${BEFORE_JAR:-}" ]; then
        java -Dop="$op" -cp "$before_cp" org.flowcert.bench.BallOpsBench "$b" \
          | sed 's/"peer": "flowcert-ball"/"peer": "flowcert-ball-before"/' | tag "$r" >> "$out"
      fi
    done
    "$build/ops_mpfr_$b" ring | tag "$r" >> "$out"
  done
done
echo "{\"end\": \"$(date -u +%FT%TZ)\", \"load_end\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >> "$out"
python3 "$here/ball-ops-table.py" "$out"
echo "results: $out" >&2
