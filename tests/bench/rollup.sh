#!/bin/sh
# make bench, rollups as the scale path (issue 20.5): slo-eval over the
# per-minute rollups of ROLLUP_N events against slo-eval over the events
# themselves, with run.sh's spec (3 SLOs grouped by route and region),
# the same --at, and the verdicts compared byte for byte.  CPU time (user
# + system) of the slo-eval process alone, one thread, to the microsecond
# (cpu-time.c: GNU time's hundredths are a fifth of a rollup run): the
# events come from gen-events through a pipe (no 2 GB file), so the
# generator's time is not counted, with only the generator beside it
# (the verdicts compared come from another run, which feeds the roll-up
# through a FIFO at the same time); the roll-up itself is reported too.
# ROLLUP_RAW_RUNS rounds, each a run over the events then ROLLUP_RUNS over
# the rollup lines, so that both sides of a round's ratio see the machine
# alike: the ratio reported is the median of the rounds' (the raw run over
# the median of its round's rollup runs), the times the medians of each
# side.  The raw runs vary the most (4.2 s to 6.4 s of CPU for the day's
# 10^7 events in runs minutes apart on 2026-12-07, a VM's neighbours).
#
# The ratio depends on how many events each rollup row stands for, so two
# spans of the same ROLLUP_N events are measured, both reported: 1 day
# (a busy service: thousands of events per row) and 30 days (a quiet one:
# a few per row).  Rows are per minute and per service, cohort, region,
# version and route (gen-events writes 30 such combinations).
#   ROLLUP_N=10000000 (0 skips it)   ROLLUP_DAYS="1 30"   ROLLUP_RUNS=5
#   ROLLUP_RAW_RUNS=3
BUILD=${BUILD:-build}
ROLLUP_N=${ROLLUP_N:-10000000}
ROLLUP_DAYS=${ROLLUP_DAYS:-1 30}
ROLLUP_RUNS=${ROLLUP_RUNS:-5}
ROLLUP_RAW_RUNS=${ROLLUP_RAW_RUNS:-3}
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

# median NAME RUNS: the median line (by CPU seconds) of $work/NAME.1 .. .RUNS
median() {
	i=1
	while [ "$i" -le "$2" ]; do
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
	# on two cores cost each some CPU time.  Rounds alternate: a raw run,
	# then ROLLUP_RUNS over the rollups, so that both sides of a round's
	# ratio see the machine alike; the ratio is the median of the rounds'
	# (raw / the round's median over the rollups).
	r=1 k=0
	: >"$work/ratios.$days"
	while [ "$r" -le "$ROLLUP_RAW_RUNS" ]; do
		"$gen" "$ROLLUP_N" 42 fixed "$days" |
		    cpu "raw.$days.$r" "$bin/slo-eval" $args >/dev/null
		i=1
		while [ "$i" -le "$ROLLUP_RUNS" ]; do
			k=$((k + 1))
			cpu "eval.$days.$k" "$bin/slo-eval" $args \
			    "$work/rollups.$days" >"$work/rollup.eval.$days"
			cp "$work/eval.$days.$k" "$work/round.$i"
			i=$((i + 1))
		done
		median round "$ROLLUP_RUNS"
		awk -v raw="$(cut -d' ' -f1 "$work/raw.$days.$r")" \
		    '{ printf "%.6f\n", raw / ($1 > 0.000001 ? $1 : 0.000001) }' \
		    "$work/round" >>"$work/ratios.$days"
		r=$((r + 1))
	done
	median "raw.$days" "$ROLLUP_RAW_RUNS"
	median "eval.$days" "$k"
	sort -n "$work/ratios.$days" |
	    awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }' \
	    >"$work/ratio.$days"
	if cmp -s "$work/raw.eval.$days" "$work/rollup.eval.$days"; then
		same=identical
	else
		same=DIFFERENT
	fi
	rows=$(wc -l <"$work/rollups.$days")
	printf '%s %s %s %s %s %s %s\n' "$days" "$rows" "$same" \
	    "$(cat "$work/raw.$days")" "$(cat "$work/map.$days")" \
	    "$(cat "$work/eval.$days")" "$(cat "$work/ratio.$days")" \
	    >>"$work/spans"
}

echo "== rollups: slo-eval over the 1m rollups of $ROLLUP_N events vs over the events, CPU time (medians: $ROLLUP_RAW_RUNS rounds of a run over the events and $ROLLUP_RUNS over the rollups) =="
for d in $ROLLUP_DAYS; do
	span "$d"
done
printf '| %-7s | %8s | %9s | %12s | %10s | %12s | %8s | %-9s |\n' span \
    "rows" "events/row" "eval raw s" "map s" "eval rollup s" ratio verdicts
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' --------- ---------: ----------: \
    -------------: ------------: --------------: ---------: -----------
awk -v n="$ROLLUP_N" '{
	printf "| %4d d  | %8d | %10.0f | %12.3f | %10.3f | %13.4f | %7.1fx | %-9s |\n",
	    $1, $2, n / $2, $4, $6, $8, $10, $3
}' "$work/spans"
echo "  ratio: slo-eval CPU over the events / over their rollup lines, the median of $ROLLUP_RAW_RUNS rounds (each: a raw run / the median of the $ROLLUP_RUNS rollup runs after it); peak RSS (KiB): raw, map, rollup eval:"
awk '{ printf "  %d d: %d %d %d\n", $1, $5, $7, $9 }' "$work/spans"
