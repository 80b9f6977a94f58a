# test_ingest_fixes.sh — mapping bugs found on real files (issue 17.6).
# Sourced by tests/cli/run.sh (helpers there).

# Istio's JSON access log (the keys of Istio's default JSON format, as in
# examples/ingest/envoy.ndjson).  "inbound|PORT|NAME|HOST": in older
# Istio NAME is the port's name ("http"), never a version; only an
# outbound cluster's third part is a subset, which is a version.
case_ "ingest fixes: an inbound cluster's port name is not a version"
printf '%s\n' \
    '{"start_time":"2026-11-26T08:00:00.000Z","method":"GET","path":"/productpage","response_code":200,"duration":12,"authority":"productpage:9080","upstream_cluster":"inbound|9080|http|productpage.default.svc.cluster.local"}' \
    '{"start_time":"2026-11-26T08:00:01.000Z","method":"GET","path":"/reviews/0","response_code":200,"duration":7,"authority":"reviews:9080","upstream_cluster":"outbound|9080|v2|reviews.default.svc.cluster.local"}' \
    >"$TMP/istio.ndjson"
run slo-ingest --preset envoy "$TMP/istio.ndjson"
code_is 0
out_eq '{"kind":"request","ts":"2026-11-26T08:00:00Z","service":"productpage","route":"/productpage","status":200,"latency_ms":12,"ok":true}
{"kind":"request","ts":"2026-11-26T08:00:01Z","service":"reviews","version":"v2","route":"/reviews/0","status":200,"latency_ms":7,"ok":true}'

# W3C Trace Context (https://www.w3.org/TR/trace-context/#trace-id): a
# trace id is 32 lower-case hex digits; one written in upper case is
# lowered so that joins on trace_id match.  Canonical lines pass as written.
case_ "ingest fixes: trace ids lowered to W3C's lower-case hex"
printf '%s\n' \
    '{"start_time":"2026-11-26T08:00:00.000Z","path":"/a","response_code":200,"duration":1,"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736"}' \
    '{"start_time":"2026-11-26T08:00:00.000Z","path":"/a","response_code":200,"duration":1,"trace_id":"Not-Hex-ID"}' \
    >"$TMP/trace.ndjson"
run slo-ingest --preset envoy "$TMP/trace.ndjson"
code_is 0
out_has '"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"'
out_has '"trace_id":"Not-Hex-ID"'
printf '%s\n' '{"kind":"request","ts":"2026-11-26T08:00:00Z","status":200,"trace_id":"ABC"}' |
    run slo-ingest
out_has '"trace_id":"ABC"'

# Traefik's access-log fields (https://doc.traefik.io/traefik/observability/access-logs/):
# StartLocal is the start in the local zone, with its offset: by hand
# 09:00:02.144466471+01:00 is 08:00:02.144466471Z.  Traefik v1's fields
# (https://doc.traefik.io/traefik/v1.7/configuration/logs/) name the
# service BackendName and the router FrontendName.
case_ "ingest fixes: Traefik with StartLocal only, and Traefik v1 names"
printf '%s\n' \
    '{"DownstreamStatus":200,"Duration":1000000,"RequestPath":"/a","ServiceName":"shop@docker","StartLocal":"2026-11-26T09:00:02.144466471+01:00"}' \
    '{"BackendName":"backend-shop","FrontendName":"frontend-shop","DownstreamStatus":503,"Duration":2000000,"RequestPath":"/b","StartUTC":"2026-11-26T08:00:03Z"}' \
    '{"DownstreamStatus":200,"Duration":1000000,"RequestPath":"/c"}' \
    >"$TMP/traefik.ndjson"
run slo-ingest --max-bad 100% --preset traefik "$TMP/traefik.ndjson"
code_is 0
out_eq '{"kind":"request","ts":"2026-11-26T08:00:02.144466471Z","service":"shop@docker","route":"/a","status":200,"latency_ms":1,"ok":true}
{"kind":"request","ts":"2026-11-26T08:00:03Z","service":"backend-shop","route":"frontend-shop","status":503,"latency_ms":2,"ok":false}'
err_has "missing 'StartUTC'"

# Issue 17.5: without --preset, a line that is another preset's input is
# named, not passed on as a request without ts or status.  The lines are
# the examples' and the documented text samples.
case_ "ingest fixes: without --preset, other formats are named"
for p in envoy gcp otlp traefik ecs goff unleash; do
	head -1 "$EX/ingest/$p.ndjson"
done >"$TMP/mixed.ndjson"
cat "$FX/text/nginx.log" "$FX/text/envoy-text.log" >>"$TMP/mixed.ndjson"
for j in 1 2; do
	run slo-ingest -j $j --max-bad 100% --rejects "$TMP/rej" "$TMP/mixed.ndjson"
	code_is 0
	is "-j $j: nothing passed on" "$(wc -c <"$TMP/out")" 0
	# the first five on stderr, every one in --rejects
	cat "$TMP/rej" >>"$TMP/err"
	err_has "mixed.ndjson:1: this looks like an Envoy JSON access log; try --preset envoy"
	err_has "mixed.ndjson:2: this looks like a Google Cloud LogEntry; try --preset gcp"
	err_has "mixed.ndjson:3: this looks like an OTLP/JSON export; try --preset otlp"
	err_has "mixed.ndjson:4: this looks like a Traefik JSON access log; try --preset traefik"
	err_has "mixed.ndjson:5: this looks like an Elastic Common Schema record; try --preset ecs"
	err_has "this looks like a GO Feature Flag export; try --preset goff"
	err_has "this looks like an Unleash impression event; try --preset unleash"
	err_has "this looks like an nginx or Apache access log (combined); try --preset nginx"
	err_has "this looks like an Envoy text access log; try --preset envoy-text"
done
case_ "ingest fixes: canonical lines and an explicit --preset canonical are untouched"
slo-ingest --preset canonical "$EX/ingest/canonical.ndjson" >"$TMP/want"
run slo-ingest "$EX/ingest/canonical.ndjson"
code_is 0
out_is "$TMP/want"
is "canonical events written" "$(wc -l <"$TMP/out")" "$(grep -c . "$EX/ingest/canonical.ndjson")"
head -1 "$EX/ingest/envoy.ndjson" | run slo-ingest --preset canonical
code_is 0
out_has '"response_code":200'

# A span kind OTLP does not define (SpanKind is 0..5, opentelemetry-proto
# trace.proto) is a bad record, rejected and counted, not a skipped one.
case_ "ingest fixes: an unknown OTLP span kind is rejected, not skipped"
printf '%s\n' \
    '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":9,"startTimeUnixNano":"1795680633210000000","endTimeUnixNano":"1795680633440000000"}]}]}]}' \
    '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_SIDEWAYS","startTimeUnixNano":"1795680633210000000"}]}]}]}' \
    >"$TMP/kind.ndjson"
run slo-ingest -p otlp --max-bad 100% "$TMP/kind.ndjson"
code_is 0
err_has "kind.ndjson:1: bad span: unknown 'kind'"
err_has "kind.ndjson:2: bad span: unknown 'kind'"
err_has "2 of 2 input lines rejected"

# Skipped records are counted by reason in the summary, at -j 1 and -j N
# alike.  Span kinds are OTLP's SpanKind numbers (opentelemetry-proto
# trace.proto: 1 internal, 3 client, 4 producer; 2 server is counted by
# default).  By hand: line 1 skips 2 client + 1 internal, line 2 skips
# 1 producer, line 3 skips 1 client; 5 records, 3 lines, all skipped.
case_ "ingest fixes: skipped records counted by reason"
printf '%s\n' \
    '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":3},{"kind":"SPAN_KIND_CLIENT"},{"kind":1}]}]}]}' \
    '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":4}]}]}]}' \
    '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":3}]}]}]}' \
    >"$TMP/skip.ndjson"
for j in 1 3; do
	run slo-ingest -j $j -v -p otlp "$TMP/skip.ndjson"
	code_is 0
	err_has "3 lines read: 0 mapped, 3 skipped (valid, no event), 0 rejected, 0 blank"
	err_has "  5 records inside lines carried no event"
	err_has "  3 skipped: otlp span kind client"
	err_has "  1 skipped: otlp span kind internal"
	err_has "  1 skipped: otlp span kind producer"
	err_lacks "otlp span kind server"
	err_lacks "0 skipped:"
done
# GO Feature Flag's tracking events (line 3 of the fixture)
run slo-ingest -j 2 -v -p goff --max-bad 100% "$FX/slo-ingest/goff.ndjson"
err_has "  1 skipped: goff tracking event"
