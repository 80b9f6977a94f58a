#!/bin/sh
# make bench, rollups as the scale path (issue 20.5): slo-eval over the
# per-minute rollups of ROLLUP_N events against slo-eval over the events
# themselves, with run.sh's spec (3 SLOs grouped by route and region),
# the same --at, and the verdicts compared byte for byte.  CPU time (user
# + system) of the slo-eval process alone, one thread, one run each: the
# events come from gen-events through a pipe (no 2 GB file), so the
# generator's time is not counted; the roll-up itself is reported too.
#
# The ratio depends on how many events each rollup row stands for, so two
# spans of the same ROLLUP_N events are measured, both reported: 1 day
# (a busy service: thousands of events per row) and 30 days (a quiet one:
# a few per row).  Rows are per minute and per service, cohort, region,
# version and route (gen-events writes 30 such combinations).
#   ROLLUP_N=10000000 (0 skips it)   ROLLUP_DAYS="1 30"
BUILD=${BUILD:-build}
ROLLUP_N=${ROLLUP_N:-10000000}
ROLLUP_DAYS=${ROLLUP_DAYS:-1 30}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$BUILD/bin" gen="$top/$BUILD/bench/gen-events"
[ "$ROLLUP_N" -gt 0 ] && [ -x "$gen" ] && [ -x /usr/bin/time ] || exit 0
work=$(mktemp -d /tmp/slo-bench-rollup.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
LC_ALL=C; export LC_ALL

# run.sh's spec, taken from it: the same SLOs in both benchmarks
sed -n "/^cat >\"\$work\/slos.yaml\" <<'SPEC'/,/^SPEC/p" "$top/tests/bench/run.sh" |
    sed '1d;$d' >"$work/slos.yaml"

# cpu NAME CMD < input: CPU seconds and peak RSS (KiB) of CMD into $work/NAME
cpu() {
	name=$1; shift
	/usr/bin/time -f '%U %S %M' -o "$work/t.$name" "$@"
	# the last line: GNU time puts "Command exited with ..." before it
	tail -1 "$work/t.$name" |
	    awk '{ printf "%.2f %d\n", $1 + $2, $3 }' >"$work/$name"
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
	    cpu "raw.$days" "$bin/slo-eval" $args >"$work/raw.eval.$days"
	wait
	cpu "eval.$days" "$bin/slo-eval" $args "$work/rollups.$days" \
	    >"$work/rollup.eval.$days"
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

echo "== rollups: slo-eval over the 1m rollups of $ROLLUP_N events vs over the events, CPU time, one run each =="
for d in $ROLLUP_DAYS; do
	span "$d"
done
printf '| %-7s | %8s | %9s | %12s | %10s | %12s | %8s | %-9s |\n' span \
    "rows" "events/row" "eval raw s" "map s" "eval rollup s" ratio verdicts
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' --------- ---------: ----------: \
    -------------: ------------: --------------: ---------: -----------
awk -v n="$ROLLUP_N" '{
	ev = $8 > 0.01 ? $8 : 0.01
	printf "| %4d d  | %8d | %10.0f | %12.2f | %10.2f | %13.2f | %7.1fx | %-9s |\n",
	    $1, $2, n / $2, $4, $6, $8, $4 / ev, $3
}' "$work/spans"
echo "  ratio: slo-eval CPU over the events / over their rollup lines (floor 0.01 s); peak RSS (KiB): raw, map, rollup eval:"
awk '{ printf "  %d d: %d %d %d\n", $1, $5, $7, $9 }' "$work/spans"
