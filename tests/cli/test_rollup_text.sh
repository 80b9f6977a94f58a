# test_rollup_text.sh — slo-eval, flag-audit and promote-check read rollup
# lines through the selective scanner (slo_rollup_merge_event()): any
# spelling of a line gives the same verdicts, and a bad line the message
# and line number jansson's reader gives (lib/engine/rollup.c's messages).
# Sourced by tests/cli/run.sh (helpers there).
RT=$TMP/rtext; mkdir -p "$RT"
slo-ingest --rollup 1m --spec "$EX/eval/slos.yaml" "$EX/eval/events.ndjson" \
    >"$RT/compact"
# the same lines spaced, tabbed and with the first key escaped
sed 's/,"/ ,\t"/g; s/^{"kind"/ { "\\u006bind"/' "$RT/compact" >"$RT/spaced"

case_ "rollup lines: spaced and escaped, the same verdicts"
run slo-eval --spec "$EX/eval/slos.yaml" --at 2026-11-26T12:00:00Z \
    --format ndjson "$RT/compact"
cp "$TMP/out" "$RT/want"
# 7 verdicts (examples/eval/slos.yaml's SLOs and groups), then the
# scorecard's lines (the events hold deploys)
is "compact rollups give verdicts" "$(grep -c '^{"slo":' "$RT/want")" 7
run slo-eval --spec "$EX/eval/slos.yaml" --at 2026-11-26T12:00:00Z \
    --format ndjson "$RT/spaced"
out_is "$RT/want"
run slo-eval -j 2 --spec "$EX/eval/slos.yaml" --at 2026-11-26T12:00:00Z \
    --format ndjson "$RT/spaced"
out_is "$RT/want"

case_ "rollup lines: rejections as before, with their line"
cat >"$RT/bad" <<'EOF2'
{"kind":"rollup","ts":"2026-11-26T08:10:00Z","width":"1m","count":1,"good":2}
{"kind":"rollup","ts":"2026-11-26T08:10:00Z","width":"1m","count":1,"good":1,"count":1}
{"kind":"rollup","ts":"2026-11-26T08:10:00Z","width":"1m","count":1,"good":1,"latency_ms":{"alpha":0.01}}
{"kind":"rollup","ts":"2026-11-26T08:10:00Z","width":"1m","count":1,"good":1,"status":{"2xx":1,"7xx":0}}
{"kind":"rollup","ts":"2026-11-26T08:10:00Z","width":"1m","count":1,"good":1,"slos":{"a":{"good":2,"total":1}}}
{"kind":"rollup","ts":"2026-11-26T08:10:00Z","width":"1m","count":1,"good":1,"latency_ms":{"alpha":0.01,"count":1,"sum":1,"min":1,"max":1,"zero":0,"bins":[[0,1],[0,1]]}}
EOF2
run slo-eval --spec "$EX/eval/slos.yaml" --max-bad 10 --format ndjson "$RT/bad"
err_has "bad:1: bad rollup 'good': more than count"
err_lacks "bad:2:"
err_has "bad:3: bad rollup 'latency_ms': missing key 'count' in sketch"
err_has "bad:4: bad rollup status class '7xx'"
err_has "bad:5: bad rollup counts of SLO 'a'"
err_has "bad:6: bad rollup 'latency_ms': sketch bin 1: index out of order or range"
