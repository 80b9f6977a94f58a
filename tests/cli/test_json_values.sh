# JSON beyond one line (issue 17 item 3, lib/fe/frame.c): a top-level
# array (`gcloud logging read --format=json` writes a pretty-printed array
# of LogEntry objects) and pretty-printed values (`jq .`) are read value by
# value, each accounted and rejected at the line where it starts, the
# same with -j N and compressed.
JV="$TMP/json_values"
mkdir -p "$JV"
G="$FX/slo-ingest/gcp.ndjson"

if command -v jq >/dev/null 2>&1; then
	jq -s . "$G" >"$JV/gcloud.json"
	# where jq started each element: the lines that open with "  {"
	starts=$(grep -n '^  {' "$JV/gcloud.json" | cut -d: -f1 | tr '\n' ' ')
	set -- $starts
	case_ "a gcloud-shaped array: the events of the NDJSON file"
	run slo-ingest -p gcp --max-bad 100% --rejects "$JV/rej" "$JV/gcloud.json"
	code_is 0
	out_is "$FX/slo-ingest/gcp.expected"
	# the NDJSON file rejects its lines 3, 4 and 5: elements 3, 4, 5 here
	err_has "gcloud.json:$3: no httpRequest"
	err_has "gcloud.json:$4: bad 'httpRequest.latency'"
	err_has "gcloud.json:$5: missing 'httpRequest.status'"
	err_has "$(wc -l <"$JV/gcloud.json" | tr -d ' ') lines read: 3 mapped, 3 rejected"
	case_ "a gcloud-shaped array: --rejects holds each element's text on one line"
	is "rejected elements" "$(sed -n 'n;p' "$JV/rej" | cut -c1-20 | tr '\n' '|')" \
	    "  {     \"textPayload|  {     \"httpRequest|  {     \"httpRequest|"
	is "first reject header" "$(head -n 1 "$JV/rej" | sed 's/:1: no/: no/')" "# $JV/gcloud.json:$3: no httpRequest"
	# the element's text, line breaks as spaces, is the value jq printed
	sed -n 'n;p' "$JV/rej" | head -n 1 | jq -c . >"$JV/el.got"
	sed -n 3p "$G" | jq -c . >"$JV/el.want"
	cmp -s "$JV/el.got" "$JV/el.want" && _pass || _fail "element text differs"

	case_ "jq . output, values one after the other"
	jq . "$G" | slo-ingest -p gcp --max-bad 100% >"$TMP/out" 2>"$TMP/err"
	out_is "$FX/slo-ingest/gcp.expected"
	case_ "jq -c -s: an array on one line, one element a line"
	jq -c -s . "$G" | slo-ingest -p gcp --max-bad 100% >"$TMP/out" 2>"$TMP/err"
	out_is "$FX/slo-ingest/gcp.expected"
	err_has "6 lines read: 3 mapped, 3 rejected"
else
	echo "test_json_values.sh: notice: jq not installed, gcloud-shaped cases skipped"
fi

# 20000 canonical events pretty-printed as jq prints them (7 lines each),
# every 97th broken by a missing comma; by hand: 20000 * 7 = 140000 lines,
# 207 broken (i = 0, 97, ..., 19982), each rejected at its first line,
# 7 * i + 1, and 6 lines of each value count as blank.
awk 'BEGIN {
	for (i = 0; i < 20000; i++) {
		print "{"
		printf "  \"kind\": \"request\",\n"
		printf "  \"ts\": \"2026-11-24T%02d:%02d:%02dZ\",\n", int(i / 3600) % 24, int(i / 60) % 60, i % 60
		printf "  \"route\": \"/r%d\",\n", i % 5
		printf "  \"status\": %d%s\n", i % 50 == 0 ? 503 : 200, i % 97 == 0 ? "" : ","
		printf "  \"latency_ms\": %d\n", i % 300
		print "}"
	}
}' >"$JV/pretty.json"
slo-ingest -j 1 --max-bad 100% --rejects "$JV/prej.1" "$JV/pretty.json" >"$JV/pout.1" 2>"$JV/perr.1"
case_ "pretty values: every value accounted for, at the line where it starts"
grep -q "140000 lines read: 19793 mapped, 207 rejected, 120000 blank" "$JV/perr.1" && _pass ||
    _fail "$(grep 'lines read' "$JV/perr.1")"
grep -q "pretty.json:1:" "$JV/perr.1" && _pass || _fail "$(head -n 1 "$JV/perr.1")"
grep -q "pretty.json:680:" "$JV/perr.1" && _pass || _fail "$(sed -n 2p "$JV/perr.1")"
is "events" "$(wc -l <"$JV/pout.1" | tr -d ' ')" 19793
gzip -c "$JV/pretty.json" >"$JV/pretty.json.gz"
for j in 2 3; do
	case_ "pretty values -j $j, compressed on stdin: the same as -j 1"
	slo-ingest -j $j --max-bad 100% --rejects "$JV/prej.$j" <"$JV/pretty.json.gz" >"$TMP/out" 2>"$TMP/err"
	out_is "$JV/pout.1"
	sed 's/<stdin>/X/' "$TMP/err" >"$JV/e1"
	sed "s|$JV/pretty.json|X|" "$JV/perr.1" >"$JV/e2"
	cmp -s "$JV/e1" "$JV/e2" && _pass || _fail "stderr differs: $(diff "$JV/e1" "$JV/e2" | head -3)"
done

case_ "slo-eval reads a pretty array"
awk 'BEGIN {
	print "["
	for (i = 0; i < 4; i++)
		printf "  {\n    \"kind\": \"request\",\n    \"ts\": \"2026-11-24T10:00:0%dZ\",\n    \"status\": %d\n  }%s\n", i, i == 3 ? 500 : 200, i < 3 ? "," : ""
	print "]"
}' >"$JV/arr.json"
run slo-eval --objective 50 --good 'status < 500' --window 1d --format ndjson \
    --at 2026-11-24T12:00:00Z "$JV/arr.json"
code_is 0
out_has '"total":4'
out_has '"good":3'

case_ "NDJSON that merely starts with '{' and a broken first line is read line by line"
printf '{broken\n{"kind":"request","ts":"2026-11-24T10:00:00Z"}\n' >"$JV/nd"
run slo-ingest --max-bad 100% "$JV/nd"
err_has "nd:1:"
err_has "2 lines read: 1 mapped, 1 rejected"

case_ "an Envoy text log starting with '[' is no array"
printf '[2016-04-15T20:17:00.310Z] "POST /api HTTP/2" 204\n' >"$JV/envoy.txt"
run slo-ingest --max-bad 100% "$JV/envoy.txt"
err_has "envoy.txt:1:7: invalid json: ']' expected near '-0'"
err_has "1 lines read: 0 mapped, 1 rejected"
