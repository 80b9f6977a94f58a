# OpenSLO alert policy flags in the verdicts (issue 18.3):
# alertWhenNoData, alertWhenBreaching, alertWhenResolved.
OX="$FX/openslo"

# burst.ndjson: 503s at 00:57:10, 00:58:10, 00:59:10, 200s at 01:00:10
# and 01:00:20.  Buckets of 1m; a window of W at `at` is the W/1m
# buckets ending with the one holding `at`.  Budget 1 - 0.5 = 0.5, so
# burn = bad fraction / 0.5.
#   at 00:59:30: 1h = [00:00, 01:00), 5m = [00:55, 01:00): 3 bad of 3,
#                burn 2 >= 1.5 both: fires.
#   at 01:00:30: 1h = [00:01, 01:01), 5m = [00:56, 01:01): 3 bad of 5,
#                burn 1.2 < 1.5: does not fire; it did one bucket
#                earlier (00:59:30, above): resolved.
#   at 01:01:30: burn 1.2, and one bucket earlier (01:00:30) it did not
#                fire either: not resolved.

case_ "alertWhenResolved: resolved exactly one bucket after the rule stops firing"
sed 's/alertWhenResolved: false/alertWhenResolved: true/' "$OX/alert-flags.yaml" >"$TMP/r.yaml"
run slo-eval --spec "$TMP/r.yaml" --at 2026-11-01T00:59:30Z --format ndjson "$OX/burst.ndjson"
out_has '"burn_long":2,"burn_short":2,"firing":true}]'
run slo-eval --spec "$TMP/r.yaml" --at 2026-11-01T01:00:30Z --format ndjson "$OX/burst.ndjson"
out_has '"burn_long":1.2,"burn_short":1.2,"firing":false,"state":"resolved"}]'
run slo-eval --spec "$TMP/r.yaml" --at 2026-11-01T01:01:30Z --format ndjson "$OX/burst.ndjson"
out_has '"burn_long":1.2,"burn_short":1.2,"firing":false}]'
# without the flag, nothing is reported resolved
run slo-eval --spec "$OX/alert-flags.yaml" --at 2026-11-01T01:00:30Z --format ndjson "$OX/burst.ndjson"
out_has '"burn_long":1.2,"burn_short":1.2,"firing":false}]'
# -j 2 gives the same verdict
run slo-eval -j 2 --spec "$TMP/r.yaml" --at 2026-11-01T01:00:30Z --format ndjson "$OX/burst.ndjson"
out_has '"firing":false,"state":"resolved"}]'

case_ "alertWhenBreaching: false keeps the burn from firing"
# at 00:59:30 the burn fires (above); quiet, the same burn does not.
run slo-eval --spec "$OX/alert-flags.yaml" --at 2026-11-01T00:59:30Z --format ndjson "$OX/burst.ndjson"
code_is 1
out_has '"firing":true}]'
sed 's/alertWhenBreaching: true/alertWhenBreaching: false/' "$OX/alert-flags.yaml" >"$TMP/q.yaml"
run slo-eval --spec "$TMP/q.yaml" --at 2026-11-01T00:59:30Z --format ndjson "$OX/burst.ndjson"
out_has '"burn_long":2,"burn_short":2,"firing":false}]'

case_ "a page that no longer fires on its burn leaves the status to the SLI"
# mixed.ndjson: one 503 at 00:58:10 and three 200s in 00:59: the SLI is
# 3/4 = 0.75, above the 0.5 target.
printf '%s\n' '{"ts":"2026-11-01T00:58:10Z","service":"checkout","status":503}' \
    '{"ts":"2026-11-01T00:59:10Z","service":"checkout","status":200}' \
    '{"ts":"2026-11-01T00:59:12Z","service":"checkout","status":200}' \
    '{"ts":"2026-11-01T00:59:14Z","service":"checkout","status":200}' >"$TMP/mixed.ndjson"
# 1h and 5m: 1 bad of 4, burn 0.5 < 1.5.  With threshold 0.5 it fires
# and pages (breached although the SLI 0.75 meets 0.5); quiet, it is ok.
sed 's/threshold: 1.5/threshold: 0.5/' "$OX/alert-flags.yaml" >"$TMP/t.yaml"
run slo-eval --spec "$TMP/t.yaml" --format ndjson "$TMP/mixed.ndjson"
code_is 1
out_has '"status":"breached"'
out_has '"burn_long":0.5,"burn_short":0.5,"firing":true}]'
sed 's/alertWhenBreaching: true/alertWhenBreaching: false/' "$TMP/t.yaml" >"$TMP/tq.yaml"
run slo-eval --spec "$TMP/tq.yaml" --format ndjson "$TMP/mixed.ndjson"
code_is 0
out_has '"status":"ok"'
out_has '"burn_long":0.5,"burn_short":0.5,"firing":false}]'

case_ "alertWhenNoData: a window without events fires, and says why"
# at 01:10:30 the 5m window [01:06, 01:11) holds no event: no burn.
sed 's/alertWhenNoData: false/alertWhenNoData: true/' "$OX/alert-flags.yaml" >"$TMP/n.yaml"
run slo-eval --spec "$OX/alert-flags.yaml" --at 2026-11-01T01:10:30Z --format ndjson "$OX/burst.ndjson"
out_has '"burn_short":null,"firing":false}]'
run slo-eval --spec "$TMP/n.yaml" --at 2026-11-01T01:10:30Z --format ndjson "$OX/burst.ndjson"
code_is 1
out_has '"burn_short":null,"firing":true,"state":"no_data"}]'
out_has '"status":"breached"'
# with data in both windows the flag changes nothing (00:59:30: fires on
# the burn, no state)
run slo-eval --spec "$TMP/n.yaml" --at 2026-11-01T00:59:30Z --format ndjson "$OX/burst.ndjson"
out_has '"burn_long":2,"burn_short":2,"firing":true}]'
# no event of the SLO at all: the page fires for no data, so the run
# fails (1) where it would be inconclusive (3)
sed 's/service == "checkout"/service == "nothing"/' "$TMP/n.yaml" >"$TMP/n0.yaml"
run slo-eval --spec "$TMP/n0.yaml" --format ndjson "$OX/burst.ndjson"
code_is 1
out_has '"status":"no_data"'
out_has '"firing":true,"state":"no_data"}]'
sed 's/service == "checkout"/service == "nothing"/' "$OX/alert-flags.yaml" >"$TMP/n1.yaml"
run slo-eval --spec "$TMP/n1.yaml" --format ndjson "$OX/burst.ndjson"
code_is 3
out_has '"alerts":[]'

case_ "burn-rate op gte fires at the threshold, gt only above it"
# four requests in 00:59 (one 200, three 503): both windows hold 3 bad of
# 4, burn = 0.75 / 0.5 = 1.5, the threshold exactly (budget 0.5).
printf '%s\n' '{"ts":"2026-11-01T00:59:01Z","service":"checkout","status":200}' \
    '{"ts":"2026-11-01T00:59:02Z","service":"checkout","status":503}' \
    '{"ts":"2026-11-01T00:59:03Z","service":"checkout","status":503}' \
    '{"ts":"2026-11-01T00:59:04Z","service":"checkout","status":503}' >"$TMP/edge.ndjson"
run slo-eval --spec "$OX/alert-flags.yaml" --format ndjson "$TMP/edge.ndjson"
out_has '"threshold":1.5,"burn_long":1.5,"burn_short":1.5,"firing":true}]'
sed 's/op: gte/op: gt/' "$OX/alert-flags.yaml" >"$TMP/gt.yaml"
run slo-eval --spec "$TMP/gt.yaml" --format ndjson "$TMP/edge.ndjson"
out_has '"threshold":1.5,"burn_long":1.5,"burn_short":1.5,"firing":false}]'
# a hair above, gt fires: threshold 1.4999
sed 's/threshold: 1.5/threshold: 1.4999/' "$TMP/gt.yaml" >"$TMP/gt2.yaml"
run slo-eval --spec "$TMP/gt2.yaml" --format ndjson "$TMP/edge.ndjson"
out_has '"threshold":1.4999,"burn_long":1.5,"burn_short":1.5,"firing":true}]'
# lt and lte fire under the threshold: valid, not evaluable
sed 's/op: gte/op: lte/' "$OX/alert-flags.yaml" >"$TMP/lte.yaml"
run slo-eval --validate "$TMP/lte.yaml"
code_is 0
run slo-eval --spec "$TMP/lte.yaml" "$TMP/edge.ndjson"
code_is 2
err_has "lte.yaml:41:21: slo 'when' cannot be evaluated: burn-rate op 'lte' fires under the threshold"

case_ "threshold op lte and lt at the value, in openslo/v1"
# checkout-latency.ndjson: latencies 100, 300, 50, 299 ms; value 300:
# lte counts 300 good (4/4), lt counts it bad (3/4).
cat >"$TMP/thr.yaml" <<'DOC'
apiVersion: openslo/v1
kind: SLO
metadata:
  name: thr
spec:
  indicator:
    metadata:
      name: thr-sli
    spec:
      thresholdMetric:
        metricSource:
          type: slokit
          spec:
            field: latency_ms
  timeWindow:
    - duration: 1d
      isRolling: true
  objectives:
    - op: lte
      value: 300
      target: 0.5
DOC
run slo-eval --spec "$TMP/thr.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":4,"good":4,"bad":0,"total":4,"sli":1,'
sed 's/op: lte/op: lt/' "$TMP/thr.yaml" >"$TMP/thr-lt.yaml"
run slo-eval --spec "$TMP/thr-lt.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":3,"good":3,"bad":1,"total":4,"sli":0.75,'

case_ "threshold op gt and gte: good above the value, the boundary exact"
# OpenSLO objectives[].op on a threshold metric: good when the value is
# above (gt) or at or above (gte) the threshold.  Latencies 100, 300, 50,
# 299 against 300: gt counts none good (0/4), gte the 300 (1/4); against
# 299: gt counts the 300 (1/4), gte the 300 and the 299 (2/4).
for op in gt gte; do
	sed "s/op: lte/op: $op/" "$TMP/thr.yaml" >"$TMP/thr-$op.yaml"
	sed 's/value: 300/value: 299/' "$TMP/thr-$op.yaml" >"$TMP/thr-$op-299.yaml"
	run slo-eval --validate "$TMP/thr-$op.yaml"
	code_is 0
done
run slo-eval --spec "$TMP/thr-gt.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":0,"good":0,"bad":4,"total":4,"sli":0,'
run slo-eval --spec "$TMP/thr-gte.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":1,"good":1,"bad":3,"total":4,"sli":0.25,'
run slo-eval --spec "$TMP/thr-gt-299.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":1,"good":1,"bad":3,"total":4,"sli":0.25,'
run slo-eval --spec "$TMP/thr-gte-299.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":2,"good":2,"bad":2,"total":4,"sli":0.5,'

case_ "threshold op gte over a mapped field (a Prometheus threshold metric)"
# The value comes from the mapping's field: sources maps the query to
# latency_ms of checkout events; gte 299 counts 300 and 299 (2/4), as
# the slokit source does above.
sed -e 's/type: slokit/type: Prometheus/' -e 's/field: latency_ms/query: request_latency/' \
    -e 's/op: lte/op: gte/' -e 's/value: 300/value: 299/' "$TMP/thr.yaml" >"$TMP/thr-prom.yaml"
printf 'sources:\n  - type: Prometheus\n    query: request_latency\n    where: service == "checkout"\n    field: latency_ms\n' >"$TMP/thr-src.yaml"
run slo-eval --spec "$TMP/thr-src.yaml" --spec "$TMP/thr-prom.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":2,"good":2,"bad":2,"total":4,"sli":0.5,'

case_ "threshold op gte and gt in openslo/v1alpha (the objective's op)"
# v1alpha-slokit.yaml's thresholdMetric form, one objective: latencies
# 100, 300, 50, 299 against 299: gte counts 300 and 299 (2/4), gt only
# 300 (1/4).
cat >"$TMP/alpha.yaml" <<'DOC'
apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: alpha-thr
spec:
  service: checkout
  budgetingMethod: Occurrences
  indicator:
    thresholdMetric:
      source: slokit
      queryType: field
      query: latency_ms
  objectives:
    - op: gte
      value: 299
      target: 0.5
  timeWindows:
    - count: 1
      unit: Day
      isRolling: true
DOC
run slo-eval --spec "$TMP/alpha.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":2,"good":2,"bad":2,"total":4,"sli":0.5,'
sed 's/op: gte/op: gt/' "$TMP/alpha.yaml" >"$TMP/alpha-gt.yaml"
run slo-eval --spec "$TMP/alpha-gt.yaml" --format ndjson "$OX/checkout-latency.ndjson"
out_has '"events":4,"good_events":1,"good":1,"bad":3,"total":4,"sli":0.25,'

case_ "threshold op gt and gte through rollups and -j: the same counts"
# Rollup rows decide good with the predicate slo-eval uses: evaluating
# the rows gives the events' verdict, boundary included (second method).
for f in thr-gt thr-gte thr-gt-299 thr-gte-299; do
	run slo-eval --spec "$TMP/$f.yaml" --format ndjson "$OX/checkout-latency.ndjson"
	cp "$TMP/out" "$TMP/$f.direct"
	run slo-ingest --rollup 1m --spec "$TMP/$f.yaml" "$OX/checkout-latency.ndjson"
	code_is 0
	cp "$TMP/out" "$TMP/$f.rolled"
	run slo-eval --spec "$TMP/$f.yaml" --format ndjson "$TMP/$f.rolled"
	is "$f: rollup rows = events" "$(grep -o '"good_events":[0-9]*,"good":[0-9]*,"bad":[0-9]*' "$TMP/out")" "$(grep -o '"good_events":[0-9]*,"good":[0-9]*,"bad":[0-9]*' "$TMP/$f.direct")"
done
# 20,000 events, latencies 298..302 in turn (4,000 each): against 300,
# gt counts 301 and 302 good (8,000), gte also 300 (12,000); the same
# with -j 1 and -j 2, and over the rows of -j 2.
awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "{\"ts\":%d,\"service\":\"checkout\",\"latency_ms\":%d}\n", 1793491200 + i, 298 + i % 5 }' >"$TMP/many.ndjson"
for op in gt gte; do
	case $op in gt) want=8000 ;; gte) want=12000 ;; esac
	for j in 1 2; do
		run slo-eval -j $j --spec "$TMP/thr-$op.yaml" --format ndjson "$TMP/many.ndjson"
		out_has "\"events\":20000,\"good_events\":$want,"
		run slo-ingest -j $j --rollup 1m --spec "$TMP/thr-$op.yaml" "$TMP/many.ndjson"
		cp "$TMP/out" "$TMP/many-$op-$j.rolled"
		run slo-eval --spec "$TMP/thr-$op.yaml" --format ndjson "$TMP/many-$op-$j.rolled"
		out_has "\"good_events\":$want,"
	done
done
