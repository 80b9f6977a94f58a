#!/bin/sh
# make bench: a benchmark, not a test.  Generates canonical request events
# (tests/bench/gen-events.c) and runs, on the same file in the same run:
# slokit's tools, jq computing the same availability, mlr computing the same
# p95, and cat as the I/O floor.  Reports the median wall time of RUNS runs,
# MB/s, events/s and peak RSS, and the slokit/jq and slokit/mlr ratios.
#   SIZES="1000000 5000000" RUNS=3 make bench
BUILD=${BUILD:-build}
SIZES=${SIZES:-"1000000 5000000"}
RUNS=${RUNS:-3}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$BUILD/bin"
work=${BENCH_DIR:-$(mktemp -d /tmp/slo-bench.XXXXXX)}
trap 'rm -rf "$work"' EXIT INT TERM
LC_ALL=C; export LC_ALL
if [ ! -x /usr/bin/time ]; then
	echo "bench: needs GNU time for peak RSS: apt-get install time" >&2
	exit 2
fi

# The micro-benchmarks of the library first.
for m in "$top/$BUILD"/bench/bench_*; do
	[ -x "$m" ] && "$m"
done

cat >"$work/slos.yaml" <<'SPEC'
slos:
  - name: availability
    good: 'status < 500'
    objective: 99.5
    window: 1d
    group_by: [route, region]
  - name: alpha-availability
    where: 'cohort == "alpha"'
    good: 'ok'
    objective: 99
    window: 1d
    group_by: [route, region]
  - name: latency
    latency: {threshold: 300ms}
    objective: 95
    window: 1d
    group_by: [route, region]
SPEC

# run NAME FILE CMD...: median wall seconds and max RSS (KiB) of RUNS runs.
measure() {
	name=$1 file=$2; shift 2
	: >"$work/times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		# exit 1 and 3 are verdicts, not failures; 2 is an error
		/usr/bin/time -f '%e %M' -o "$work/t1" \
		    sh -c "$*; rc=\$?; [ \$rc = 1 ] || [ \$rc = 3 ] && exit 0; exit \$rc" \
		    <"$file" >/dev/null 2>"$work/err"
		if [ $? -ne 0 ]; then
			printf '%-34s failed: %s\n' "$name" "$(head -c 200 "$work/err")"
			rm -f "$work/median.$name"
			return 1
		fi
		grep -E '^[0-9.]+ [0-9]+$' "$work/t1" | tail -1 >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk -v n="$RUNS" -v name="$name" -v bytes="$bytes" -v ev="$events" '
	    { t[NR] = $1; if ($2 > rss) rss = $2 }
	    END { m = t[int((n + 1) / 2)]; if (m <= 0) m = 0.001;
	          printf "%-34s %8.2f s %9.1f MB/s %11.0f ev/s %8.1f MiB\n",
	              name, m, bytes / m / 1e6, ev / m, rss / 1024 }'
	sort -n "$work/times" | awk -v n="$RUNS" '{ t[NR] = $1 } END { print t[int((n + 1) / 2)] }' >"$work/median.$name"
}

ratio() { awk -v a="$(cat "$work/median.$1")" -v b="$(cat "$work/median.$2")" \
    -v l="$3" 'BEGIN { if (a > 0) printf "  %-40s %6.2fx\n", l, b / a }'; }

for n in $SIZES; do
	f="$work/events.$n"
	"$top/$BUILD/bench/gen-events" "$n" >"$f"
	bytes=$(wc -c <"$f"); events=$n
	echo "== $n events, $((bytes / 1000000)) MB, median of $RUNS runs =="
	printf '%-34s %10s %14s %15s %12s\n' tool wall throughput events peak-rss
	measure cat "$f" "cat"
	if [ -x "$bin/slo-eval" ]; then
		measure slo-eval "$f" "'$bin/slo-eval' -j 1 --spec '$work/slos.yaml' --format ndjson"
		measure slo-eval-j2 "$f" "'$bin/slo-eval' -j 2 --spec '$work/slos.yaml' --format ndjson"
	fi
	[ -x "$bin/slo-ingest" ] && measure slo-ingest "$f" "'$bin/slo-ingest' --preset canonical -j 1"
	if command -v jq >/dev/null 2>&1; then
		measure jq "$f" "jq -n 'reduce inputs as \$e ([0,0]; [.[0] + (if \$e.status < 500 then 1 else 0 end), .[1] + 1]) | .[0] / .[1]'"
	else
		echo "jq: not installed, skipped"
	fi
	if command -v mlr >/dev/null 2>&1; then
		measure mlr "$f" "mlr --ijson --ojson stats1 -a p95 -f latency_ms"
	else
		echo "mlr: not installed, skipped"
	fi
	echo "ratios (how many times faster slokit is):"
	[ -f "$work/median.slo-eval" ] && [ -f "$work/median.jq" ] && ratio slo-eval jq "slo-eval -j1 vs jq (availability)"
	[ -f "$work/median.slo-eval-j2" ] && [ -f "$work/median.jq" ] && ratio slo-eval-j2 jq "slo-eval -j2 vs jq (availability)"
	[ -f "$work/median.slo-eval" ] && [ -f "$work/median.mlr" ] && ratio slo-eval mlr "slo-eval -j1 vs mlr (p95)"
	[ -f "$work/median.slo-ingest" ] && [ -f "$work/median.jq" ] && ratio slo-ingest jq "slo-ingest canonical vs jq"
	[ -f "$work/median.slo-eval" ] && [ -f "$work/median.slo-eval-j2" ] && ratio slo-eval-j2 slo-eval "slo-eval -j2 vs -j1 (speed-up)"
	rm -f "$f" "$work"/median.*
done

# Input forms x tools (issue 20): one table.  slo-eval (3 SLOs, 2
# group_by) on canonical events in slokit's own form and as other producers
# write them (keys reordered, spaced, without kind), beside jq computing an
# availability; slo-ingest --preset envoy|otlp|gcp|ecs|traefik on each
# product's records (examples/ingest/, cycled), beside a jq program doing
# the same mapping (tests/bench/jq/) and the selective scanner alone
# (jscan-lines: every line scanned, nothing built); cat as the I/O floor.
# Every tool of an input runs once per round, in turn, for RUNS rounds
# (pairs alternated, so that a change in the machine's load hits all);
# the row is the round with the least CPU time (user + sys), which on a
# shared machine is the closest to an idle one.  Columns: MB/s and
# events/s on CPU time; x jq = jq's CPU time / the tool's; x cat = the
# tool's CPU time / cat's (floored at 0.01 s); x scan = jscan-lines' CPU
# time / the tool's (its share of the scanner's throughput); x -j1 = the
# least wall of -j 1 / that of -j 2; wall (of the least-CPU round) and CPU
# seconds, to the millisecond; peak RSS on the whole file
# and on its first tenth (flat when memory does not grow with the input).
#   FORMS_N=1000000 PRESET_N=200000 (lines; 0 skips those rows)
FORMS_N=${FORMS_N:-1000000}
PRESET_N=${PRESET_N:-200000}

# one_run NAME FILE: CMD_NAME once on FILE; "wall cpu rss" appended to
# fm.NAME.times (cpu-time.c: to the microsecond; GNU time's hundredths
# were a twentieth of a -j 2 run)
one_run() {
	eval "cmd=\$CMD_$1"
	"$top/$BUILD/bench/cpu-time" "$work/t1" \
	    sh -c "$cmd; rc=\$?; [ \$rc = 1 ] || [ \$rc = 3 ] && exit 0; exit \$rc" \
	    <"$2" >/dev/null 2>"$work/err" ||
	    { echo "$1 failed: $(head -c 200 "$work/err")" >&2; return 1; }
	awk '{ print $4, $1 + $2, $3 }' "$work/t1" >>"$work/fm.$1.times"
}

# rounds FILE NAME...: RUNS rounds of every NAME in turn; then fm.NAME
# holds "wall cpu rss minwall" of its least-CPU run (rss: the most of all;
# minwall: the least wall of all, which x -j1 compares)
rounds() {
	file=$1; shift
	for t in "$@"; do : >"$work/fm.$t.times"; done
	i=0
	while [ $i -lt "$RUNS" ]; do
		for t in "$@"; do one_run "$t" "$file" || return 1; done
		i=$((i + 1))
	done
	for t in "$@"; do
		awk '{ if (NR == 1 || $2 < best) { best = $2; w = $1 }
		       if (NR == 1 || $1 < mw) mw = $1
		       if ($3 > rss) rss = $3 }
		     END { print w, best, rss, mw }' "$work/fm.$t.times" >"$work/fm.$t"
	done
}

# small_rss NAME FILE: peak RSS (KiB) of CMD_NAME on FILE's first tenth
small_rss() {
	lines=$(wc -l <"$2")
	head -n $((lines / 10)) "$2" >"$work/small"
	: >"$work/fm.$1.times"
	one_run "$1" "$work/small" && cut -d' ' -f3 "$work/fm.$1.times"
	rm -f "$work/small"
}

# row INPUT NAME LABEL EVENTS SMALLRSS: one line of the table
row() {
	awk -v input="$1" -v t="$3" -v bytes="$bytes" -v ev="$4" -v small="$5" \
	    -v jq="$(cut -d' ' -f2 "$work/fm.jq" 2>/dev/null)" \
	    -v cat="$(cut -d' ' -f2 "$work/fm.cat")" \
	    -v scan="$(cut -d' ' -f2 "$work/fm.scan" 2>/dev/null)" \
	    -v j1="$(cut -d' ' -f4 "$work/fm.$6" 2>/dev/null)" '
	    { cpu = $2 > 0.01 ? $2 : 0.01; cf = cat > 0.01 ? cat : 0.01
	      rj = jq > 0 ? sprintf("%.2f", jq / cpu) : "-"
	      rs = scan > 0 ? sprintf("%.2f", scan / cpu) : "-"
	      r1 = j1 > 0 && $4 > 0 ? sprintf("%.2f", j1 / $4) : "-"
	      sm = small != "" ? sprintf("%.1f", small / 1024) : "-"
	      printf "| %-9s | %-15s | %7.1f | %9.0f | %6s | %6.1f | %6s | %5s | %6.3f | %6.3f | %7.1f | %7s |\n",
	          input, t, bytes / cpu / 1e6, ev / cpu, rj, cpu / cf, rs, r1, $1, $2,
	          $3 / 1024, sm }' "$work/fm.$2"
}

if { [ "$FORMS_N" -gt 0 ] || [ "$PRESET_N" -gt 0 ]; } && [ -x "$bin/slo-eval" ]; then
	echo "== inputs x tools: events $FORMS_N, preset lines $PRESET_N, best of $RUNS alternated rounds on CPU time =="
	printf '| %-9s | %-15s | %7s | %9s | %6s | %6s | %6s | %5s | %6s | %6s | %7s | %7s |\n' \
	    input tool MB/s events/s "x jq" "x cat" "x scan" "x -j1" wall cpu "RSS MiB" "1/10 MiB"
	printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ----------- ----------------- \
	    --------: ----------: -------: -------: -------: ------: -------: -------: --------: --------:
	CMD_cat="cat"
	CMD_jq="jq -n 'reduce inputs as \$e ([0,0]; [.[0] + (if \$e.status < 500 then 1 else 0 end), .[1] + 1]) | .[0] / .[1]'"
	CMD_eval1="'$bin/slo-eval' -j 1 --spec '$work/slos.yaml' --format ndjson"
	CMD_eval2="'$bin/slo-eval' -j 2 --spec '$work/slos.yaml' --format ndjson"
	for form in fixed reordered spaced nokind; do
		[ "$FORMS_N" -gt 0 ] || break
		f="$work/form.$form"
		"$top/$BUILD/bench/gen-events" "$FORMS_N" 42 "$form" >"$f"
		bytes=$(wc -c <"$f")
		tools="eval1 eval2 cat"
		command -v jq >/dev/null 2>&1 && tools="eval1 eval2 jq cat"
		# shellcheck disable=SC2086
		rounds "$f" $tools || continue
		s1=$(small_rss eval1 "$f")
		row "$form" eval1 "slo-eval -j1" "$FORMS_N" "$s1"
		row "$form" eval2 "slo-eval -j2" "$FORMS_N" "" eval1
		[ -f "$work/fm.jq" ] && row "$form" jq "jq" "$FORMS_N" ""
		row "$form" cat "cat" "$FORMS_N" ""
		rm -f "$f" "$work"/fm.*
	done
	CMD_scan="'$top/$BUILD/bench/jscan-lines'"
	for p in envoy otlp gcp ecs traefik; do
		[ "$PRESET_N" -gt 0 ] || break
		f="$work/preset.$p"
		# OTLP lines hold several records each: a quarter as many lines
		n=$PRESET_N; [ $p = otlp ] && n=$((PRESET_N / 4))
		awk -v n="$n" '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }' \
		    "$top/examples/ingest/$p.ndjson" >"$f"
		bytes=$(wc -c <"$f")
		events=$("$bin/slo-ingest" -j 1 --preset $p <"$f" 2>/dev/null | wc -l)
		CMD_ing1="'$bin/slo-ingest' -j 1 --preset $p"
		CMD_ing2="'$bin/slo-ingest' -j 2 --preset $p"
		CMD_jq="jq -c -f '$top/tests/bench/jq/$p.jq'"
		tools="ing1 ing2 scan cat"
		command -v jq >/dev/null 2>&1 && tools="ing1 ing2 jq scan cat"
		# shellcheck disable=SC2086
		rounds "$f" $tools || continue
		s1=$(small_rss ing1 "$f")
		row "$p" ing1 "slo-ingest -j1" "$events" "$s1"
		row "$p" ing2 "slo-ingest -j2" "$events" "" ing1
		[ -f "$work/fm.jq" ] && row "$p" jq "jq mapping" "$events" ""
		row "$p" scan "jscan-lines" "$events" ""
		row "$p" cat "cat" "$events" ""
		rm -f "$f" "$work"/fm.*
	done
fi

# form_measure NAME FILE CMD...: "wall cpu rss" of the run with the least
# CPU time (rss: the most of all runs) to fm.NAME
form_measure() {
	name=$1 file=$2; shift 2
	: >"$work/fm.times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/t1" \
		    sh -c "$*; rc=\$?; [ \$rc = 1 ] || [ \$rc = 3 ] && exit 0; exit \$rc" \
		    <"$file" >/dev/null 2>"$work/err" ||
		    { echo "$name failed: $(head -c 200 "$work/err")" >&2; return 1; }
		grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$work/t1" | tail -1 >>"$work/fm.times"
		i=$((i + 1))
	done
	awk '{ c = $2 + $3; if (NR == 1 || c < best) { best = c; w = $1 }
	       if ($4 > rss) rss = $4 }
	     END { print w, best, rss }' "$work/fm.times" >"$work/fm.$name"
}

# Text access logs (issue 17.7): an nginx (log_format combined) and an
# Envoy (default format) log of the same requests, read by slo-ingest -j 1
# alone and piped into slo-eval, beside awk (Debian's default mawk or
# whatever awk is) computing the same availability from the status column,
# on the same file in the same run.  CPU time, best of RUNS runs, as above.
#   TEXT_N=1000000 (0 skips the table)
TEXT_N=${TEXT_N:-1000000}
if [ "$TEXT_N" -gt 0 ] && [ -x "$bin/slo-ingest" ]; then
	echo "== text access logs: $TEXT_N lines, best of $RUNS runs, on CPU time; x awk: times faster than awk's availability =="
	printf '| %-10s | %-30s | %8s | %9s | %7s | %9s |\n' log tool MB/s lines/s "x awk" "peak RSS"
	printf '|%s|%s|%s|%s|%s|%s|\n' ------------ -------------------------------- ---------: ----------: --------: ----------:
	for log in nginx envoy-text; do
		f="$work/text.$log"
		# 2 % of requests fail with 503; latencies 1 to 400 ms
		awk -v n="$TEXT_N" -v fmt="$log" 'BEGIN {
		    for (i = 0; i < n; i++) {
			s = int(i / 1000) % 60; m = int(i / 60000) % 60
			st = (i % 50 == 7) ? 503 : 200; ms = 1 + (i * 7919) % 400
			if (fmt == "nginx")
				printf "10.0.%d.%d - - [26/Nov/2026:08:%02d:%02d +0000] \"GET /api/r%d?x=%d HTTP/1.1\" %d %d \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n", i % 200, i % 250, m, s, i % 20, i, st, 500 + i % 3000
			else
				printf "[2026-11-26T08:%02d:%02d.%03dZ] \"GET /api/r%d HTTP/1.1\" %d - 0 %d %d %d \"-\" \"Mozilla/5.0\" \"id-%d\" \"shop.example\" \"10.0.3.7:8080\"\n", m, s, i % 1000, i % 20, st, 500 + i % 3000, ms, ms - 1, i
		    } }' >"$f"
		bytes=$(wc -c <"$f")
		col=9; [ $log = envoy-text ] && col=5
		form_measure awk "$f" "awk '{ n++; if (\$$col < 500) g++ } END { print g / n }'"
		form_measure ingest "$f" "'$bin/slo-ingest' -j 1 --preset $log"
		form_measure pipeline "$f" "'$bin/slo-ingest' -j 1 --preset $log | '$bin/slo-eval' -j 1 --objective 99 --good 'status < 500' --window 30d --format ndjson"
		for t in awk ingest pipeline; do
			case $t in
			awk) label="awk availability" ;;
			ingest) label="slo-ingest --preset $log" ;;
			pipeline) label="slo-ingest | slo-eval" ;;
			esac
			awk -v fmt="$log" -v t="$label" -v bytes="$bytes" -v n="$TEXT_N" \
			    -v a="$(cut -d' ' -f2 "$work/fm.awk")" '
			    { cpu = $2 > 0.01 ? $2 : 0.01
			      printf "| %-10s | %-30s | %8.1f | %9.0f | %7.2f | %5.1f MiB |\n",
			          fmt, t, bytes / cpu / 1e6, n / cpu, a / cpu, $3 / 1024 }' \
			    "$work/fm.$t"
		done
		rm -f "$f" "$work"/fm.*
	done
fi
