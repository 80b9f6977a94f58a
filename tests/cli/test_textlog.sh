# test_textlog.sh — slo-ingest on text access logs (issue 17.1): each
# text preset on its product's documented sample line (the fixtures in
# tests/cli/fixtures/text/ cite their pages in README there), the same
# at -j 2, a user's own --log-format in each syntax, and what goes wrong:
# a line that does not match (its column), a format that cannot compile,
# options that need a text log.
# Sourced by tests/cli/run.sh (helpers there).

TX="$FX/text"
for p in nginx apache envoy-text istio-text haproxy alb; do
	case_ "textlog: --preset $p reads the documented sample"
	run slo-ingest --preset $p "$TX/$p.log"
	code_is 0
	out_is "$TX/$p.ndjson"
	case_ "textlog: --preset $p -j 2 gives the same"
	run slo-ingest -j 2 --preset $p "$TX/$p.log"
	out_is "$TX/$p.ndjson"
done

# A custom nginx format with $request_time (seconds, ms fraction): by hand,
# 26/Nov/2026:08:00:00 +0100 is 2026-11-26T07:00:00Z; 0.250 s is 250 ms;
# the path loses its query; 502 is not ok.
case_ "textlog: --log-format in nginx syntax"
printf '%s\n' \
    '10.0.0.1 [26/Nov/2026:08:00:00 +0100] "GET /cart?x=1 HTTP/1.1" 200 0.250' \
    '10.0.0.2 [26/Nov/2026:08:00:01 +0100] "POST /pay HTTP/1.1" 502 1.5' \
    >"$TMP/custom.log"
run slo-ingest --log-format '$remote_addr [$time_local] "$request" $status $request_time' \
    "$TMP/custom.log"
code_is 0
out_eq '{"kind":"request","ts":"2026-11-26T07:00:00Z","route":"/cart","status":200,"latency_ms":250,"ok":true}
{"kind":"request","ts":"2026-11-26T07:00:01Z","route":"/pay","status":502,"latency_ms":1500,"ok":false}'

# Apache %D is microseconds: 1234 us = 1.234 ms; %>s the final status.
case_ "textlog: --log-format in apache syntax"
printf '%s\n' '192.0.2.9 [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 304 1234' \
    >"$TMP/apache.log"
run slo-ingest --log-format-syntax apache --log-format '%h %t "%r" %>s %D' \
    "$TMP/apache.log"
code_is 0
out_eq '{"kind":"request","ts":"2000-10-10T20:55:36Z","route":"/a.gif","status":304,"latency_ms":1.234,"ok":true}'

case_ "textlog: a line that does not match is rejected with its column"
printf '%s\n' '10.0.0.1 [26/Nov/2026:08:00:00 +0100] "GET /cart HTTP/1.1"' \
    '10.0.0.1 [26/Nov/2026:08:00:00 +0100] "GET /cart HTTP/1.1" 200 0.1' \
    >"$TMP/cut.log"
run slo-ingest --max-bad 100% --log-format '$remote_addr [$time_local] "$request" $status $request_time' \
    "$TMP/cut.log"
code_is 0
err_has "cut.log:1:"
err_has "line does not match format"
err_has "1 of 2 input lines rejected"
out_has '"status":200'

case_ "textlog: a format that does not compile is a usage error with its column"
run slo-ingest --log-format '$remote_addr$status'
code_is 2
err_has "invalid --log-format: column"

case_ "textlog: one input form, and text options need a text log"
run slo-ingest --preset nginx --log-format '$status'
code_is 2
err_has "give one of --preset, --map and --log-format"
run slo-ingest --log-label 'method=m' </dev/null
code_is 2
err_has "need a text log"
run slo-ingest --log-format '$status' --log-format-syntax iis </dev/null
code_is 2
err_has "want nginx, apache or envoy"
run slo-ingest --preset nope </dev/null
code_is 2
err_has "unknown preset 'nope'"

case_ "textlog: --log-label keeps a field as a label"
run slo-ingest --preset nginx --log-label '$http_user_agent=agent' "$TX/nginx.log"
code_is 0
out_has '"labels":{"agent":"Mozilla/4.08 [en] (Win98; I ;Nav)"}'

# Through slo-eval: of the two custom lines one is good, so 50 %.
case_ "textlog: into slo-eval"
slo-ingest --log-format '$remote_addr [$time_local] "$request" $status $request_time' \
    "$TMP/custom.log" | run slo-eval --objective 99 --good 'status < 500' \
    --window 1h -f ndjson
code_is 1
out_has '"good":1,"bad":1,"total":2'
