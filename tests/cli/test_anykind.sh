# test_anykind.sh — slo-eval over any kind of event (issue 21.2): deploy,
# check, duration and cost SLIs end to end, their verdict fields in every
# human form, refusals at FILE:LINE:COL, rejects, rollups, -j.
# Sourced by tests/cli/run.sh (helpers there).

AK="$FX/anykind"

case_ "anykind: verdicts of deploy, check, duration and cost SLIs"
run slo-eval --spec "$AK/spec.yaml" -f ndjson "$AK/events.ndjson"
code_is 1 # time-to-detect breached
# deploys: 3 success of 4 (the rollback is bad): SLI 0.75, at the target
out_has '{"slo":"deploy-success","group":{},"status":"ok",'
out_has '"events":4,"good_events":3,'
out_has '"event_kind":"deploy"'
# contract checks: the skipped one is not counted, the schema one is
# another suite: 1 of 1
out_has '"target":0.99,"events":1,"good_events":1,'
# INC-1 across midnight, 23:58 -> 00:01 = 3m (good); INC-2 09:00 ->
# 09:08 = 8m (bad); INC-3 open at 09:55, 5m at --at 10:00, not past the
# threshold: open, not counted.  Median rank ceil(0.5 x 2) = 1 -> 180 s,
# p90 rank 2 -> 480 s.
out_has '"event_kind":"incident","incidents":{"from":"open","to":"detected","threshold":"5m","counted":2,"open":1,"overdue":0,"unmatched":0,"untracked":0},"duration_s":{"p50":180,"p90":480}'
# cost: 0.004 + 0.002 USD over 4 requests = 0.0015 <= 0.002; the EUR
# amount counted apart, never added
out_has '"target":null,'
out_has '"cost":{"currency":"USD","per":"request","max":0.002,"sum":0.006,"cost_events":2,"per_events":4,"ratio":0.0015,"other_currency_events":1}'
out_has '"sli":null,"budget":{"allowed":null,"consumed":null,"remaining":null,"remaining_units":null},"burn_rate":null'

case_ "anykind: --at past the threshold makes the open incident overdue"
# INC-3 opened 09:55: at 10:01 it is open 6m > 5m, counted bad
run slo-eval --spec "$AK/spec.yaml" -f ndjson --at 2026-11-26T10:01:00Z "$AK/events.ndjson"
out_has '"counted":3,"open":0,"overdue":1,'
out_has '"events":3,"good_events":1,'

case_ "anykind: table and markdown carry the median, p90 and cost"
run slo-eval --spec "$AK/spec.yaml" -f table "$AK/events.ndjson"
out_has "time-to-detect: open to detected, median 3m, p90 8m (2 incidents counted, 1 open, 0 overdue)"
out_has "cost-per-request: 0.006 USD over 4 request events; 1 cost event in other currencies not added"
out_has "0.0015 USD <=0.002 USD"
run slo-eval --spec "$AK/spec.yaml" -f markdown "$AK/events.ndjson"
out_has "- time-to-detect: open to detected, median 3m, p90 8m"
out_has "| cost-per-request | - | ok | 0.0015 USD | &lt;=0.002 USD | - | - |  |"
run slo-eval --spec "$AK/spec.yaml" -f prom "$AK/events.ndjson"
out_has 'slo_duration_quantile_seconds{slo="time-to-detect",q="0.9"} 480'
out_has 'slo_cost_ratio{slo="cost-per-request",currency="USD",per="request"} 0.0015'
out_lacks 'slo_target_ratio{slo="cost-per-request"}'

case_ "anykind: a cost over the ceiling is breached, exit 1"
sed 's/max: 0.002/max: 0.001/' "$AK/spec.yaml" >"$TMP/ak-cheap.yaml"
run slo-eval --spec "$AK/spec.yaml" --spec "$TMP/ak-cheap.yaml" -f ndjson "$AK/events.ndjson"
code_is 2 # two SLOs named alike: the spec error comes first
run slo-eval --spec "$TMP/ak-cheap.yaml" -f ndjson "$AK/events.ndjson"
out_has '{"slo":"cost-per-request","group":{},"status":"breached",'

case_ "anykind: an unknown kind gets a did-you-mean at FILE:LINE:COL"
printf 'slos:\n  - name: d\n    events: deplyo\n    good: ok\n    objective: 99\n    window: 1d\n' >"$TMP/ak-kind.yaml"
run slo-eval --validate --spec "$TMP/ak-kind.yaml"
code_is 2
err_has "ak-kind.yaml:3:13: unknown event kind 'deplyo'; did you mean 'deploy'?"

case_ "anykind: a field the kind cannot have is refused at its column"
printf 'slos:\n  - name: d\n    events: deploy\n    good: %s\n    objective: 99\n    window: 1d\n' \
    "'result == \"success\" && status < 500'" >"$TMP/ak-field.yaml"
run slo-eval --validate --spec "$TMP/ak-field.yaml"
code_is 2
# the quote at col 11, result at 12, status 23 bytes later at 35
err_has "ak-field.yaml:4:35: 'status' is not a field of deploy events (they have kind, ts, service, cohort, region, version, result, labels)"

case_ "anykind: an event of a counted kind without ts is rejected"
printf '%s\n' '{"kind":"deploy","result":"success"}' \
    '{"kind":"deploy","ts":"2026-11-26T07:00:00Z","result":"success"}' >"$TMP/ak-nots.ndjson"
run slo-eval --spec "$AK/spec.yaml" -f ndjson --max-bad 1 "$TMP/ak-nots.ndjson"
err_has "ak-nots.ndjson:1: deploy without 'ts'"
out_has '"events":1,"good_events":1,'

case_ "anykind: a cost amount too large to sum exactly is rejected"
printf '%s\n' '{"kind":"cost","ts":"2026-11-26T07:00:00Z","amount":1e9,"currency":"USD"}' \
    '{"ts":"2026-11-26T07:00:00Z","status":200}' >"$TMP/ak-big.ndjson"
run slo-eval --spec "$AK/spec.yaml" -f ndjson --max-bad 1 "$TMP/ak-big.ndjson"
err_has "ak-big.ndjson:1: cost 'amount' of 10^9 or more"

case_ "anykind: rollups carry deploy, check and incident SLOs through their events"
awk '/name: cost-per-request/ { exit } { print }' "$AK/spec.yaml" >"$TMP/ak-nocost.yaml"
run slo-ingest --rollup 1m --spec "$TMP/ak-nocost.yaml" "$AK/events.ndjson"
code_is 0
cp "$TMP/out" "$TMP/ak-rolled.ndjson"
# The same --at: over rollups the default instant is the end of the newest
# row's bucket (10:00:59.999999999), where INC-3 would be overdue.
run slo-eval --spec "$TMP/ak-nocost.yaml" -f ndjson --at 2026-11-26T10:00:00Z "$AK/events.ndjson"
cp "$TMP/out" "$TMP/ak-direct.out"
run slo-eval --spec "$TMP/ak-nocost.yaml" -f ndjson --at 2026-11-26T10:00:00Z "$TMP/ak-rolled.ndjson"
out_is "$TMP/ak-direct.out"
out_has '"counted":2,"open":1,"overdue":0,'
out_has '"slo":"deploy-success","group":{},"status":"ok",'
out_lacks '"slo":"cost-per-request"' 

case_ "anykind: a cost per request is refused by rollups, both ways"
run slo-ingest --rollup 1m --spec "$AK/spec.yaml" "$AK/events.ndjson"
code_is 2
err_has "spec.yaml:21:5: slo 'cost-per-request' divides cost by requests, which rollup lines fold away"
run slo-eval --spec "$AK/spec.yaml" -f ndjson "$TMP/ak-rolled.ndjson"
code_is 2
err_has "slo 'cost-per-request' divides cost by request events, which rollup lines hold only as counts"

case_ "anykind: -j 4 gives the bytes of -j 1"
# 3 MB of incidents, checks, deploys, costs and requests: several chunks
awk 'BEGIN { for (i = 0; i < 20000; i++) {
	t = 1795651200 + i * 60
	printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"I%d\",\"state\":\"open\"}\n", t, i
	printf "{\"kind\":\"request\",\"ts\":%d,\"status\":%d}\n", t, (i % 7 ? 200 : 503)
	printf "{\"kind\":\"cost\",\"ts\":%d,\"amount\":0.1,\"currency\":\"USD\"}\n", t
	printf "{\"kind\":\"check\",\"ts\":%d,\"suite\":\"contract\",\"name\":\"c%d\",\"result\":\"%s\"}\n", t, i, (i % 9 ? "pass" : "error")
	printf "{\"kind\":\"deploy\",\"ts\":%d,\"result\":\"%s\"}\n", t, (i % 5 ? "success" : "failure")
	printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"I%d\",\"state\":\"detected\"}\n", t + (i % 11) * 60, i
	printf "{\"kind\":\"cost\",\"ts\":%d,\"amount\":0.2,\"currency\":\"USD\"}\n", t
} }' >"$TMP/ak-big.ndjson"
run slo-eval -j 1 --spec "$AK/spec.yaml" -f ndjson "$TMP/ak-big.ndjson"
cp "$TMP/out" "$TMP/ak-j1.out"
# costs 0.1 + 0.2 per minute, 20000 times: 6000 exactly within 30d
out_has '"sum":6000,'
run slo-eval -j 4 --spec "$AK/spec.yaml" -f ndjson "$TMP/ak-big.ndjson"
out_is "$TMP/ak-j1.out"
rm -f "$TMP/ak-big.ndjson"

case_ "anykind: html shows a cost SLI's ratio and ceiling, no budget chart"
run slo-eval --spec "$AK/spec.yaml" -f html "$AK/events.ndjson"
out_has '<td class="n">0.0015 USD</td><td class="n">&lt;=0.002 USD</td>'
out_has 'at most 0.002 USD a request over 30d'

case_ "anykind: 10^5 incidents, memory as slo-spec(5) states"
case $BUILD in
build-san*) echo "  notice: sanitizer build: incident memory test skipped" ;;
*)
	if /usr/bin/time -f %M true >/dev/null 2>&1; then
		awk 'BEGIN { for (i = 0; i < 100000; i++) { t = 1795651200 + i
		    printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"INC-%d\",\"state\":\"open\"}\n", t, i
		    printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"INC-%d\",\"state\":\"detected\"}\n", t + 300 + i % 2, i } }' >"$TMP/ak-inc.ndjson"
		printf 'slos:\n  - name: ttd\n    duration: {from: open, to: detected, threshold: 5m}\n    objective: 90\n    window: 30d\n' >"$TMP/ak-ttd.yaml"
		/usr/bin/time -f %M -o "$TMP/ak-rss" slo-eval -j 1 --spec "$TMP/ak-ttd.yaml" -f ndjson "$TMP/ak-inc.ndjson" >"$TMP/out" 2>"$TMP/err"
		# Measured 17.8 MB; slo-spec(5): about 15 MB for 10^5 incidents
		rss=$(tail -1 "$TMP/ak-rss")
		[ "$rss" -le 32768 ] && _pass || _fail "peak RSS ${rss} KiB over 32 MiB"
		# every other incident detected after 5m01s: half good
		out_has '"events":100000,"good_events":50000,'
		rm -f "$TMP/ak-inc.ndjson"
	else
		echo "  notice: no /usr/bin/time -f %M: incident memory test skipped"
	fi ;;
esac
