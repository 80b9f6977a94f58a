# test_measures.sh — issue 21, item 1: the resource, check and cost kinds
# and the incident's middle states and severity through slo-ingest's
# canonical preset: accepted lines in the fixed form of slo-events(5),
# every other line rejected with its reason and kept in --rejects.
# Sourced by tests/cli/run.sh (helpers there).

case_ "canonical: new kinds in the fixed form, the bad ones rejected with reasons"
run slo-ingest -p canonical --max-bad 100% --rejects "$TMP/rej" "$FX/measures/kinds.ndjson"
code_is 0
cat >"$TMP/want" <<'W'
{"kind":"resource","ts":"2026-03-01T00:00:00Z","service":"api","version":"1.2.0","instance":"api-7f9c","cpu_cores":0.25,"cpu_limit_cores":0.5,"memory_bytes":268435456,"memory_limit_bytes":536870912}
{"kind":"check","ts":"2026-03-01T00:00:00Z","service":"api","version":"1.2.0","result":"pass","suite":"contract","name":"GET /orders"}
{"kind":"cost","ts":"2026-03-01T00:00:00Z","service":"api","amount":12.34,"currency":"USD"}
{"kind":"incident","ts":"2026-03-01T00:00:00Z","service":"api","id":"INC-1","state":"detected","severity":"critical"}
W
out_is "$TMP/want"
err_has "kinds.ndjson:5: 'state' is not open, detected, acknowledged, mitigated or resolved"
err_has "1 rejected: 'result' is not pass, fail, error or skip"
err_has "1 rejected: 'amount' is negative"
err_has "1 rejected: 'currency' is not an ISO 4217 code (three capital letters)"
err_has "1 rejected: resource event without 'cpu_cores' nor 'memory_bytes'"
err_has "1 rejected: 'cpu_limit_cores' is zero"
err_has "1 rejected: 'severity' is not critical, high, medium or low"
err_has "11 lines read: 4 mapped, 7 rejected"
# every input line is accounted for: 4 written + 7 kept, byte for byte,
# each after a comment with FILE:LINE:COL and the reason
grep -v '^#' "$TMP/rej" >"$TMP/rejlines"
is "rejects verbatim" "$(tail -n 7 "$FX/measures/kinds.ndjson" | cmp - "$TMP/rejlines" && echo same)" same
is "reject reason" "$(grep -c '^# .*kinds.ndjson:[0-9]*:1: ' "$TMP/rej")" 7

case_ "canonical: the new kinds read back unchanged (the fixed form is a fixed point)"
head -n 4 "$FX/measures/kinds.ndjson" | slo-ingest -p canonical >"$TMP/once"
run slo-ingest -p canonical "$TMP/once"
code_is 0
out_is "$TMP/once"

# OTLP/JSON metrics, written from the OTLP/JSON encoding
# (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding: int64
# as decimal strings, lowerCamelCase names) and the metric names of the
# semantic conventions
# (https://opentelemetry.io/docs/specs/semconv/system/container-metrics/:
# container.cpu.usage {cpu}, container.memory.usage By;
# https://opentelemetry.io/docs/specs/semconv/system/k8s-metrics/:
# k8s.container.cpu.limit {cpu}, k8s.container.memory.limit By).
# 1772323200 s is 2026-03-01T00:00:00Z (date -u -d @1772323200).
case_ "otlp metrics: usage and limits to resource events, per instance and instant"
run slo-ingest -p otlp --max-bad 100% --rejects "$TMP/rej" "$FX/measures/otlp-metrics.ndjson"
code_is 0
cat >"$TMP/want" <<'W'
{"kind":"resource","ts":"2026-03-01T00:00:00Z","service":"checkout","version":"1.5.0-rc1","instance":"checkout-7f9c/app","cpu_cores":0.25,"cpu_limit_cores":0.5,"memory_bytes":268435456,"memory_limit_bytes":536870912}
{"kind":"resource","ts":"2026-03-01T00:01:00Z","service":"checkout","version":"1.5.0-rc1","instance":"checkout-7f9c/app","cpu_cores":0.45,"cpu_limit_cores":0.5,"memory_bytes":301989888,"memory_limit_bytes":536870912}
{"kind":"resource","ts":"2026-03-01T00:00:00Z","service":"checkout","version":"1.4.2","instance":"checkout-legacy","cpu_cores":1.5}
W
out_is "$TMP/want"
err_has "5 lines read: 2 mapped, 3 rejected"
err_has "otlp-metrics.ndjson:3: no container.cpu.usage nor container.memory.usage data point"
err_has "otlp-metrics.ndjson:4: negative or non-finite value: container.cpu.usage"
err_has "otlp-metrics.ndjson:5: data point without 'asDouble' nor 'asInt': container.memory.usage"
is "otlp metrics rejects kept" "$(grep -vc '^#' "$TMP/rej")" 3

case_ "otlp metrics: a limit of another instance is not this one's"
printf '%s\n' '{"resourceMetrics":[{"resource":{"attributes":[{"key":"container.name","value":{"stringValue":"a"}}]},"scopeMetrics":[{"metrics":[{"name":"container.memory.usage","unit":"By","gauge":{"dataPoints":[{"timeUnixNano":"1772323200000000000","asInt":"100"}]}}]}]},{"resource":{"attributes":[{"key":"container.name","value":{"stringValue":"b"}}]},"scopeMetrics":[{"metrics":[{"name":"k8s.container.memory.limit.current","unit":"By","sum":{"dataPoints":[{"timeUnixNano":"1772323200000000000","asInt":"400"}]}},{"name":"k8s.container.memory.limit","unit":"By","sum":{"dataPoints":[{"timeUnixNano":"1772323200000000000","asInt":"300"}]}},{"name":"container.memory.usage","unit":"By","gauge":{"dataPoints":[{"timeUnixNano":"1772323200000000000","asInt":"200"}]}}]}]}]}' >"$TMP/two.ndjson"
run slo-ingest -p otlp "$TMP/two.ndjson"
code_is 0
out_eq '{"kind":"resource","ts":"2026-03-01T00:00:00Z","instance":"a","memory_bytes":100}
{"kind":"resource","ts":"2026-03-01T00:00:00Z","instance":"b","memory_bytes":200,"memory_limit_bytes":400}'

# promote-check over incidents with their middle states and contract
# checks.  Hand computation (fixtures/measures/promote.ndjson): INC-1
# opens 23:58Z, detected 00:01Z (180 s, across midnight), mitigated 00:20Z
# (1320 s); INC-2 opens 01:59+01:00 = 00:59Z, detected 03:01+02:00 =
# 01:01Z (120 s across the EU switch to summer time; 62 min on the wall
# clock), mitigated 01:10Z (660 s).  Medians: (180 + 120) / 2 = 150 s,
# (1320 + 660) / 2 = 990 s.  Contract checks 2 of 2 pass; the schema
# suite's failure is not a contract check.
case_ "promote-check: time to detect and mitigate, contract checks (known answers)"
run promote-check --format ndjson "$FX/measures/promote.ndjson"
code_is 3
is "ttd" "$(jq -c '.criteria[] | select(.name == "time_to_detect") | [.result, .figures.median_s, .figures.incidents]' "$TMP/out")" '["pass",150,2]'
is "ttm" "$(jq -c '.criteria[] | select(.name == "time_to_mitigate") | [.result, .figures.median_s]' "$TMP/out")" '["pass",990]'
is "contract" "$(jq -c '.criteria[] | select(.name == "contract_checks") | [.result, .figures.checks, .figures.pass_rate]' "$TMP/out")" '["pass",2,1]'
out_has '"summary":"median 2m30s over 2 critical+ incidents <= 5m"'

case_ "promote-check: a late detection and a broken contract roll back"
{ cat "$FX/measures/promote.ndjson"
  echo '{"kind":"incident","ts":"2026-03-29T02:00:00Z","cohort":"alpha","id":"INC-3","state":"open","severity":"critical"}'
  echo '{"kind":"incident","ts":"2026-03-29T02:30:00Z","cohort":"alpha","id":"INC-3","state":"detected"}'
  echo '{"kind":"check","ts":"2026-03-29T02:31:00Z","suite":"contract","name":"DELETE /api/cart","result":"error"}'
} >"$TMP/late.ndjson"
run promote-check --format ndjson "$TMP/late.ndjson"
code_is 1
# detection {180, 120, 1800}: median 180 s, still a pass
is "ttd median of three" "$(jq -c '.criteria[] | select(.name == "time_to_detect") | [.result, .figures.median_s]' "$TMP/out")" '["pass",180]'
is "contract fails" "$(jq -r '.criteria[] | select(.name == "contract_checks") | .reason' "$TMP/out")" "1 of 3 'contract' checks failed or errored"

case_ "promote-check: the examples' verdicts are unchanged (no new criterion listed)"
run promote-check --format ndjson "$EX/promote/pass.ndjson"
out_lacks time_to_detect
out_lacks contract_checks

case_ "otlp metrics to promote-check: a container without a limit is a finding"
slo-ingest -p otlp --max-bad 100% "$FX/measures/otlp-metrics.ndjson" 2>/dev/null >"$TMP/res.ndjson"
run promote-check --format ndjson "$TMP/res.ndjson"
code_is 1
is "resources" "$(jq -c '.criteria[] | select(.name == "resources") | [.result, .reason, .figures.instances, .figures.unlimited]' "$TMP/out")" \
    "[\"fail\",\"instance 'checkout-legacy' runs without a cpu limit\",2,1]"

case_ "promote-check -j: resources, checks and incident states judge as one reader"
awk 'BEGIN { for (i = 0; i < 3000; i++) {
	printf "{\"kind\":\"resource\",\"ts\":%d,\"cohort\":\"%s\",\"instance\":\"pod-%d\",\"cpu_cores\":%.3f,\"cpu_limit_cores\":1,\"memory_bytes\":%d,\"memory_limit_bytes\":1000000}\n", 1772323200 + i, i % 3 ? "alpha" : "baseline", i % 7, (i % 97) / 100, 1000 * (i % 500)
	if (i % 100 == 0) printf "{\"kind\":\"check\",\"ts\":%d,\"suite\":\"contract\",\"result\":\"%s\"}\n", 1772323200 + i, i == 2500 ? "fail" : "pass"
	if (i % 300 == 0) { printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"I%d\",\"state\":\"open\",\"severity\":\"critical\"}\n", 1772323200 + i, i
		printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"I%d\",\"state\":\"detected\"}\n", 1772323200 + i + i % 500, i }
} }' >"$TMP/many.ndjson"
promote-check -j 1 --format ndjson "$TMP/many.ndjson" >"$TMP/j1" 2>/dev/null
run promote-check -j 4 --format ndjson "$TMP/many.ndjson"
out_is "$TMP/j1"
out_has '"name":"resources"'
out_has "1 of 30 'contract' checks failed or errored"
