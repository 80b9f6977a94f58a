# promote-check over examples/rollout (issue 21, items 3 and 5): every kind
# of event in one gate, the variance and cost_per_request criteria in
# every format, -j, and their criteria errors (sourced by run.sh)
R=$EX/rollout

case_ "the rollout's generator is deterministic: it makes events.ndjson"
awk -f "$R/gen.awk" | LC_ALL=C sort -s -t'"' -k4,4 >"$TMP/gen.ndjson"
cmp -s "$TMP/gen.ndjson" "$R/events.ndjson" && _pass || _fail "gen.awk output differs"
is "committed data is small" "$(($(wc -c <"$R/events.ndjson") < 200000))" 1

case_ "the rollout rolls back on the sidecar without a memory limit"
slo-ingest --preset canonical --max-bad 0 "$R/events.ndjson" >"$TMP/ev.ndjson" 2>"$TMP/ingest.err"
is "slo-ingest keeps every kind" "$(wc -l <"$TMP/ev.ndjson")" "$(wc -l <"$R/events.ndjson")"
run promote-check -c "$R/promote.yaml" "$TMP/ev.ndjson"
code_is 1; out_has '"verdict":"rollback"'
out_has '"name":"resources","result":"fail"'
out_has "instance 'alpha-log-shipper' runs without a memory limit"
out_has '"name":"variance","result":"pass"'
out_has '"name":"time_to_detect","result":"pass"'
out_has '"name":"time_to_mitigate","result":"pass"'
out_has '"name":"cost_per_request","result":"pass"'
out_has '"currency":"USD"'
out_has '"name":"contract_checks","result":"pass"'
out_has '"name":"flag_leaks","result":"pass"'

case_ "without the sidecar's samples it promotes"
run promote-check -c "$R/promote.yaml" -w '!(instance == "alpha-log-shipper")' "$TMP/ev.ndjson"
code_is 0; out_has '"verdict":"promote"'

case_ "the new criteria in every format"
for f in table markdown junit csv tsv; do
	run promote-check -c "$R/promote.yaml" -f $f "$TMP/ev.ndjson"
	code_is 1; out_has variance; out_has "USD per request"; out_has "spread 1.12x"
done

case_ "-j 4 is byte for byte -j 1"
promote-check -c "$R/promote.yaml" -j 1 "$TMP/ev.ndjson" >"$TMP/j1"
run promote-check -c "$R/promote.yaml" -j 4 "$TMP/ev.ndjson"
out_is "$TMP/j1"

case_ "variance is not listed unless named"
printf 'promotion:\n  criteria:\n    resources: false\n' >"$TMP/c.yaml"
run promote-check -c "$TMP/c.yaml" "$TMP/ev.ndjson"
out_lacks '"name":"variance"'; out_has '"name":"cost_per_request"'

case_ "two currencies are never added"
sed 's/"currency":"USD"}$/"currency":"EUR"}/' "$TMP/ev.ndjson" | awk 'NR % 2' >"$TMP/eur.ndjson"
cat "$TMP/ev.ndjson" >>"$TMP/eur.ndjson"
printf 'promotion:\n  criteria:\n    resources: false\n    cost_per_request: {}\n' >"$TMP/c.yaml"
run promote-check -c "$TMP/c.yaml" "$TMP/eur.ndjson"
out_has "cost events in 'EUR' and 'USD': amounts in different currencies are not added"
out_has '"name":"cost_per_request","result":"inconclusive"'

case_ "criteria errors point at the line and column"
printf 'promotion:\n  criteria:\n    cost_per_request: {currency: usd}\n' >"$TMP/c.yaml"
run promote-check -c "$TMP/c.yaml" "$TMP/ev.ndjson"
code_is 2; err_has "c.yaml:3:34: currency 'usd' is not an ISO 4217 code"
printf 'promotion:\n  criteria:\n    variance: {max_ratio: -1}\n' >"$TMP/c.yaml"
run promote-check -c "$TMP/c.yaml" "$TMP/ev.ndjson"
code_is 2; err_has "c.yaml:3:27: max_ratio '-1' must be positive"
printf 'promotion:\n  criteria:\n    variance: {max_ratoi: 2}\n' >"$TMP/c.yaml"
run promote-check -c "$TMP/c.yaml" "$TMP/ev.ndjson"
code_is 2; err_has "c.yaml:3:16: unknown key 'max_ratoi'"
