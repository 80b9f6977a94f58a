# test_scorecard.sh — slo-eval's scorecard (issue 21.4): verdicts grouped
# by service and owner, deploys per day, active alpha flags from
# --registry and error budget use per owner, in every format, with known
# answers computed by hand from the fixture (tests/cli/fixtures/scorecard,
# events written by gen-events.sh).
# Sourced by tests/cli/run.sh (helpers there).
#
# The hand computation, at --at 2026-12-03T11:59:59Z (resolution 1m):
#   the instant's bucket is [11:59, 12:00), so every window ends at
#   2026-12-03T12:00:00Z; checkout's 1d windows start 12-02T12:00, search's
#   2d window 12-01T12:00.  The scorecard window is their union:
#   [2026-12-01T12:00:00Z, 2026-12-03T12:00:00Z), 2 days.
#   deploys in it: checkout 12-01T13:00, 12-02T09:00, 12-03T10:00 = 3
#   (12-01T11:59:59 is before it, 12-03T12:00:00 at its end, excluded):
#   3 / 2 d = 1.5 a day; search 1 / 2 = 0.5; billing (no SLO) 2 / 2 = 1.
#   budget used = bad / allowed, allowed = (1 - target) x events:
#   checkout-availability 2 / (0.01 x 100) = 2 (200 %), checkout-latency
#   2 / (0.10 x 100) = 0.2, search-availability 1 / (0.01 x 200) = 0.5.
#   team-payments: worst 2 (checkout-availability), sum 2 + 0.2 = 2.2;
#   team-search: worst 0.5, sum 0.5.
#   active alpha (flags.yaml, each flag's comment): team-payments
#   new-checkout; team-search search-ranker; team-ops emergency-off.

SC=$FX/scorecard; SCAT=2026-12-03T11:59:59Z
sc() { run slo-eval -s "$SC/slos.yaml" --registry "$SC/flags.yaml" --at "$SCAT" "$@"; }

case_ "scorecard fixture: the events are what gen-events.sh writes"
sh "$SC/gen-events.sh" >"$TMP/sc-events.ndjson"
cmp -s "$TMP/sc-events.ndjson" "$SC/events.ndjson" && _pass || _fail "events.ndjson is stale"

case_ "scorecard ndjson: groups by service and owner, deploys per day (known answers)"
sc "$SC/events.ndjson"
code_is 1
out_has '{"scorecard":"group","service":"billing","owner":null,"slos":0,"ok":0,"warning":0,"breached":0,"no_data":0,"from":"2026-12-01T12:00:00Z","to":"2026-12-03T12:00:00Z","deploys":2,"deploys_per_day":1}'
out_has '{"scorecard":"group","service":"checkout","owner":"team-payments","slos":2,"ok":1,"warning":0,"breached":1,"no_data":0,"from":"2026-12-01T12:00:00Z","to":"2026-12-03T12:00:00Z","deploys":3,"deploys_per_day":1.5}'
out_has '{"scorecard":"group","service":"search","owner":"team-search","slos":1,"ok":1,"warning":0,"breached":0,"no_data":0,"from":"2026-12-01T12:00:00Z","to":"2026-12-03T12:00:00Z","deploys":1,"deploys_per_day":0.5}'

case_ "scorecard ndjson: budget use and active alpha flags per owner (known answers)"
out_has '{"scorecard":"owner","owner":"team-ops","slos":0,"slos_with_data":0,"budget_used_worst":null,"worst_slo":null,"worst_group":null,"budget_used_sum":null,"alpha_flags":["emergency-off"]}'
out_has '{"scorecard":"owner","owner":"team-payments","slos":2,"slos_with_data":2,"budget_used_worst":2,"worst_slo":"checkout-availability","worst_group":{},"budget_used_sum":2.2,"alpha_flags":["new-checkout"]}'
out_has '{"scorecard":"owner","owner":"team-search","slos":1,"slos_with_data":1,"budget_used_worst":0.5,"worst_slo":"search-availability","worst_group":{},"budget_used_sum":0.5,"alpha_flags":["search-ranker"]}'
# stale, expired, not yet created and ga flags are not active alpha
out_lacks old-banner; out_lacks search-v2; out_lacks future-flag; out_lacks checkout-ga
# each verdict names its service and owner
is "verdicts with owner team-payments" \
    "$(grep -c '^{"slo":"checkout-[a-z]*",.*,"service":"checkout","owner":"team-payments"}$' "$TMP/out")" 2

case_ "scorecard: -j 4 gives the same bytes as -j 1"
cp "$TMP/out" "$TMP/sc-j1"
sc -j 4 "$SC/events.ndjson"
cmp -s "$TMP/out" "$TMP/sc-j1" && _pass || _fail "-j 4 differs from -j 1"

case_ "scorecard table: first, then the verdicts with their service and owner"
sc -f table --wide "$SC/events.ndjson"
code_is 1
out_has "scorecard, window 2026-12-01T12:00:00Z to 2026-12-03T12:00:00Z"
grep -q '^checkout *team-payments *2 *1 *0 *1 *0 *3 *1\.50$' "$TMP/out" && _pass || _fail "checkout row: $(grep '^checkout' "$TMP/out" | head -1)"
grep -q '^team-payments *2 *200\.0% *checkout-availability *220\.0% *1: new-checkout$' "$TMP/out" && _pass || _fail "team-payments row"
first_card=$(grep -n '^SERVICE' "$TMP/out" | head -1 | cut -d: -f1)
verdicts=$(grep -n '^SERVICE *OWNER *SLO ' "$TMP/out" | cut -d: -f1)
[ -n "$verdicts" ] && [ "$first_card" -lt "$verdicts" ] && _pass || _fail "scorecard not first"

case_ "scorecard markdown: a heading and two tables before the verdicts; renders"
sc -f markdown "$SC/events.ndjson"
out_has "### SLO scorecard, window 2026-12-01T12:00:00Z to 2026-12-03T12:00:00Z"
out_has "| checkout | team-payments | 2 | 1 | 0 | **1** | 0 | 3 | 1.50 |"
if command -v cmark >/dev/null 2>&1; then
	cmark "$TMP/out" >"$TMP/sc.html"
	grep -q '<h3>SLO scorecard, window' "$TMP/sc.html" && _pass || _fail "cmark: no heading"
fi

case_ "scorecard csv: service and owner lead each verdict row"
sc -f csv "$SC/events.ndjson"
out_has "service,owner,slo,group,status,sli,target,budget_remaining,burn_rate,firing_alerts"
out_has "checkout,team-payments,checkout-availability,,breached,0.98,0.99,-1,2,"

case_ "scorecard prom: per service and owner, per owner; promtool clean"
sc -f prom "$SC/events.ndjson"
out_has 'slo_scorecard_slos{service="checkout",owner="team-payments",status="breached"} 1'
out_has 'slo_scorecard_deploys{service="checkout"} 3'
out_has 'slo_scorecard_deploys{service="billing"} 2'
out_has 'slo_scorecard_window_seconds 172800'
out_has 'slo_scorecard_budget_used_worst_ratio{owner="team-payments"} 2'
out_has 'slo_scorecard_budget_used_sum_ratio{owner="team-payments"} 2.2'
out_has 'slo_scorecard_alpha_flags_active{owner="team-ops"} 1'
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$TMP/out" >"$TMP/lint" 2>&1 && _pass ||
	    _fail "promtool: $(head -c 300 "$TMP/lint")"
fi

case_ "scorecard html: the scorecard before the SLOs; owner shown"
sc -f html "$SC/events.ndjson"
card=$(grep -n '<section class="scorecard">' "$TMP/out" | cut -d: -f1)
defs=$(grep -n '<dl class="slos">' "$TMP/out" | cut -d: -f1)
[ -n "$card" ] && [ -n "$defs" ] && [ "$card" -lt "$defs" ] && _pass || _fail "scorecard not first"
out_has "; service checkout; owner team-payments"
out_has "<td>new-checkout</td>"
awk -f "$top/tests/cli/html-balance.awk" "$TMP/out" >"$TMP/bal" 2>&1 && _pass || _fail "unbalanced: $(head -c 200 "$TMP/bal")"

case_ "scorecard: without the registry, no alpha figures (null, -)"
run slo-eval -s "$SC/slos.yaml" --at "$SCAT" "$SC/events.ndjson"
out_has '"owner":"team-payments","slos":2,"slos_with_data":2,"budget_used_worst":2,"worst_slo":"checkout-availability","worst_group":{},"budget_used_sum":2.2,"alpha_flags":null}'
out_lacks team-ops

case_ "scorecard: none without owners, deploys or --registry (outputs as before)"
grep -v '"kind":"deploy"' "$SC/events.ndjson" >"$TMP/sc-nodeploy.ndjson"
sed '/owner:/d' "$SC/slos.yaml" >"$TMP/sc-noowner.yaml"
run slo-eval -s "$TMP/sc-noowner.yaml" --at "$SCAT" "$TMP/sc-nodeploy.ndjson"
out_lacks scorecard; out_lacks '"owner"'
run slo-eval -s "$TMP/sc-noowner.yaml" --at "$SCAT" -f csv "$TMP/sc-nodeploy.ndjson"
out_has "slo,group,status,sli"; out_lacks "service,owner"

case_ "scorecard: deploys alone make it, over the longest window at the instant"
run slo-eval -s "$TMP/sc-noowner.yaml" --at "$SCAT" "$SC/events.ndjson"
out_has '"service":"billing","owner":null'
grep '"kind":"deploy"' "$SC/events.ndjson" >"$TMP/sc-deploys.ndjson"
# no request: every verdict no_data; the window is the longest, 2d, ending
# with the instant's bucket: the same window and figures as above
run slo-eval -s "$TMP/sc-noowner.yaml" --at "$SCAT" "$TMP/sc-deploys.ndjson"
code_is 3
out_has '"service":"checkout","owner":null,"slos":2,"ok":0,"warning":0,"breached":0,"no_data":2,"from":"2026-12-01T12:00:00Z","to":"2026-12-03T12:00:00Z","deploys":3,"deploys_per_day":1.5}'

case_ "owner in OpenSLO: the label owner of metadata.labels"
run slo-eval -s "$SC/openslo-owner.yaml" --at "$SCAT" "$SC/events.ndjson"
out_has '"after_at":0,"service":"search","owner":"team-search"}'
run slo-eval -s "$SC/openslo-two-owners.yaml" --at "$SCAT" "$SC/events.ndjson"
code_is 2
err_has "openslo-two-owners.yaml:7:12: label 'owner' holds 2 values: an SLO has one owner"
run slo-eval --validate "$SC/openslo-owner.yaml"
code_is 0

case_ "owner in the slokit form: a string"
printf 'slos:\n  - name: x\n    owner: [a, b]\n    good: "status < 500"\n    objective: 99\n' >"$TMP/sc-bad-owner.yaml"
run slo-eval --validate "$TMP/sc-bad-owner.yaml"
code_is 2; err_has "sc-bad-owner.yaml:3:12:"

case_ "--registry: a bad file is an error at its position, before any event"
printf 'flags:\n  - key: x\n    owner: a\n    type: nosuch\n    created: 2026-12-01\n' >"$TMP/sc-bad-reg.yaml"
run slo-eval -s "$SC/slos.yaml" --registry "$TMP/sc-bad-reg.yaml" "$SC/events.ndjson"
code_is 2; err_has "sc-bad-reg.yaml:4:11:"
run slo-eval -s "$SC/slos.yaml" --registry "$TMP/no-such-registry.yaml" "$SC/events.ndjson"
code_is 2; err_has "no-such-registry.yaml"

case_ "slo-eval junit: a testcase per verdict, classname SERVICE.OWNER, the scorecard as properties"
sc -f junit "$SC/events.ndjson"
code_is 1
out_has '<testsuite name="slo-eval" tests="3" failures="1" errors="0" skipped="0">'
out_has '<testcase classname="checkout.team-payments" name="checkout-availability">'
out_has '<failure type="breached" message="SLI 98.000% below the target 99%"/>'
out_has '<property name="scorecard.group.checkout.team-payments" value="slos 2, ok 1, warning 0, breached 1, no data 0, deploys 3, deploys/day 1.50"/>'
out_has '<property name="scorecard.owner.team-payments" value="slos 2, worst budget used 200.0% (checkout-availability), budget used sum 220.0%, active alpha flags 1: new-checkout"/>'
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout --schema "$top/tests/schema/junit-10.xsd" "$TMP/out" 2>"$TMP/xsd" &&
	    _pass || _fail "junit-10.xsd: $(head -c 300 "$TMP/xsd")"
	# without a scorecard too, with no-data verdicts skipped
	grep -v '"kind":"deploy"' "$EX/eval/events.ndjson" >"$TMP/sc-ex.ndjson"
	run slo-eval -s "$EX/eval/slos.yaml" -f junit --at 2030-01-01T00:00:00Z "$TMP/sc-ex.ndjson"
	out_has 'classname="slo-eval"'; out_has '<skipped message="no data in the window"/>'
	xmllint --noout --schema "$top/tests/schema/junit-10.xsd" "$TMP/out" 2>"$TMP/xsd" &&
	    _pass || _fail "junit-10.xsd: $(head -c 300 "$TMP/xsd")"
else
	echo "  notice: xmllint not installed (make deps): slo-eval junit not checked against junit-10.xsd"
fi

case_ "scorecard: deploys of many distinct services, each its own row (hashed, not quadratic)"
awk 'BEGIN { for (i = 0; i < 5000; i++)
	printf "{\"kind\":\"deploy\",\"ts\":\"2026-12-02T%02d:%02d:00Z\",\"service\":\"s%d\",\"result\":\"success\"}\n", int(i / 60) % 24, i % 60, i }' >"$TMP/sc-many.ndjson"
run slo-eval -s "$SC/slos.yaml" --at "$SCAT" -f prom "$TMP/sc-many.ndjson"
# 5000 services of deploys + checkout and search (their SLOs, no deploys)
is "deploy series" "$(grep -c '^slo_scorecard_deploys{' "$TMP/out")" 5002
out_has 'slo_scorecard_deploys{service="s4999"} 1'

case_ "scorecard of deploys alone, no service or owner in the spec: the verdict grids keep their columns"
run slo-eval -s "$EX/eval/slos.yaml" -f csv "$EX/eval/events.ndjson"
out_has "slo,group,status,sli"; out_lacks "service,owner"
run slo-eval -s "$EX/eval/slos.yaml" -f table --wide "$EX/eval/events.ndjson"
out_has "scorecard, window"
grep -q '^SLO ' "$TMP/out" && _pass || _fail "the verdict table does not start at the SLO"

case_ "slo-eval junit: a failure exactly when the verdict makes the exit status 1 (--fail-on)"
# By hand: 1440 events, one a minute on 2026-12-01, 23:55-23:58 bad (4).
# SLI 1436 / 1440 = 99.72 % >= 99 %: not breached.  ticket 1x 6h/30m:
# 6h burn (4 / 360) / 0.01 = 1.11, 30m burn (4 / 30) / 0.01 = 13.3, both
# >= 1: firing, status warning.  page 100x 1h/5m: 1h burn 6.7 < 100.
awk 'BEGIN { for (m = 0; m < 1440; m++)
	printf "{\"ts\":\"2026-12-01T%02d:%02d:00Z\",\"status\":%d}\n",
	    int(m / 60), m % 60, (m >= 1435 && m < 1439) ? 500 : 200 }' >"$TMP/sc-warn.ndjson"
printf 'slos:\n  - name: warn\n    good: "status < 500"\n    objective: 99\n    window: 1d\n    alerts:\n      - {severity: page, long: 1h, short: 5m, burn: 100}\n      - {severity: ticket, long: 6h, short: 30m, burn: 1}\n' >"$TMP/sc-warn.yaml"
run slo-eval -s "$TMP/sc-warn.yaml" --at 2026-12-01T23:59:30Z -f junit "$TMP/sc-warn.ndjson"
code_is 0; out_has 'tests="1" failures="0"'; out_has 'status warning'
run slo-eval -s "$TMP/sc-warn.yaml" --at 2026-12-01T23:59:30Z --fail-on ticket -f junit "$TMP/sc-warn.ndjson"
code_is 1; out_has 'tests="1" failures="1"'
out_has '<failure type="alert" message="alerts firing: ticket 1x/6h"/>'
