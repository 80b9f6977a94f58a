# test_ingest_auto.sh — slo-ingest --preset auto (issue 17.5): the preset
# picked from the first lines on one fixture per preset (the fixtures of
# tests/cli/fixtures/slo-ingest and text/, written from each product's
# documentation, cited there), the pick named on stderr with its line
# count, the output byte for byte that of the preset named by hand;
# compressed, piped, seekable and wrapped input; a refusal when the lines
# disagree or nothing fits.
# Sourced by tests/cli/run.sh (helpers there).

AX="$FX/slo-ingest"
for p in canonical otlp envoy gcp ecs traefik goff unleash; do
	case_ "auto: --preset auto on the $p fixture picks $p"
	slo-ingest --preset $p --max-bad 100% "$AX/$p.ndjson" >"$TMP/want" 2>/dev/null
	run slo-ingest --preset auto --max-bad 100% "$AX/$p.ndjson"
	code_is 0
	out_is "$TMP/want"
	err_has "$p.ndjson: --preset auto picked $p ("
done
# Apache's and nginx's combined formats are one format: the nginx preset
# reads an Apache log the same (both fixtures' known answers agree).
for p in nginx:nginx apache:nginx envoy-text:envoy-text istio-text:istio-text \
    haproxy:haproxy alb:alb; do
	f=${p%%:*} want=${p#*:}
	case_ "auto: --preset auto on the $f text fixture picks $want"
	run slo-ingest --preset auto "$FX/text/$f.log"
	code_is 0
	out_is "$FX/text/$f.ndjson"
	err_has "$f.log: --preset auto picked $want ("
	err_has "from its first 1 line"
done

case_ "auto: the line count, and records that fit no preset"
# otlp.ndjson: 11 lines; line 5 is a metrics export without HTTP, which
# no guess knows (counted, and left to the run to reject)
run slo-ingest --preset auto --max-bad 100% "$AX/otlp.ndjson"
err_has "picked otlp (an OTLP/JSON export) from its first 11 lines; 1 of 11 records there fit no preset"

# 3000 copies of the documented nginx line (474 kB, past the 256 KiB
# looked at), from a pipe, compressed, at -j 2: all of it read once.
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$FX/text/nginx.log"; done >"$TMP/n10"
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$TMP/n10"; done >"$TMP/n100"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
	cat "$TMP/n100"; done >"$TMP/big.log"
slo-ingest --preset nginx "$TMP/big.log" >"$TMP/big.want"
case_ "auto: piped input past the sample is read whole, -j 2"
cat "$TMP/big.log" | run slo-ingest --preset auto -j 2 -v
code_is 0
out_is "$TMP/big.want"
err_has "<stdin>: --preset auto picked nginx"
err_has "from its first 64 lines"
err_has "3000 lines read: 3000 mapped"
case_ "auto: gzip from a pipe"
gzip -c "$TMP/big.log" | run slo-ingest --preset auto
code_is 0
out_is "$TMP/big.want"
case_ "auto: gzip from a file and from a seekable standard input"
gzip -c "$TMP/big.log" >"$TMP/big.log.gz"
run slo-ingest --preset auto "$TMP/big.log.gz"
out_is "$TMP/big.want"
run slo-ingest --preset auto <"$TMP/big.log.gz"
out_is "$TMP/big.want"
# standard input read from where it stood, not from the file's start
(head -c 158 "$TMP/big.log" >/dev/null; run slo-ingest --preset auto -v) <"$TMP/big.log"
err_has "3000 lines read"
if command -v zstd >/dev/null 2>&1; then
	case_ "auto: zstd"
	zstd -q -c "$TMP/big.log" | run slo-ingest --preset auto
	code_is 0
	out_is "$TMP/big.want"
else
	echo "test_ingest_auto.sh: notice: zstd(1) not installed, zstd case skipped"
fi

# Wrapped (Docker json-file: https://docs.docker.com/engine/logging/drivers/json-file/;
# CRI: the kubelet CRI logging proposal, see test_unwrap.sh): the payload
# is guessed, with the default auto unwrapping and with --unwrap.
case_ "auto: a text log in CRI wrappers"
sed 's/^/2026-11-24T10:00:00Z stdout F /' "$FX/text/nginx.log" >"$TMP/cri.log"
run slo-ingest --preset auto "$TMP/cri.log"
code_is 0
out_is "$FX/text/nginx.ndjson"
err_has "picked nginx"
run slo-ingest --preset auto --unwrap cri "$TMP/cri.log"
out_is "$FX/text/nginx.ndjson"
# unwrapped as the run will be: as they are, with --unwrap none (the
# combined format takes the CRI time for a client address)
run slo-ingest --preset auto --unwrap none -v "$TMP/cri.log"
code_is 0
out_has '"ts":"2000-10-10T20:55:36Z"'
case_ "auto: Envoy JSON in Docker wrappers"
jq -c '{log: (tojson + "\n"), stream: "stdout", time: "2026-11-24T10:00:00Z"}' \
    "$AX/envoy.ndjson" >"$TMP/docker.log" 2>/dev/null
if [ -s "$TMP/docker.log" ]; then
	slo-ingest --preset envoy --max-bad 100% "$TMP/docker.log" >"$TMP/want" 2>/dev/null
	run slo-ingest --preset auto --max-bad 100% --unwrap docker "$TMP/docker.log"
	code_is 0
	out_is "$TMP/want"
	err_has "picked envoy"
else
	echo "test_ingest_auto.sh: notice: jq not installed, Docker case skipped"
fi

case_ "auto: pretty-printed and array JSON"
if command -v jq >/dev/null 2>&1; then
	head -1 "$AX/envoy.ndjson" | jq . >"$TMP/pretty.json"
	run slo-ingest --preset auto "$TMP/pretty.json"
	code_is 0
	err_has "picked envoy"
	is "pretty lines" "$(wc -l <"$TMP/pretty.json" | tr -d ' ')" \
	    "$(sed -n 's/.*from its first \([0-9]*\) lines.*/\1/p' "$TMP/err")"
	head -2 "$AX/gcp.ndjson" | jq -s . >"$TMP/array.json"
	run slo-ingest --preset auto "$TMP/array.json"
	code_is 0
	err_has "picked gcp"
else
	echo "test_ingest_auto.sh: notice: jq not installed, pretty-printed case skipped"
fi

case_ "auto: lines that disagree are refused, naming both"
{ cat "$FX/text/nginx.log"; head -1 "$AX/envoy.ndjson"; } >"$TMP/mixed.log"
run slo-ingest --preset auto "$TMP/mixed.log"
code_is 2
err_has "mixed.log:2: the first lines disagree: line 1 looks like an nginx or Apache access log (combined) (nginx), line 2 like an Envoy JSON access log (envoy); give --preset"
out_is /dev/null

case_ "auto: nothing that fits is refused"
printf 'hello\nworld\n' | run slo-ingest --preset auto
code_is 2
err_has "<stdin>: none of the 2 lines looked at is in a format slo-ingest knows; give --preset or --log-format"

case_ "auto: an empty input reads as nothing"
: | run slo-ingest --preset auto
code_is 0
out_is /dev/null

case_ "auto: excludes --map and --log-format, as any --preset does"
run slo-ingest --preset auto --map "$AX/clf.map.yaml" </dev/null
code_is 2
err_has "give --preset or --map, not both"
run slo-ingest --preset auto "$TMP/no-such-file"
code_is 2
err_has "no-such-file: No such file or directory"
