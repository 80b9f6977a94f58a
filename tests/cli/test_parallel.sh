# -j N (lib/par.c, slo_input_run): for N = 1 2 3 4, slo-eval and slo-ingest
# give byte-identical stdout, stderr and --rejects files on an input of
# several 1 MiB chunks with bad lines, blank and CRLF lines, events out of
# order and events older than the retained windows.
PX="$TMP/par"
mkdir -p "$PX"

# ~6 MB: 30,000 events over three days in shuffled order, with every so
# often a line that each reader rejects for its own reason.
awk 'BEGIN {
	srand(7)
	split("/api/cart /api/items /api/search /checkout /healthz", routes, " ")
	split("us-east-1 eu-west-1 ap-south-1", regions, " ")
	pad = sprintf("%0150d", 0)
	for (i = 1; i <= 30000; i++) {
		s = int(rand() * 3 * 86400)
		ts = sprintf("2026-11-%02dT%02d:%02d:%02dZ", 23 + int(s / 86400),
		    int(s % 86400 / 3600), int(s % 3600 / 60), s % 60)
		st = rand() < 0.03 ? 503 : 200
		lat = sprintf("%.3f", exp(3 + rand() * 3))
		co = rand() < 0.1 ? "alpha" : "baseline"
		r = routes[1 + int(rand() * 5)]
		g = regions[1 + int(rand() * 3)]
		if (i % 7 == 0)	# not the fixed form: through jansson
			printf "{ \"ts\": \"%s\", \"kind\": \"request\", \"route\": \"%s\", \"region\": \"%s\", \"cohort\": \"%s\", \"status\": %d, \"latency_ms\": %s, \"labels\": {\"pad\": \"%s\"} }\n", ts, r, g, co, st, lat, pad
		else
			printf "{\"kind\":\"request\",\"ts\":\"%s\",\"cohort\":\"%s\",\"region\":\"%s\",\"route\":\"%s\",\"status\":%d,\"latency_ms\":%s,\"labels\":{\"pad\":\"%s\"}}\n", ts, co, g, r, st, lat, pad
		if (i % 211 == 0) print "{\"kind\":\"request\",\"status\":200}"
		if (i % 307 == 0) print "{broken"
		if (i % 401 == 0) print "[1,2,3]"
		if (i % 503 == 0) printf "{\"kind\":\"request\",\"route\":\"\377\"}\n"
		if (i % 601 == 0) print ""
		if (i % 701 == 0) print " \t "
		if (i % 809 == 0) printf "{\"kind\":\"request\",\"ts\":\"2026-11-24T00:00:00Z\",\"status\":200}\r\n"
		if (i % 907 == 0) print "{\"kind\":\"flag\",\"ts\":\"2026-11-24T00:00:00Z\",\"flag\":\"f\",\"variant\":\"on\"}"
		if (i % 1009 == 0) printf "{\"kind\":\"request\",\"ts\":\"bad\"}\r\n"
	}
	printf "{\"kind\":\"request\",\"ts\":\"2026-11-25T12:00:00Z\",\"status\":200}"
}' >"$PX/in.ndjson"

cat >"$PX/slos.yaml" <<'SPEC'
slos:
  - name: availability
    good: 'status < 500'
    objective: 99.5
    window: 1d
    group_by: [route, region]
  - name: alpha-1h
    where: 'cohort == "alpha"'
    good: 'ok'
    objective: 99
    window: 1h
    alerts: none
    group_by: [route]
  - name: latency
    latency: {threshold: 300ms}
    objective: 95
    window: 6h
    group_by: [region]
  - name: slices
    good: 'status < 500'
    objective: 99
    window: 1d
    budgeting: timeslices
    slice: 5m
    slice_target: 0.9
  - name: monthly
    good: 'status < 500'
    objective: 99
    calendar: month
    timezone: Europe/Paris
    group_by: [cohort]
SPEC

# same_for_jobs CASE CMD...: runs CMD -j N for N = 1..4 (stdin from
# $STDIN, /dev/null by default) and compares stdout, stderr, the exit
# code and the rejects file with -j 1's.
same_for_jobs() {
	name=$1; shift
	for j in 1 2 3 4; do
		case_ "$name: -j $j same as -j 1"
		rm -f "$PX/rej"
		"$@" -j $j <"${STDIN:-/dev/null}" >"$PX/out.$j" 2>"$PX/err.$j"
		echo $? >"$PX/code.$j"
		cp "$PX/err.$j" "$TMP/err"
		[ -f "$PX/rej" ] && mv "$PX/rej" "$PX/rej.$j"
		[ $j = 1 ] && continue
		for f in out err code; do
			cmp -s "$PX/$f.1" "$PX/$f.$j" && _pass ||
			    _fail "$f differs: $(diff "$PX/$f.1" "$PX/$f.$j" | head -5)"
		done
		if [ -f "$PX/rej.1" ]; then
			cmp -s "$PX/rej.1" "$PX/rej.$j" && _pass || _fail "rejects differ"
		fi
	done
	rm -f "$PX"/rej.*
}

same_for_jobs "slo-eval" slo-eval --spec "$PX/slos.yaml" --format ndjson \
    --max-bad 10% --rejects "$PX/rej" "$PX/in.ndjson"
case_ "slo-eval: the input is big enough for several chunks"
is "bytes > 4 MiB" "$(($(wc -c <"$PX/in.ndjson") > 4 * 1048576))" 1
case_ "slo-eval -j: the parallel run saw everything"
is "exit" "$(cat "$PX/code.1")" 1
grep -q '"slo":"alpha-1h"' "$PX/out.1" && _pass || _fail "no alpha-1h verdict"
is "five rejects shown" "$(grep -c ':[0-9]*: \|:[0-9]*:[0-9]*: ' "$PX/err.1")" 5
# every line: accepted + rejected + blank, rejects as pairs of lines
lines=$(awk 'END { print NR }' "$PX/in.ndjson")
err_line=$(grep 'input lines rejected' "$PX/err.1")
case "$err_line" in *" of $lines input lines rejected"*) _pass ;; *) _fail "accounting: $err_line (want $lines lines)" ;; esac
# out_of_window is order-independent (window.c); nonzero here
grep -q '"out_of_window":[1-9]' "$PX/out.1" && _pass || _fail "no out_of_window"

same_for_jobs "slo-eval table --where" slo-eval --spec "$PX/slos.yaml" \
    --format table --where 'region != "eu-west-1"' --max-bad 10% "$PX/in.ndjson"
same_for_jobs "slo-eval html" slo-eval --spec "$PX/slos.yaml" --format html \
    --max-bad 10% "$PX/in.ndjson"
same_for_jobs "slo-eval --at" slo-eval --spec "$PX/slos.yaml" --format ndjson \
    --at 2026-11-24T18:00:00Z --max-bad 10% "$PX/in.ndjson"
same_for_jobs "slo-eval over max-bad" slo-eval --spec "$PX/slos.yaml" \
    --format ndjson --rejects "$PX/rej" "$PX/in.ndjson"
case_ "slo-eval over max-bad exits 2"
is "exit" "$(cat "$PX/code.1")" 2

# two files, a missing one between them, stdin: names, line numbers and
# the diagnostic come out where -j 1 puts them
head -c 3000000 "$PX/in.ndjson" >"$PX/a.ndjson"
printf '\n' >>"$PX/a.ndjson"
tail -c 2000000 "$PX/in.ndjson" >"$PX/b.ndjson"
STDIN="$PX/b.ndjson"
same_for_jobs "slo-eval several files" slo-eval \
    --spec "$PX/slos.yaml" --format ndjson --max-bad 10% --rejects "$PX/rej" \
    "$PX/a.ndjson" "$PX/missing" - "$PX/b.ndjson"
STDIN=
case_ "slo-eval several files: the missing one is reported"
grep -q "missing: No such file" "$PX/err.1" && _pass || _fail "no diagnostic"

same_for_jobs "slo-ingest" slo-ingest --preset canonical --max-bad 10% \
    --rejects "$PX/rej" "$PX/in.ndjson"
case_ "slo-ingest -j: writes every mapped line"
# 30,000 + the last line + 37 CRLF requests + 142 without ts + 33 flags
is "lines written" "$(awk 'END { print NR }' "$PX/out.1")" 30213
grep -q "rejected: invalid time" "$PX/err.1" && _pass || _fail "no reasons"
same_for_jobs "slo-ingest -v --where" slo-ingest -v --where 'cohort == "alpha"' \
    --max-bad 10% "$PX/in.ndjson"
same_for_jobs "slo-ingest --rollup --spec" slo-ingest --rollup 1m \
    --spec "$PX/slos.yaml" --max-bad 10% --rejects "$PX/rej" "$PX/in.ndjson"
same_for_jobs "slo-ingest several files" slo-ingest --max-bad 10% \
    --rejects "$PX/rej" "$PX/a.ndjson" "$PX/missing" "$PX/b.ndjson"
# a read error (a directory) is reported; the next input is still read
same_for_jobs "slo-ingest read error" slo-ingest --max-bad 10% \
    --rejects "$PX/rej" "$PX/b.ndjson" "$PX" "$PX/a.ndjson"
case_ "slo-ingest read error: reported, the next input read, exit 2"
err_line=$(grep "Is a directory" "$PX/err.2")
is "diagnostic" "$err_line" "slo-ingest: $PX: Is a directory"
is "exit" "$(cat "$PX/code.2")" 2
slo-ingest --max-bad 10% "$PX/b.ndjson" "$PX/a.ndjson" 2>/dev/null >"$PX/ba"
cmp -s "$PX/ba" "$PX/out.2" && _pass || _fail "a.ndjson, after the directory, not read"
grep -q "1 of 3 inputs could not be read" "$PX/err.2" && _pass || _fail "no closing count"

# A rollup of the whole input, evaluated in parallel, gives the serial answer.
slo-ingest --rollup 1m --spec "$PX/slos.yaml" --max-bad 10% "$PX/in.ndjson" \
    >"$PX/rollup.ndjson" 2>/dev/null
same_for_jobs "slo-eval of rollups" slo-eval --spec "$PX/slos.yaml" \
    --format ndjson "$PX/rollup.ndjson"

case_ "slo-ingest -j: a closed pipe ends quietly"
slo-ingest -j 2 --max-bad 10% "$PX/in.ndjson" 2>"$PX/err" | head -1 >/dev/null
grep -q "write error" "$PX/err" && _fail "write error reported" || _pass

case_ "slo-ingest -j 2 -v | head -1: the summary counts what was emitted"
# Chunks decoded but never emitted once the pipe closed count nowhere:
# "N mapped" and "N written" agree (every mapped line here is one event,
# none filtered), as they do with -j 1.  It said "4120 mapped, 8239
# written" before.
for j in 1 2 3; do
	slo-ingest -j $j -v --max-bad 10% "$PX/in.ndjson" 2>"$PX/err" | head -1 >/dev/null
	sum=$(grep "lines read" "$PX/err")
	mapped=$(echo "$sum" | sed -n 's/.* \([0-9]*\) mapped,.*/\1/p')
	events=$(echo "$sum" | sed -n 's/.* \([0-9]*\) events,.*/\1/p')
	written=$(echo "$sum" | sed -n 's/.* \([0-9]*\) written,.*/\1/p')
	is "-j $j: events = mapped ($sum)" "$events" "$mapped"
	is "-j $j: written = mapped ($sum)" "$written" "$mapped"
done

case_ "-j bounds"
run slo-ingest -j 0 </dev/null
code_is 2
err_has "invalid --jobs '0'"
run slo-eval -j 17 --objective 99 --good 'ok' </dev/null
code_is 2

case_ "-j on empty input and a lone unterminated line"
for j in 1 3; do
	run slo-eval -j $j --objective 99 --good 'ok' --format ndjson </dev/null
	code_is 3
	printf '{"kind":"request","ts":"2026-11-25T00:00:00Z","status":200}' >"$PX/one"
	run slo-ingest -j $j "$PX/one"
	out_eq '{"kind":"request","ts":"2026-11-25T00:00:00Z","status":200}'
done

# Every kind of series an engine merges, finishes and frees on the -j
# threads (issue 20.3: per-series tasks, costliest first): latency
# quantiles per group, cost and duration SLIs per group (an incident's two
# events often fall to different threads) and the report series of the
# html page, on ~8 MB of events in shuffled order.
awk 'BEGIN {
	srand(11)
	split("cart items search checkout", svcs, " ")
	pad = sprintf("%0160d", 0)
	for (i = 1; i <= 30000; i++) {
		s = int(rand() * 2 * 86400)
		ts = sprintf("2026-11-%02dT%02d:%02d:%02dZ", 24 + int(s / 86400),
		    int(s % 86400 / 3600), int(s % 3600 / 60), s % 60)
		r = svcs[1 + int(rand() * 4)]
		if (i % 10 == 0)
			printf "{\"kind\":\"cost\",\"ts\":\"%s\",\"service\":\"%s\",\"amount\":%.4f,\"currency\":\"%s\"}\n", ts, r, rand() / 100, i % 70 ? "USD" : "EUR"
		else if (i % 10 == 1) {
			printf "{\"kind\":\"incident\",\"ts\":\"%s\",\"id\":\"INC-%d\",\"state\":\"open\",\"service\":\"%s\"}\n", ts, i, r
			if (i % 3)
				later[i] = sprintf("{\"kind\":\"incident\",\"ts\":%d,\"id\":\"INC-%d\",\"state\":\"detected\",\"service\":\"%s\"}", 1795478400 + s + int(rand() * 900), i, r)
		} else
			printf "{\"kind\":\"request\",\"ts\":\"%s\",\"service\":\"%s\",\"route\":\"/%s\",\"status\":%d,\"latency_ms\":%.3f,\"labels\":{\"pad\":\"%s\"}}\n", ts, r, r, rand() < 0.02 ? 503 : 200, exp(2 + rand() * 4), pad
	}
	for (i in later)
		print later[i]
}' >"$PX/kinds.ndjson"
cat >"$PX/kinds.yaml" <<'SPEC'
slos:
  - name: latency
    latency: {threshold: 200ms}
    quantiles: [0.5, 0.9, 0.99]
    objective: 90
    window: 1d
    group_by: [route]
  - name: cost
    cost: {per: request, max: 0.0005, currency: USD}
    window: 2d
    group_by: [service]
  - name: ttd
    duration: {from: open, to: detected, threshold: 10m}
    quantiles: [0.5]
    objective: 60
    window: 2d
    group_by: [service]
  - name: avail
    good: 'status < 500'
    objective: 99.9
    window: 1d
SPEC
same_for_jobs "slo-eval cost, duration, quantiles" slo-eval \
    --spec "$PX/kinds.yaml" --format ndjson "$PX/kinds.ndjson"
case_ "slo-eval cost, duration, quantiles: several chunks, every verdict"
is "bytes > 4 MiB" "$(($(wc -c <"$PX/kinds.ndjson") > 4 * 1048576))" 1
is "verdicts" "$(grep -c '"slo":' "$PX/out.1")" 13
grep -q '"p99":' "$PX/out.1" && _pass || _fail "no quantiles"
grep -q '"other_currency_events":[1-9]' "$PX/out.1" && _pass || _fail "no EUR"
same_for_jobs "slo-eval cost, duration, quantiles, html" slo-eval \
    --spec "$PX/kinds.yaml" --format html "$PX/kinds.ndjson"
