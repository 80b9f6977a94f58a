# promote-check: exit codes, formats, criteria errors (sourced by run.sh)
P=$EX/promote
PF=$FX/promote-check

case_ "help"
run promote-check --help
code_is 0; out_has "--criteria"; out_has "--baseline"

case_ "bad option"
run promote-check --no-such-option
code_is 2; err_has "promote-check:"

case_ "passing alpha promotes"
run promote-check -c "$P/promote.yaml" "$P/pass.ndjson"
code_is 0; out_has '"verdict":"promote"'; out_has '"exit":0'
out_has '"name":"time_to_restore","result":"pass"'

case_ "failing alpha rolls back"
run promote-check -c "$P/promote.yaml" "$P/fail.ndjson"
code_is 1; out_has '"verdict":"rollback"'
out_has '"name":"error_rate","result":"fail"'
out_has '"name":"security_alerts","result":"fail"'

case_ "thin alpha holds and says how many more requests"
run promote-check -c "$P/promote.yaml" "$P/inconclusive.ndjson"
# 1 error in 120: 0.833 % against 2 %, decided with 80 % power (issue
# 15.6) at n = ((1.959964 sqrt(.02 .98) + 0.841621 sqrt(p (1 - p))) /
# (p - .02))^2 = 904.65 -> 905 (p = 1/120; python3 statistics.NormalDist,
# see test_sample_size in tests/unit/test_promote.c): 785 more;
# availability needs 200 - 120 = 80 more
code_is 3; out_has '"verdict":"hold"'; out_has '"more_requests":785,"power":0.8,'
out_has 'below min_requests 200","more_requests":80,'

case_ "defaults without a criteria file"
run promote-check "$P/pass.ndjson"
code_is 0; out_has '"verdict":"promote"'

case_ "stdin and table"
run promote-check -f table <"$P/fail.ndjson"
code_is 1; out_has "ROLLBACK"; out_has "CRITERION"; out_lacks "$(printf '\033')"

case_ "junit"
run promote-check -c "$P/promote.yaml" -f junit "$P/fail.ndjson"
code_is 1; out_has '<testsuites name="promote-check"'
out_has 'name="error_rate">'; out_has '<failure type="rollback"'

case_ "junit: inconclusive as skipped"
run promote-check -c "$P/promote.yaml" -f junit "$P/inconclusive.ndjson"
code_is 3; out_has '<skipped message="inconclusive: '

case_ "markdown"
run promote-check -c "$P/promote.yaml" --format markdown "$P/pass.ndjson"
code_is 0; out_has "### promote-check: **promote**"; out_has '| availability | pass |'

case_ "unsupported format"
run promote-check -f prom "$P/pass.ndjson"
code_is 2

case_ "a single critical security alert rolls back"
run promote-check "$PF/alert.ndjson"
code_is 1; out_has '"name":"security_alerts","result":"fail"'

case_ "empty input holds"
run promote-check </dev/null
code_is 3; out_has '"verdict":"hold"'; out_has '"start":null'

case_ "criteria typo is an error with its position"
run promote-check -c "$PF/typo.yaml" "$P/pass.ndjson"
code_is 2; err_has "typo.yaml:4:"; err_has "marign"; is "stdout" "$(cat "$TMP/out")" ""

case_ "missing criteria file"
run promote-check -c "$PF/no-such.yaml" "$P/pass.ndjson"
code_is 2; err_has "no-such.yaml"

case_ "criteria file cohorts, warn criterion"
run promote-check -c "$PF/small.yaml" "$PF/canary.ndjson"
code_is 1; out_has '"cohort":"canary"'; out_has '"requests":4'
out_has '"baseline_requests":3'; out_has '"other_requests":1'
out_has '"name":"telemetry","result":"pass"'

case_ "--cohort and --baseline override"
run promote-check -c "$PF/small.yaml" --cohort stable --baseline canary "$PF/canary.ndjson"
out_has '"cohort":"stable"'; out_has '"requests":3'

case_ "--cohort equal to --baseline"
run promote-check --cohort a --baseline a "$P/pass.ndjson"
code_is 2; err_has "both 'a'"

case_ "bad --window"
run promote-check --window soon "$P/pass.ndjson"
code_is 2; err_has "soon"

case_ "--at before the failures"
run promote-check -c "$PF/small.yaml" --at 2026-11-26T10:00:02Z "$PF/canary.ndjson"
out_has '"requests":1'; out_has '"end":"2026-11-26T10:01:00Z"'

case_ "--window bounds the period"
# the last 10 minutes hold 250 alpha requests, 1 error: 0.4 %, Wilson
# [0.07 %, 2.23 %] straddles 2 %; at 80 % power, the formula above with
# p = 0.004 gives 419.01 -> 420 requests, 170 more
run promote-check -c "$P/promote.yaml" --window 10m "$P/pass.ndjson"
code_is 3; out_has '"start":"2026-11-26T09:30:00Z"'; out_has '"requests":250,'
out_has '"more_requests":170,'

case_ "bad lines over --max-bad"
run promote-check "$PF/bad.ndjson"
code_is 2; err_has "bad.ndjson:2:"

case_ "bad lines within --max-bad"
run promote-check --max-bad 2 "$PF/bad.ndjson"
code_is 3; out_has '"verdict":"hold"'

case_ "write error"
promote-check "$P/pass.ndjson" >/dev/full 2>"$TMP/err"; echo $? >"$TMP/code"
code_is 2

case_ "flag leak from the registry in the criteria file"
run promote-check -c "$PF/flags-crit.yaml" "$PF/flagleak.ndjson"
code_is 1; out_has '"name":"flag_leaks","result":"fail"'; out_has '"leaked_subjects":1'

case_ "no leak without the leaking line"
head -3 "$PF/flagleak.ndjson" >"$TMP/noleak.ndjson"
run promote-check -c "$PF/flags-crit.yaml" "$TMP/noleak.ndjson"
code_is 0; out_has '"name":"flag_leaks","result":"pass"'

case_ "rollup lines give the same counts as the events"
slo-ingest --rollup 1m "$P/fail.ndjson" >"$TMP/fail.rollup" 2>/dev/null
run promote-check -c "$P/promote.yaml" "$TMP/fail.rollup"
code_is 1; out_has '"requests":1000,"baseline_requests":1000'
out_has '"name":"error_rate","result":"fail"'; out_has 'shift not tested'

case_ "a malformed rollup line is rejected with its number"
run promote-check --max-bad 0 "$PF/bad-rollup.ndjson"
code_is 2; err_has "bad-rollup.ndjson:2:"

case_ "a registry that does not load is an error; its path is the criteria file's"
run promote-check -c "$PF/badreg.yaml" "$P/pass.ndjson"
code_is 2; err_has "promote-check/no-such-registry.yaml"

case_ "thin data holds, telemetry included (issue 15.3)"
run promote-check -f table "$PF/thin.ndjson"
code_is 3; out_has "HOLD"; out_lacks "ROLLBACK"
run promote-check "$PF/thin.ndjson"
code_is 3; out_has '"name":"telemetry","result":"inconclusive"'
out_lacks '"result":"fail"'

case_ "a request without ts is rejected, as slo-eval does (issue 14.11)"
run promote-check --max-bad 0 "$PF/nots.ndjson"
code_is 2; err_has "nots.ndjson:2:"; err_has "without 'ts'"
run promote-check --max-bad 0 --at 2026-11-26T11:00:00Z "$PF/nots.ndjson"
code_is 2; err_has "nots.ndjson:2:"

case_ "a cohort absent from the data says which were seen (issue 15.13)"
run promote-check --cohort canary "$P/pass.ndjson"
code_is 3; out_has '"cohorts_seen":["alpha","baseline"]'
out_has "no 'canary' requests in the window; cohorts seen: 'alpha', 'baseline'"

case_ "more cohorts than the list holds: listed up to the bound, a warning (issue 14.4)"
awk 'BEGIN { for (i = 0; i < 40; i++) printf "{\"ts\":\"2026-11-26T10:00:01Z\",\"cohort\":\"c%d\",\"status\":200}\n", i }' >"$TMP/many.ndjson"
run promote-check "$TMP/many.ndjson"
code_is 3; out_has '"cohorts_unlisted_requests":8'; err_has "more than 32 distinct cohorts"

case_ "more incidents than tracked: a warning, time_to_restore cannot pass (issue 14.4)"
awk 'BEGIN { for (i = 0; i <= 10000; i++) printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"i%d\",\"state\":\"open\"}\n", 1790000000 + i, i }' >"$TMP/inc.ndjson"
run promote-check "$TMP/inc.ndjson"
err_has "more than 10000 distinct incidents: 1 events"
out_has '"incident_events_untracked":1'

case_ "--where filters rollup rows on their dimensions (issue 14.5)"
slo-ingest --rollup 1m "$P/fail.ndjson" >"$TMP/fail.rollup" 2>/dev/null
run promote-check -c "$P/promote.yaml" --where 'cohort == "alpha"' "$TMP/fail.rollup"
out_has '"requests":1000,"baseline_requests":0,'

case_ "--where reading a field rollups lack is refused with its position (issue 14.5)"
run promote-check --where 'status >= 500' "$TMP/fail.rollup"
# the first rollup line: after the deploy (the alert, read later, comes
# between the rows as slo-ingest --rollup writes them as they close)
is "first rollup line" "$(grep -n -m1 '"kind":"rollup"' "$TMP/fail.rollup" | cut -d: -f1)" 2
code_is 2; err_has "fail.rollup:2:1: --where reads 'status', which rollup lines do not carry"
