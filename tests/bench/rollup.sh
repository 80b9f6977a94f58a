#!/bin/sh
# make bench, rollups as the scale path (issue 20.5): slo-eval over the
# per-minute rollups of ROLLUP_N events against slo-eval over the events
# themselves, with run.sh's spec (3 SLOs grouped by route and region),
# the same --at, and the verdicts compared byte for byte.  CPU time (user
# + system) of the slo-eval process alone, one thread, one run each: the
# events come from gen-events through a pipe (no 2 GB file), so the
# generator's time is not counted; the roll-up itself is reported too.
#   ROLLUP_N=10000000 (0 skips it)
BUILD=${BUILD:-build}
ROLLUP_N=${ROLLUP_N:-10000000}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$BUILD/bin" gen="$top/$BUILD/bench/gen-events"
[ "$ROLLUP_N" -gt 0 ] && [ -x "$gen" ] && [ -x /usr/bin/time ] || exit 0
work=$(mktemp -d /tmp/slo-bench-rollup.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
LC_ALL=C; export LC_ALL

# run.sh's spec, taken from it: the same SLOs in both benchmarks
sed -n "/^cat >\"\$work\/slos.yaml\" <<'SPEC'/,/^SPEC/p" "$top/tests/bench/run.sh" |
    sed '1d;$d' >"$work/slos.yaml"
# gen-events writes 24 hours from 2026-11-25T00:00:00Z
eval_args="-j 1 --spec $work/slos.yaml --at 2026-11-26T00:00:00Z --format ndjson"

# cpu NAME CMD < input: CPU seconds and peak RSS (KiB) of CMD into $work/NAME
cpu() {
	name=$1; shift
	/usr/bin/time -f '%U %S %M' -o "$work/t.$name" "$@"
	# the last line: GNU time puts "Command exited with ..." before it
	tail -1 "$work/t.$name" |
	    awk '{ printf "%.2f %d\n", $1 + $2, $3 }' >"$work/$name"
}

echo "== rollups: slo-eval over the 1m rollups of $ROLLUP_N events vs over the events, CPU time, one run each =="
"$gen" "$ROLLUP_N" | cpu raw "$bin/slo-eval" $eval_args >"$work/raw.eval"
"$gen" "$ROLLUP_N" | cpu rollup "$bin/slo-ingest" -j 1 --rollup 1m \
    --spec "$work/slos.yaml" >"$work/rollups"
cpu eval "$bin/slo-eval" $eval_args "$work/rollups" >"$work/rollup.eval"
if cmp -s "$work/raw.eval" "$work/rollup.eval"; then same=identical; else same=DIFFERENT; fi
rows=$(wc -l <"$work/rollups")
printf '| %-44s | %9s | %10s |\n' step "CPU s" "peak RSS"
printf '|%s|%s|%s|\n' ---------------------------------------------- -----------: ------------:
awk -v n="$ROLLUP_N" -v rows="$rows" '
    FILENAME ~ /raw$/ { l = "slo-eval over " n " events" }
    FILENAME ~ /rollup$/ { l = "slo-ingest --rollup 1m (the map step)" }
    FILENAME ~ /eval$/ { l = "slo-eval over its " rows " rollup lines" }
    { printf "| %-44s | %9.2f | %6.1f MiB |\n", l, $1, $2 / 1024 }' \
    "$work/raw" "$work/rollup" "$work/eval"
awk -v same="$same" '
    NR == 1 { raw = $1 } NR == 2 { ev = $1 > 0.01 ? $1 : 0.01 }
    END { printf "  slo-eval over rollups: %.2fx the speed over the events (CPU time, floor 0.01 s); verdicts %s\n",
        raw / ev, same }' "$work/raw" "$work/eval"
