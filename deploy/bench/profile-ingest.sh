#!/usr/bin/env bash
# CPU per process and JFR recordings of the whole stack during `bin/rc bench --only b`
# (docs/benchmarks.md, "2026-12-07, later"). Starts a stack of its own in STATE_DIR with the
# benchmark's settings, records, stops it. Needs the modules built (bin/rc build) and the JDK's jcmd.
#
#   deploy/bench/profile-ingest.sh STATE_DIR OUT_DIR [bench options...]
#
# OUT_DIR gets: summary (wall time and CPU-seconds per process, PostgreSQL's backends summed, the
# whole machine), bench.log, and <process>.jfr for the JVMs (read them with `jfr view hot-methods`
# or `jfr print --events jdk.ExecutionSample`).
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 STATE_DIR OUT_DIR [bench options...]" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export RC_STATE_DIR=$1
OUT=$2
shift 2
mkdir -p "$OUT"
export RC_DEPLOY_SIMULATED_STEP_DELAY=PT0S RC_RATE_LIMIT_PER_SECOND=1000000 RC_RATE_LIMIT_BURST=1000000 \
  RC_RATE_LIMIT_STORE=memory
JVMS=(metrics-service mongo kafka version-service rollback-orchestrator gateway)
TICK=$(getconf CLK_TCK)

# "<name> <ticks>" per process of the stack, PostgreSQL's backends summed, and the whole machine
cpu() {
  local f name pid total=0 p
  for f in "$RC_STATE_DIR"/*.pid; do
    name=$(basename "$f" .pid)
    pid=$(<"$f")
    [[ -r /proc/$pid/stat ]] && awk -v n="$name" '{print n, $14 + $15}' "/proc/$pid/stat"
  done
  for p in $(pgrep -x postgres || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "postgres $total"
  awk '/^cpu /{print "all-cpus", $2 + $3 + $4 + $7 + $8}' /proc/stat
}

"$ROOT/bin/rc" up --detach >"$OUT/up.log" 2>&1
trap '"$ROOT/bin/rc" down >/dev/null 2>&1 || true' EXIT
for n in "${JVMS[@]}"; do
  jcmd "$(<"$RC_STATE_DIR/$n.pid")" JFR.start name=profile settings=profile >/dev/null 2>&1 || true
done
cpu >"$OUT/cpu.before"
start=$(date +%s%N)
"$ROOT/bin/rc" bench --only b "$@" >"$OUT/bench.log" 2>&1 || echo "the bench failed: $OUT/bench.log" >&2
end=$(date +%s%N)
cpu >"$OUT/cpu.after"
for n in "${JVMS[@]}"; do
  jcmd "$(<"$RC_STATE_DIR/$n.pid")" JFR.dump name=profile filename="$OUT/$n.jfr" >/dev/null 2>&1 || true
done
{
  echo "wall $(((end - start) / 1000000)) ms"
  join <(sort "$OUT/cpu.before") <(sort "$OUT/cpu.after") \
    | awk -v t="$TICK" '{printf "%-22s %8.1f cpu-s\n", $1, ($3 - $2) / t}'
} >"$OUT/summary"
cat "$OUT/summary"
grep '^bench: (b)' "$OUT/bench.log" || true
