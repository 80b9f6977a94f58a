# test_rollup_stream.sh — slo-ingest --rollup streams (issue 20.5's map
# step): rows go out as their bucket closes, requests later than
# --rollup-lateness make rows of their own, -j 2 writes what -j 1 writes,
# and slo-eval over the rows prints what it prints over the raw events.
# Sourced by tests/cli/run.sh (helpers there).

RM=$TMP/rstream; mkdir -p "$RM"

# 40000 requests over 30 days (one every 64.8 s from 2026-11-26T08:00Z),
# jittered by up to 2 minutes either way (within the default lateness of
# 5m); 1 in 40 pulled back 1 to 48 hours (late), 1 in 10000 pushed 20
# minutes ahead (which makes the next requests late); a deploy every 997.
awk 'BEGIN {
	split("checkout shop", svc, " "); split("/a /b /c", rt, " ")
	for (i = 0; i < 40000; i++) {
		t = 1795680000 + int(i * 64.8) + (i * 7919) % 241 - 120
		if (i % 40 == 17) t -= 3600 * (1 + (i * 31) % 48)
		if (i % 10000 == 5003) t += 1200
		st = (i * 7 % 97 < 3) ? 503 : 200
		printf "{\"ts\":%d,\"service\":\"%s\",\"route\":\"%s\",\"region\":\"%s\",\"cohort\":\"%s\",\"status\":%d,\"latency_ms\":%d.%03d}\n",
		    t, svc[i % 2 + 1], rt[int(i / 2) % 3 + 1], i % 5 < 2 ? "eu" : "us",
		    i % 10 == 0 ? "alpha" : "baseline", st, (i * 31) % 900, i % 1000
		if (i % 997 == 0)
			printf "{\"kind\":\"deploy\",\"ts\":%d,\"service\":\"shop\",\"result\":\"success\"}\n", t
	}
}' >"$RM/events.ndjson"
cat >"$RM/slos.yaml" <<'SPEC'
slos:
  - name: availability
    good: 'status < 500'
    objective: 99.5
    window: 30d
    group_by: [service, region]
  - name: alpha
    where: 'cohort == "alpha"'
    bad: 'status >= 500'
    objective: 99
    window: 7d
    group_by: [route]
  - name: latency
    latency: {threshold: 500ms}
    quantiles: [0.5, 0.99]
    objective: 50
    window: 30d
    group_by: [service]
SPEC
# after the last request (08:00:55): a request after --at but in its
# minute would count in the row of that minute, not in the raw window
AT=2026-12-26T08:01:00Z

case_ "rollup stream: -j 2 writes the bytes -j 1 writes, over several chunks"
[ "$(wc -c <"$RM/events.ndjson")" -gt 4000000 ] && _pass || _fail "input too small for 4 chunks"
run slo-ingest -j 1 --rollup 1m --spec "$RM/slos.yaml" "$RM/events.ndjson"
code_is 0
cp "$TMP/out" "$RM/j1.r"
run slo-ingest -j 2 --rollup 1m --spec "$RM/slos.yaml" "$RM/events.ndjson"
code_is 0
out_is "$RM/j1.r"
run slo-ingest -j 3 --rollup 1m --spec "$RM/slos.yaml" "$RM/events.ndjson"
out_is "$RM/j1.r"

# The rows by the definition (slo-ingest(1) --rollup-lateness), worked
# out by awk alone: the horizon is the newest request time so far, cut =
# floor(horizon - 300 s, 60 s); a request whose minute ends at or before
# cut is late.  Rows = distinct (minute, dimensions) of the requests on
# time + those of the late ones.
case_ "rollup stream: the rows are those of the definition"
awk -F'"' '$2 == "ts" {
	t = substr($3, 2, length($3) - 2) + 0
	b = t - t % 60
	key = b SUBSEP $6 SUBSEP $10 SUBSEP $14 SUBSEP $18
	late = seen && b + 60 <= cut
	if (late) { L[key] = 1; nlate++ } else O[key] = 1
	if (!seen || t > newest) { newest = t; seen = 1; c = newest - 300; cut = c - c % 60 }
} END {
	for (k in O) n++
	for (k in L) n++
	print n, nlate
}' "$RM/events.ndjson" >"$RM/want"
nlate=$(cut -d' ' -f2 "$RM/want")
[ "$nlate" -gt 1000 ] && _pass || _fail "only $nlate late requests"
is "rows" "$(grep -c '"kind":"rollup"' "$RM/j1.r") $nlate" "$(cat "$RM/want")"
is "requests conserved" \
    "$(jq -s 'map(select(.kind == "rollup") | .count) | add' "$RM/j1.r")" 40000
is "deploys passed through" "$(grep -c '"kind":"deploy"' "$RM/j1.r")" 41
# a late request whose minute had a row already: its key comes out twice
twice=$(grep '"kind":"rollup"' "$RM/j1.r" | sed 's/,"count".*//' | sort | uniq -d | wc -l)
[ "$twice" -gt 0 ] && _pass || _fail "no key twice"

case_ "rollup stream: slo-eval over the rows prints what it prints over the events"
slo-eval --spec "$RM/slos.yaml" --at $AT --format ndjson "$RM/events.ndjson" \
    >"$RM/raw.eval" 2>/dev/null
is "verdict lines (4 + 3 + 2 groups)" "$(grep -c '^{"slo":' "$RM/raw.eval")" 9
for j in 1 2; do
	run slo-eval -j $j --spec "$RM/slos.yaml" --at $AT --format ndjson "$RM/j1.r"
	out_is "$RM/raw.eval"
done

case_ "rollup stream: the reduce step merges the split rows into one per key"
# rollup lines do not move the horizon: slo-ingest --rollup over them
# keeps every row to the end, as with a lateness longer than the input
run slo-ingest --rollup 1m "$RM/j1.r"
code_is 0
cp "$TMP/out" "$RM/reduced.all"
grep '"kind":"rollup"' "$TMP/out" >"$RM/reduced"
slo-ingest --rollup 1m --spec "$RM/slos.yaml" --rollup-lateness 40d \
    "$RM/events.ndjson" | grep '"kind":"rollup"' >"$RM/held"
cmp -s "$RM/reduced" "$RM/held" && _pass || _fail "reduced rows differ from rows held to the end"
is "one row per key" "$(sed 's/,"count".*//' "$RM/held" | sort | uniq -d | wc -l | tr -d ' ')" 0
run slo-eval --spec "$RM/slos.yaml" --at $AT --format ndjson "$RM/reduced.all"
out_is "$RM/raw.eval"

case_ "rollup stream: input in time order gives the rows held to the end, in order"
grep -v '"kind":"deploy"' "$RM/events.ndjson" | sort -t: -k2,2n >"$RM/sorted.ndjson"
slo-ingest --rollup 1m "$RM/sorted.ndjson" >"$RM/sorted.r"
slo-ingest --rollup 1m --rollup-lateness 40d "$RM/sorted.ndjson" >"$RM/sorted.held"
cmp -s "$RM/sorted.r" "$RM/sorted.held" && _pass || _fail "sorted input: streamed rows differ"
run slo-ingest -j 2 --rollup 1m --rollup-lateness 0s "$RM/sorted.ndjson"
out_is "$RM/sorted.r"

# Worked by hand, lateness 5m: the row of 08:00 goes out after the
# request of 08:10 (cut 08:05), between the two deploys; 08:10's at the
# end, and 08:01's request, late by then, in a row of its own after it.
case_ "rollup stream: rows between the other events, as their bucket closes"
cat >"$RM/hand.ndjson" <<'EOF'
{"kind":"request","ts":"2026-11-26T08:00:10Z","route":"/a","status":200}
{"kind":"deploy","ts":"2026-11-26T08:03:00Z","result":"success"}
{"kind":"request","ts":"2026-11-26T08:10:00Z","route":"/a","status":200}
{"kind":"deploy","ts":"2026-11-26T08:11:00Z","result":"success"}
{"kind":"request","ts":"2026-11-26T08:01:00Z","route":"/a","status":503}
EOF
for j in 1 2; do
	run slo-ingest -j $j --rollup 1m "$RM/hand.ndjson"
	code_is 0
	is "-j $j: order" "$(jq -r '.kind + " " + .ts' "$TMP/out" | tr '\n' ,)" \
	    "deploy 2026-11-26T08:03:00Z,rollup 2026-11-26T08:00:00Z,deploy 2026-11-26T08:11:00Z,rollup 2026-11-26T08:01:00Z,rollup 2026-11-26T08:10:00Z,"
done
run slo-ingest --rollup 1m --rollup-lateness 10m "$RM/hand.ndjson"
is "lateness 10m: 08:00 still open at 08:10, rows at the end" \
    "$(jq -r '.kind + " " + .ts' "$TMP/out" | tr '\n' ,)" \
    "deploy 2026-11-26T08:03:00Z,deploy 2026-11-26T08:11:00Z,rollup 2026-11-26T08:00:00Z,rollup 2026-11-26T08:01:00Z,rollup 2026-11-26T08:10:00Z,"

case_ "rollup stream: over --max-bad, the rows written stay, the open ones are not written"
{ cat "$RM/hand.ndjson"; echo 'not json'; } >"$RM/bad.ndjson"
run slo-ingest --rollup 1m --max-bad 0 "$RM/bad.ndjson"
code_is 2
err_has "more than --max-bad allows"
is "rows written" "$(grep -c '"kind":"rollup"' "$TMP/out")" 1
out_has '"ts":"2026-11-26T08:00:00Z"'

case_ "rollup stream: --rollup-lateness usage"
run slo-ingest --rollup-lateness 5m </dev/null
code_is 2
err_has "--rollup-lateness needs --rollup"
run slo-ingest --rollup 1m --rollup-lateness soon </dev/null
code_is 2
err_has "invalid --rollup-lateness 'soon'"
run slo-ingest --rollup 1m --rollup-lateness -1m </dev/null
code_is 2
run slo-ingest --help
out_has "--rollup-lateness D"
