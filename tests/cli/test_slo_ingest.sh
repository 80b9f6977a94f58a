# slo-ingest: presets against expected output written from each format's
# specification, maps, accounting of every line, exit codes, rollups.
# Sourced by tests/cli/run.sh (helpers documented there).
F=$FX/slo-ingest

# ---- presets ---------------------------------------------------------------
for p in otlp envoy gcp ecs traefik goff unleash; do
	case_ "preset $p: canonical events as its spec says"
	kinds=
	# otlp.expected maps the client span of line 11 too (its url.full)
	[ $p = otlp ] && kinds="--span-kinds unspecified,server,client,consumer"
	# shellcheck disable=SC2086
	run slo-ingest --preset "$p" $kinds --max-bad 100% "$F/$p.ndjson"
	code_is 0
	out_is "$F/$p.expected"
done

# Issue 17.6: a traced call leaves a client span and a server span; by
# default only the server (and consumer and unspecified) spans count, so
# the okhttp client span of line 11 is skipped, not counted, not rejected.
case_ "otlp: client spans are skipped by default"
run slo-ingest --preset otlp --max-bad 100% "$F/otlp.ndjson"
code_is 0
grep -v '"trace_id":"5b8efff798038103d269b633813fc60f"' "$F/otlp.expected" >"$TMP/want"
out_is "$TMP/want"
is "events dropped" "$(($(wc -l <"$F/otlp.expected") - $(wc -l <"$TMP/out")))" 1
run slo-ingest --preset otlp --span-kinds server,bogus </dev/null
code_is 2
err_has "unknown span kind 'bogus'"

case_ "canonical (the default): validated, unknown fields carried through"
run slo-ingest --max-bad 100% "$F/canonical.ndjson"
code_is 0
out_is "$F/canonical.expected"
err_has "canonical.ndjson:4: unknown kind 'meteor'"
err_has "3 of 7 input lines rejected"

case_ "canonical: --good sets ok over the event, overriding the default"
run slo-ingest --max-bad 100% --good 'status < 500 && latency_ms < 100' "$F/canonical.ndjson"
is "ok per request" "$(jq -c 'select(.kind == "request") | .ok' "$TMP/out" | tr '\n' ' ')" "true false "

case_ "otlp: the reasons of its rejects"
run slo-ingest -p otlp --max-bad 100% "$F/otlp.ndjson"
# a metrics export with no container usage (issue 21 reads resourceMetrics)
err_has "otlp.ndjson:5: no container.cpu.usage nor container.memory.usage data point"
err_has "otlp.ndjson:6: 'endTimeUnixNano' before 'startTimeUnixNano'"
err_has "otlp.ndjson:7: no http or feature flag log record"
err_has "otlp.ndjson:9: bad 'startTimeUnixNano'"
err_has "otlp.ndjson:10: no 'timeUnixNano' nor 'observedTimeUnixNano'"
err_has "5 of 11 input lines rejected"
err_has "3 records inside lines carried no event"

case_ "gcp: a LogEntry without httpRequest is a reject, not a skip"
run slo-ingest -p gcp --max-bad 100% "$F/gcp.ndjson"
err_has "gcp.ndjson:3: no httpRequest"
err_has "1 rejected: no httpRequest"
err_has "gcp.ndjson:4: bad 'httpRequest.latency'"

case_ "envoy: all-string TCP line without response_code is rejected"
run slo-ingest -p envoy --max-bad 100% "$F/envoy.ndjson"
err_has "envoy.ndjson:4: missing 'response_code'"
err_has "3 of 7 input lines rejected"

# Issue 17.6: GO Feature Flag's tracking events (line 3) are valid records
# that carry no evaluation: skipped, so never counted against --max-bad.
case_ "goff: tracking events are skipped, not rejected; unleash rejects by name"
run slo-ingest -p goff --max-bad 100% -v "$F/goff.ndjson"
err_lacks "'tracking'"
err_lacks "goff.ndjson:3:"
err_has "1 records inside lines carried no event"
# lines read = mapped + skipped + rejected + blank: 5 = 3 + 1 + 1 + 0
err_has "5 lines read: 3 mapped, 1 skipped (valid, no event), 1 rejected, 0 blank"
run slo-ingest -j 2 -p goff --max-bad 100% -v "$F/goff.ndjson"
err_has "5 lines read: 3 mapped, 1 skipped (valid, no event), 1 rejected, 0 blank"
run slo-ingest -p unleash --max-bad 100% "$F/unleash.ndjson"
err_has "unknown eventType: 'register'"

# ---- maps ------------------------------------------------------------------
for m in apigw clf; do
	case_ "map $m"
	run slo-ingest --map "$F/$m.map.yaml" --max-bad 100% "$F/$m.ndjson"
	code_is 0
	out_is "$F/$m.expected"
done

case_ "map: nginx escape=json example maps every line"
run slo-ingest --map "$EX/ingest/nginx.map.yaml" -v "$EX/ingest/nginx.log"
code_is 0
err_has "60 lines read: 60 mapped, 0 rejected, 0 blank; 60 events, 60 written"
out_has '"service":"shop-web","cohort":"alpha"'
out_has '"service":"shop-web","cohort":"baseline"'

case_ "map: errors point at FILE:LINE:COL and exit 2"
run slo-ingest --map "$F/bad-key.map.yaml" </dev/null
code_is 2
err_has "bad-key.map.yaml:2:1: unknown key 'windw'"
run slo-ingest --map "$F/bad-unit.map.yaml" </dev/null
code_is 2
err_has "bad-unit.map.yaml:1:22: unknown unit 'parsec'"
run slo-ingest --map "$F/no-ts.map.yaml" </dev/null
code_is 2
err_has "the map has no 'ts'"
run slo-ingest --map "$F/bad-expr.map.yaml" </dev/null
code_is 2
err_has "bad-expr.map.yaml:2:"
run slo-ingest --map "$TMP/no-such.yaml" </dev/null
code_is 2
err_lacks "lines read"

# ---- every line accounted for ------------------------------------------------
{
	cat "$F/envoy.ndjson"
	printf '\n   \n'
	printf 'not json\n'
	printf '[1,2]\n'
	printf '{"start_time":"\377"}\n'
} >"$TMP/mixed.ndjson"

case_ "mixed input: lines = mapped + rejected + blank, rejects kept byte for byte"
run slo-ingest -p envoy --max-bad 100% --rejects "$TMP/rej" -v "$TMP/mixed.ndjson"
code_is 0
err_has "12 lines read: 4 mapped, 6 rejected, 2 blank; 4 events, 4 written"
err_has "3 rejected: not a json object (invalid json or utf-8)"
is "events out" "$(wc -l <"$TMP/out" | tr -d ' ')" 4
is "rejects file lines" "$(wc -l <"$TMP/rej" | tr -d ' ')" 12
sed -n 'n;p' "$TMP/rej" >"$TMP/rej.lines"
sed -n '4p;5p;7p;10p;11p;12p' "$TMP/mixed.ndjson" >"$TMP/rej.want"
cmp -s "$TMP/rej.lines" "$TMP/rej.want" && _pass || _fail "rejected lines differ"

case_ "summary only when something was rejected (or -v)"
run slo-ingest -p envoy --max-bad 100% "$EX/ingest/envoy.ndjson"
code_is 0
err_lacks "lines read"

# ---- exit codes --------------------------------------------------------------
case_ "rejects over the default --max-bad (1%) exit 2"
run slo-ingest -p envoy "$F/envoy.ndjson"
code_is 2
err_has "more than --max-bad allows"

case_ "--max-bad N: 3 rejects pass with 3, fail with 2"
run slo-ingest -p envoy --max-bad 3 "$F/envoy.ndjson"
code_is 0
run slo-ingest -p envoy --max-bad 2 "$F/envoy.ndjson"
code_is 2

case_ "bad usage exits 2 with one hint"
run slo-ingest --preset nope </dev/null
code_is 2
err_has "unknown preset 'nope'"
run slo-ingest --preset envoy --map "$F/apigw.map.yaml" </dev/null
code_is 2
err_has "give --preset or --map, not both"
run slo-ingest --spec "$F/rollup.spec.yaml" </dev/null
code_is 2
err_has "--spec needs --rollup"
run slo-ingest --rollup 0s </dev/null
code_is 2
run slo-ingest --rollup soon </dev/null
code_is 2
err_has "invalid --rollup 'soon'"
run slo-ingest --good 'status <' </dev/null
code_is 2
err_has "invalid --good"
run slo-ingest --set nonsense </dev/null
code_is 2
err_has "invalid --set"
run slo-ingest --set status=200 </dev/null
code_is 2
run slo-ingest --bogus </dev/null
code_is 2

case_ "--help and --version exit 0"
run slo-ingest --help
code_is 0
out_has "--preset NAME"
out_has "--rollup WIDTH"
run slo-ingest --version
code_is 0

case_ "empty input: nothing out, exit 0"
run slo-ingest -p otlp </dev/null
code_is 0
is "stdout bytes" "$(wc -c <"$TMP/out" | tr -d ' ')" 0

case_ "a closed pipe ends quietly (| head -1)"
awk '{ for (i = 0; i < 40; i++) print }' "$EX/ingest/envoy.ndjson" >"$TMP/big.ndjson"
{ slo-ingest -p envoy "$TMP/big.ndjson" 2>"$TMP/pipe.err"; echo $? >"$TMP/pipe.rc"; } | head -1 >"$TMP/pipe.out"
is "exit code" "$(cat "$TMP/pipe.rc")" 0
is "stderr" "$(cat "$TMP/pipe.err")" ""
is "one line" "$(wc -l <"$TMP/pipe.out" | tr -d ' ')" 1

if [ -w /dev/full ]; then
	case_ "a write error exits 2 (>/dev/full)"
	slo-ingest -p envoy "$EX/ingest/envoy.ndjson" >/dev/full 2>"$TMP/err"
	echo $? >"$TMP/code"
	code_is 2
fi

# ---- options over the produced events ----------------------------------------
case_ "--where filters the canonical events"
run slo-ingest -p envoy --max-bad 100% -v -w 'ok == false' "$F/envoy.ndjson"
code_is 0
err_has "4 events, 2 written, 2 filtered out"
out_has '"status":503'
out_has '"status":0'
out_lacks '"status":200'

case_ "--set, --good: constants and classification over the event"
run slo-ingest -p envoy --max-bad 100% -s cohort=alpha -s labels.team=web \
    --good 'latency_ms < 20' "$F/envoy.ndjson"
code_is 0
# by hand: latencies 12, 30, none, 1 -> ok true, false, false (missing), true
is "ok column" "$(jq -c '[.cohort, .labels.team, .ok]' "$TMP/out" | tr '\n' ' ')" \
    '["alpha","web",true] ["alpha","web",false] ["alpha","web",false] ["alpha","web",true] '

case_ "--cohort-from reads the raw record first (OTLP: flattened attributes)"
run slo-ingest -p otlp --max-bad 100% --cohort-from deployment.environment \
    -w 'cohort == "canary"' "$F/otlp.ndjson"
out_has '"cohort":"canary","route":"/api/cart","status":201'
is "one canary span" "$(wc -l <"$TMP/out" | tr -d ' ')" 1

case_ "--cohort-from falls back to the event (envoy: version from the subset)"
run slo-ingest -p envoy --max-bad 100% --cohort-from version "$F/envoy.ndjson"
out_has '"service":"cart","cohort":"v2","version":"v2"'

case_ "--unbuffered writes the same bytes"
run slo-ingest -p gcp --unbuffered "$EX/ingest/gcp.ndjson"
cp "$TMP/out" "$TMP/unbuf"
run slo-ingest -p gcp "$EX/ingest/gcp.ndjson"
out_is "$TMP/unbuf"

# ---- rollups -----------------------------------------------------------------
case_ "rollup: counts, status classes and latency extremes worked out by hand"
run slo-ingest --rollup 1m "$F/rollup-in.ndjson"
code_is 0
jq -c 'if .kind == "rollup" then {ts, service, route, labels, count, good,
    status, n: .latency_ms.count, min: .latency_ms.min,
    max: .latency_ms.max} else . end' "$TMP/out" >"$TMP/counts"
cmp -s "$TMP/counts" "$F/rollup-counts.expected" && _pass ||
    _fail "rollup counts differ: $(diff "$TMP/counts" "$F/rollup-counts.expected" | head -5)"

# one canonical stream from every request preset
for p in otlp envoy gcp ecs traefik; do
	slo-ingest -p "$p" "$EX/ingest/$p.ndjson"
done >"$TMP/all.ndjson" 2>/dev/null
for i in 0 1 2 3; do
	awk -v i=$i 'NR % 4 == i' "$TMP/all.ndjson" >"$TMP/shard$i"
done

case_ "rollup: 4 shards rolled up and merged = one rollup of the whole"
slo-ingest --rollup 1m "$TMP/all.ndjson" >"$TMP/whole.rollup"
for i in 0 1 2 3; do
	slo-ingest --rollup 1m "$TMP/shard$i" >"$TMP/shard$i.rollup"
done
cat "$TMP"/shard?.rollup >"$TMP/concat.rollup"
run slo-ingest --rollup 1m "$TMP/concat.rollup"
code_is 0
# rollup rows byte for byte; other events pass through in input order
grep '"kind":"rollup"' "$TMP/out" >"$TMP/merged.rows"
grep '"kind":"rollup"' "$TMP/whole.rollup" >"$TMP/whole.rows"
cmp -s "$TMP/merged.rows" "$TMP/whole.rows" && _pass || _fail "merged rows differ"
is "the same other events" "$(grep -v '"kind":"rollup"' "$TMP/out" | sort | cksum)" \
    "$(grep -v '"kind":"rollup"' "$TMP/whole.rollup" | sort | cksum)"
is "whole rollup has rows" "$(grep -c '"kind":"rollup"' "$TMP/whole.rollup")" \
    "$(sort -u "$TMP/whole.rollup" | grep -c '"kind":"rollup"')"
is "shards are not already equal" \
    "$(cmp -s "$TMP/concat.rollup" "$TMP/whole.rollup" && echo same || echo differ)" differ
is "requests conserved" \
    "$(jq -s 'map(select(.kind == "rollup") | .count) | add' "$TMP/whole.rollup")" \
    "$(jq -s 'map(select(.kind == "request")) | length' "$TMP/all.ndjson")"

case_ "rollup --spec: per-SLO good/total merge exactly too"
slo-ingest --rollup 5m --spec "$F/rollup.spec.yaml" "$TMP/all.ndjson" >"$TMP/whole.spec"
for i in 0 1 2 3; do
	slo-ingest --rollup 5m --spec "$F/rollup.spec.yaml" "$TMP/shard$i"
done | slo-ingest --rollup 5m | grep '"kind":"rollup"' >"$TMP/merged.spec"
grep '"kind":"rollup"' "$TMP/whole.spec" >"$TMP/whole.spec.rows"
cmp -s "$TMP/merged.spec" "$TMP/whole.spec.rows" && _pass || _fail "merged spec rollup differs"
grep -q '"slos":{"checkout-availability":{"good":' "$TMP/whole.spec" && _pass || _fail "no slos in rollup"
# independent count: checkout requests with status < 500, over all events
is "availability good" \
    "$(jq -s 'map(.slos["checkout-availability"].good // 0) | add' "$TMP/whole.spec")" \
    "$(jq -s 'map(select(.kind == "request" and .service == "checkout" and .status < 500)) | length' "$TMP/all.ndjson")"
is "availability total" \
    "$(jq -s 'map(.slos["checkout-availability"].total // 0) | add' "$TMP/whole.spec")" \
    "$(jq -s 'map(select(.kind == "request" and .service == "checkout")) | length' "$TMP/all.ndjson")"
is "latency good (<= 100 ms)" \
    "$(jq -s 'map(.slos.fast.good // 0) | add' "$TMP/whole.spec")" \
    "$(jq -s 'map(select(.kind == "request" and .latency_ms != null and .latency_ms <= 100)) | length' "$TMP/all.ndjson")"

case_ "rollup lines pass through without --rollup, re-encoded identically"
run slo-ingest "$TMP/whole.spec"
code_is 0
out_is "$TMP/whole.spec"

case_ "rollup of another width is rejected with its reason"
run slo-ingest --rollup 5m --max-bad 100% "$TMP/whole.rollup"
code_is 0
err_has "rollup width '1m' differs from this rollup's"

case_ "slo-eval over 4 shard rollups prints what it prints over one rollup"
for i in 0 1 2 3; do
	slo-ingest --rollup 1m --spec "$F/rollup.spec.yaml" "$TMP/shard$i"
done >"$TMP/shards.r"
slo-ingest --rollup 1m --spec "$F/rollup.spec.yaml" "$TMP/all.ndjson" >"$TMP/whole.r"
run slo-eval --spec "$F/rollup.spec.yaml" --format ndjson "$TMP/whole.r"
cp "$TMP/out" "$TMP/whole.eval"
out_has '"slo":"checkout-availability"'
out_has '"slo":"fast"'
run slo-eval --spec "$F/rollup.spec.yaml" --format ndjson "$TMP/shards.r"
out_is "$TMP/whole.eval"
is "shard rollups differ from the whole" \
    "$(cmp -s "$TMP/shards.r" "$TMP/whole.r" && echo same || echo differ)" differ

case_ "--unbuffered on a live stream: each line out as it comes"
# The writer holds the fifo open: the line must come out before the end of
# the input.  (The reader used fread(), which waited for 256 KiB.)
rm -f "$TMP/live"; mkfifo "$TMP/live"
slo-ingest --unbuffered <"$TMP/live" >"$TMP/live.out" 2>"$TMP/err" &
si_pid=$!
exec 8>"$TMP/live"
printf '{"kind":"request","ts":"2026-11-26T08:00:00Z","status":200}\n' >&8
si_n=0
while [ "$si_n" -lt 100 ] && [ ! -s "$TMP/live.out" ]; do
	sleep 0.1; si_n=$((si_n + 1))
done
is "the event, before the input ended" "$(cat "$TMP/live.out")" \
    '{"kind":"request","ts":"2026-11-26T08:00:00Z","status":200}'
exec 8>&-
wait "$si_pid"; echo $? >"$TMP/code"
code_is 0
rm -f "$TMP/live" "$TMP/live.out"
