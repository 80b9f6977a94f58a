#!/bin/sh
# make bench, rollups as the scale path (issue 20.5): slo-eval over the
# per-minute rollups of ROLLUP_N events against slo-eval over the events
# themselves, with run.sh's spec (3 SLOs grouped by route and region),
# the same --at, and the verdicts compared byte for byte.  CPU time (user
# + system) of the slo-eval process alone, one thread, to the microsecond
# (cpu-time.c: GNU time's hundredths are a fifth of a rollup run): the
# events come from gen-events through a pipe (no 2 GB file), so the
# generator's time is not counted, one run with only the generator
# beside it (the verdicts compared come from another, which feeds the
# roll-up through a FIFO at the same time); the roll-up itself is reported
# too; slo-eval over the rollup lines, the median of ROLLUP_RUNS runs.
#
# The ratio depends on how many events each rollup row stands for, so two
# spans of the same ROLLUP_N events are measured, both reported: 1 day
# (a busy service: thousands of events per row) and 30 days (a quiet one:
# a few per row).  Rows are per minute and per service, cohort, region,
# version and route (gen-events writes 30 such combinations).
#   ROLLUP_N=10000000 (0 skips it)   ROLLUP_DAYS="1 30"   ROLLUP_RUNS=5
BUILD=${BUILD:-build}
ROLLUP_N=${ROLLUP_N:-10000000}
ROLLUP_DAYS=${ROLLUP_DAYS:-1 30}
ROLLUP_RUNS=${ROLLUP_RUNS:-5}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$BUILD/bin" gen="$top/$BUILD/bench/gen-events"
cputime="$top/$BUILD/bench/cpu-time"
[ "$ROLLUP_N" -gt 0 ] && [ -x "$gen" ] && [ -x "$cputime" ] || exit 0
work=$(mktemp -d /tmp/slo-bench-rollup.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
LC_ALL=C; export LC_ALL

# run.sh's spec, taken from it: the same SLOs in both benchmarks
sed -n "/^cat >\"\$work\/slos.yaml\" <<'SPEC'/,/^SPEC/p" "$top/tests/bench/run.sh" |
    sed '1d;$d' >"$work/slos.yaml"

# cpu NAME CMD < input: CPU seconds and peak RSS (KiB) of CMD into $work/NAME
cpu() {
	name=$1; shift
	"$cputime" "$work/t.$name" "$@"
	awk '{ printf "%.6f %d\n", $1 + $2, $3 }' "$work/t.$name" >"$work/$name"
}

# median NAME: the median line (by CPU seconds) of $work/NAME.1 .. .RUNS
median() {
	i=1
	while [ "$i" -le "$ROLLUP_RUNS" ]; do
		cat "$work/$1.$i"
		i=$((i + 1))
	done | sort -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }' \
	    >"$work/$1"
}

# span DAYS: the events spread over DAYS days from 2026-11-25T00:00:00Z
# (gen-events), evaluated at their end, raw and rolled up; one generator
# feeds both through a FIFO.
span() {
	days=$1
	at=$(awk -v d="$days" 'BEGIN { print 1795564800 + d * 86400 }')
	at=$(date -u -d "@$at" +%Y-%m-%dT%H:%M:%SZ)
	args="-j 1 --spec $work/slos.yaml --at $at --format ndjson"
	rm -f "$work/fifo"
	mkfifo "$work/fifo"
	cpu "map.$days" "$bin/slo-ingest" -j 1 --rollup 1m \
	    --spec "$work/slos.yaml" <"$work/fifo" >"$work/rollups.$days" &
	"$gen" "$ROLLUP_N" 42 fixed "$days" | tee "$work/fifo" |
	    "$bin/slo-eval" $args >"$work/raw.eval.$days"
	wait
	# timed alone, with only the generator beside it: three processes
	# on two cores cost each some CPU time
	"$gen" "$ROLLUP_N" 42 fixed "$days" |
	    cpu "raw.$days" "$bin/slo-eval" $args >/dev/null
	i=1
	while [ "$i" -le "$ROLLUP_RUNS" ]; do
		cpu "eval.$days.$i" "$bin/slo-eval" $args "$work/rollups.$days" \
		    >"$work/rollup.eval.$days"
		i=$((i + 1))
	done
	median "eval.$days"
	if cmp -s "$work/raw.eval.$days" "$work/rollup.eval.$days"; then
		same=identical
	else
		same=DIFFERENT
	fi
	rows=$(wc -l <"$work/rollups.$days")
	printf '%s %s %s %s %s %s\n' "$days" "$rows" "$same" \
	    "$(cat "$work/raw.$days")" "$(cat "$work/map.$days")" \
	    "$(cat "$work/eval.$days")" >>"$work/spans"
}

echo "== rollups: slo-eval over the 1m rollups of $ROLLUP_N events vs over the events, CPU time (rollups: median of $ROLLUP_RUNS runs) =="
for d in $ROLLUP_DAYS; do
	span "$d"
done
printf '| %-7s | %8s | %9s | %12s | %10s | %12s | %8s | %-9s |\n' span \
    "rows" "events/row" "eval raw s" "map s" "eval rollup s" ratio verdicts
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' --------- ---------: ----------: \
    -------------: ------------: --------------: ---------: -----------
awk -v n="$ROLLUP_N" '{
	ev = $8 > 0.000001 ? $8 : 0.000001
	printf "| %4d d  | %8d | %10.0f | %12.3f | %10.3f | %13.4f | %7.1fx | %-9s |\n",
	    $1, $2, n / $2, $4, $6, $8, $4 / ev, $3
}' "$work/spans"
echo "  ratio: slo-eval CPU over the events / over their rollup lines; peak RSS (KiB): raw, map, rollup eval:"
awk '{ printf "  %d d: %d %d %d\n", $1, $5, $7, $9 }' "$work/spans"
