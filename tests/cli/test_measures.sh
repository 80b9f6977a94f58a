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
