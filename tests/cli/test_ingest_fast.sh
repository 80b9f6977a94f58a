# slo-ingest --preset canonical reads raw lines through the event decoder's
# fast path (slo_ingest_line).  --cohort-from cohort changes nothing in the
# output but sends every line through jansson (the raw record must be
# built), so each run below is compared, byte for byte (stdout, stderr,
# the rejects file, the exit code), with that reference, for -j 1 and -j 2.
FX2="$TMP/fast"
mkdir -p "$FX2"

# ~3 MB of fixed-form lines (as gen-events and slo-ingest write them) and
# lines the fast path takes but the encoder writes otherwise, or leaves to
# jansson, or that are rejected, blank or CRLF-terminated.
awk 'BEGIN {
	srand(11)
	split("/api/cart /api/items /checkout", routes, " ")
	pad = sprintf("%0100d", 0)
	for (i = 1; i <= 12000; i++) {
		s = int(rand() * 86400)
		ts = sprintf("2026-11-25T%02d:%02d:%02d.%06dZ", int(s / 3600),
		    int(s % 3600 / 60), s % 60,
		    int(rand() * 1000) * 1000 + 1 + int(rand() * 999))
		st = rand() < 0.03 ? 503 : 200
		lat = sprintf("%.3f", exp(2 + rand() * 4))
		sub(/0+$/, "", lat); sub(/\.$/, "", lat)
		co = rand() < 0.2 ? "alpha" : "baseline"
		printf "{\"kind\":\"request\",\"ts\":\"%s\",\"service\":\"checkout\",\"cohort\":\"%s\",\"route\":\"%s\",\"status\":%d,\"latency_ms\":%s,\"subject\":\"u%d\",\"labels\":{\"pad\":\"%s\"}}\n", ts, co, routes[1 + int(rand() * 3)], st, lat, i % 977, pad
		if (i % 101 == 0) print "{\"kind\":\"request\",\"ts\":\"2026-11-25T01:00:00+01:00\",\"status\":200,\"latency_ms\":1.50}"
		if (i % 103 == 0) print "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00.500Z\",\"route\":\"a\\u0008b\",\"labels\":{}}"
		if (i % 107 == 0) print "{\"kind\":\"request\",\"latency_ms\":1e2,\"flags\":{}}"
		if (i % 109 == 0) print "{\"kind\": \"request\", \"status\": 200, \"extra\": [1, 2.50]}"
		if (i % 113 == 0) print "{\"kind\":\"request\",\"status\":1000}"
		if (i % 127 == 0) print "{\"kind\":\"request\",\"ts\":\"yesterday\"}"
		if (i % 131 == 0) print "{\"kind\":\"request\",\"status\":200}"
		if (i % 137 == 0) print "{broken"
		if (i % 139 == 0) print "[1,2,3]"
		if (i % 149 == 0) print " 42"
		if (i % 151 == 0) printf "{\"kind\":\"request\",\"route\":\"\377\"}\n"
		if (i % 157 == 0) print "{\"kind\":\"request\",\"route\":\"a\\u0000b\"}"
		if (i % 163 == 0) print ""
		if (i % 167 == 0) printf "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}\r\n"
		if (i % 173 == 0) print "{\"kind\":\"flag\",\"ts\":\"2026-11-25T00:00:00Z\",\"flag\":\"f\",\"variant\":\"on\"}"
		if (i % 179 == 0) print "{\"kind\":\"deploy\",\"ts\":\"2026-11-25T00:00:00Z\",\"result\":\"maybe\"}"
		if (i % 181 == 0) print "{\"kind\":\"incident\",\"ts\":\"2026-11-25T00:00:00Z\",\"id\":\"i\",\"state\":\"open\"}"
		if (i % 191 == 0) print "{\"kind\":\"sideways\"}"
		if (i % 193 == 0) print "{\"kind\":\"request\",\"route\":\"tab\\u0009\"}"
		if (i % 197 == 0) print "{\"kind\":\"request\",\"flags\":{}}"
		if (i % 199 == 0) print "{\"kind\":\"request\",\"latency_ms\":17.50}"
		if (i % 211 == 0) print "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00.100000Z\"}"
	}
	printf "{\"kind\":\"request\",\"ts\":\"2026-11-25T12:00:00Z\",\"status\":200}"
}' >"$FX2/in.ndjson"

# same_as_jansson CASE OPTS...: slo-ingest OPTS -j 1 and -j 2 against
# slo-ingest --cohort-from cohort OPTS -j 1.
same_as_jansson() {
	name=$1; shift
	rm -f "$FX2/rej" "$FX2/rej.ref"
	slo-ingest --cohort-from cohort "$@" -j 1 <"$FX2/in.ndjson" \
	    >"$FX2/out.ref" 2>"$FX2/err.ref"
	echo $? >"$FX2/code.ref"
	[ -f "$FX2/rej" ] && mv "$FX2/rej" "$FX2/rej.ref"
	for j in 1 2; do
		case_ "$name: -j $j as through jansson"
		slo-ingest "$@" -j $j <"$FX2/in.ndjson" >"$FX2/out" 2>"$FX2/err"
		echo $? >"$FX2/code"
		cp "$FX2/err" "$TMP/err"
		for f in out err code; do
			cmp -s "$FX2/$f.ref" "$FX2/$f" && _pass ||
			    _fail "$f differs: $(diff "$FX2/$f.ref" "$FX2/$f" | head -4)"
		done
		if [ -f "$FX2/rej.ref" ]; then
			cmp -s "$FX2/rej.ref" "$FX2/rej" && _pass ||
			    _fail "rejects differ: $(diff "$FX2/rej.ref" "$FX2/rej" | head -4)"
		fi
		rm -f "$FX2/rej"
	done
}

same_as_jansson "canonical" -v --max-bad 10% --rejects "$FX2/rej"
case_ "canonical: the input has lines of every sort"
grep -q ' rejected: ' "$FX2/err.ref" && _pass || _fail "no reasons"
for why in 'invalid utf-8' 'invalid json' 'not a json object' \
    'is not in 0..999' 'invalid time' 'unknown kind'; do
	grep -q "$why" "$FX2/rej.ref" && _pass || _fail "no '$why' reject"
done
is "fast-path lines written as they came" \
    "$(grep -c '^{"kind":"request","ts":"2026-11-25T[0-9:.]*Z","service"' \
    "$FX2/out.ref")" 12000
same_as_jansson "over --max-bad" --rejects "$FX2/rej"
case_ "over --max-bad: exit 2"
is "exit" "$(cat "$FX2/code.ref")" 2
same_as_jansson "--where" -v --max-bad 10% --where 'status >= 500 || route == "/checkout"'
same_as_jansson "--set" --max-bad 10% --set service=svc --set labels.team=ops
same_as_jansson "--good" --max-bad 10% --good 'latency_ms < 100'
same_as_jansson "--rollup" -v --max-bad 10% --rollup 1m
same_as_jansson "--rollup --spec" --max-bad 10% --rollup 5m \
    --spec "$FX/slo-ingest/rollup.spec.yaml" --rejects "$FX2/rej"

case_ "fixed-form lines come out as they went in"
grep '^{"kind":"request","ts":"2026-11-25T[0-9:.]*Z","service"' \
    "$FX2/in.ndjson" >"$FX2/fixed.ndjson"
run slo-ingest -j 1 "$FX2/fixed.ndjson"
code_is 0
out_is "$FX2/fixed.ndjson"
run slo-ingest -j 2 "$FX2/fixed.ndjson"
out_is "$FX2/fixed.ndjson"

case_ "the fast path's near misses are re-encoded as before"
printf '%s\n' \
    '{"kind":"request","ts":"2026-11-25T01:00:00+01:00","latency_ms":1.50}' \
    '{"kind":"request","route":"a\u0008b","labels":{},"flags":{}}' \
    '{"kind":"request","latency_ms":1e2}' \
    '{"kind":"request","latency_ms":0.00001}' >"$FX2/near.ndjson"
run slo-ingest "$FX2/near.ndjson"
code_is 0
out_eq '{"kind":"request","ts":"2026-11-25T00:00:00Z","latency_ms":1.5}
{"kind":"request","route":"a\bb"}
{"kind":"request","latency_ms":100}
{"kind":"request","latency_ms":1e-05}'

case_ "rejects keep the reasons and columns of the jansson path"
printf '%s\n' '{"kind":"request","status":1000}' ' [1]' '{"kind":"request"' \
    '{"kind":"request","route":"a\u0000b"}' >"$FX2/bad.ndjson"
run slo-ingest --max-bad 100% "$FX2/bad.ndjson"
code_is 0
is "nothing written" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
err_has "bad.ndjson:1: 'status' 1000 is not in 0..999"
err_has "bad.ndjson:2:1: not a json object"
err_has "bad.ndjson:3:17: invalid json: '}' expected near end of file"
err_has "bad.ndjson:4:"
err_has "4 of 4 input lines rejected"
