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
