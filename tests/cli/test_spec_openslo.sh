# OpenSLO documents as people publish them (issue 18): the v1 README's own
# examples and a list of documents validate; what slokit cannot compute
# from events is named, with its FILE:LINE:COL, only when evaluated.
OX="$FX/openslo"

case_ "the OpenSLO README's examples and a list of documents validate"
run slo-eval --validate "$OX/spec-examples.yaml" "$OX/list.yaml"
code_is 0
err_lacks "error"

case_ "an SLO over a Datadog source is refused for evaluation at its type"
run slo-eval --spec "$OX/spec-examples.yaml" "$OX/checkout.ndjson"
code_is 2
err_has "spec-examples.yaml:37:19: slo 'foo-slo' cannot be evaluated: SLI 'foo-error': metric source 'Datadog' has no mapping to events"

case_ "a list of documents evaluates: free severities, op gt, minutes slices"
# checkout.ndjson: 4 requests, one 503: SLI 3/4 = 0.75; budget 0.001 of
# 4 events = 0.004, so consumed 1 / 0.004 = 250 times (burn 250).  One
# 5-minute slice holds all four (0.75 < timeSliceTarget 0.95): 0 of 1
# slices good.  High pages, warning is a ticket (slo-spec(5)).
run slo-eval --spec "$OX/list.yaml" --format ndjson "$OX/checkout.ndjson"
code_is 1
out_has '"slo":"checkout-availability","group":{},"status":"breached"'
out_has '"good":3,"bad":1,"total":4,"sli":0.75'
out_has '"consumed":250'
out_has '{"severity":"page","long":"1h","short":"5m","threshold":14.4'
out_has '{"severity":"ticket","long":"3d","short":"6h","threshold":1,'
out_has '"slices":{"good":0,"total":1,'
out_has '"alert_policy":"google-7d"'

case_ "a list holding something else than documents is refused where it is"
printf -- '- apiVersion: openslo/v1\n  kind: Service\n  metadata: {name: s}\n  spec: {}\n- 42\n' >"$TMP/list.yaml"
run slo-eval --validate "$TMP/list.yaml"
code_is 2
err_has "list.yaml:5:3: expected an OpenSLO document"

case_ "OpenSLO's four ops; anything else is refused with a suggestion"
sed 's/op: gt$/op: greater/' "$OX/list.yaml" >"$TMP/op.yaml"
run slo-eval --validate "$TMP/op.yaml"
code_is 2
err_has "op.yaml:40:11: unknown op 'greater': expected gte, gt, lte or lt"

case_ "openslo/v1alpha: Sloth's example validates, and is named when evaluated"
run slo-eval --validate "$OX/v1alpha-sloth.yaml" "$OX/v1alpha-slokit.yaml"
code_is 0
run slo-eval --spec "$OX/v1alpha-sloth.yaml" "$OX/checkout.ndjson"
code_is 2
err_has "v1alpha-sloth.yaml:16:19: slo 'sloth-slo-my-service' cannot be evaluated: metric source 'prometheus'"

case_ "openslo/v1alpha with a slokit source evaluates: op boundaries, a calendar week"
# checkout-latency.ndjson: latencies 100, 300, 50, 299 ms.
# fast (lte 100): 100 and 50 good, 2/4 = 0.5.  usable (lt 300): 300 is
# bad at the boundary, 3/4 = 0.75.  The calendar week in New York starts
# Monday 2026-10-26 00:00 EDT = 04:00Z (DST ends 2026-11-01).
# availability: one 503 of 4, 0.75.
run slo-eval --spec "$OX/v1alpha-slokit.yaml" --format ndjson "$OX/checkout-latency.ndjson"
code_is 1
out_has '"slo":"checkout-latency/fast","group":{},"status":"warning"'
out_has '"from":"2026-10-26T04:00:00Z"'
out_has '"target":0.5,"events":4,"good_events":2,"good":2,"bad":2,"total":4,"sli":0.5,'
out_has '"slo":"checkout-latency/usable"'
out_has '"target":0.9,"events":4,"good_events":3,"good":3,"bad":1,"total":4,"sli":0.75,'
out_has '"slo":"checkout-availability","group":{},"status":"breached","at":"2026-11-01T00:03:10Z","window":"28d"'

case_ "openslo/v1alpha refuses what its model refuses, where it is"
printf 'apiVersion: openslo/v1alpha\nkind: SLI\nmetadata: {name: x}\nspec: {}\n' >"$TMP/a1.yaml"
run slo-eval --validate "$TMP/a1.yaml"
code_is 2
err_has "a1.yaml:2:7: kind 'SLI' is not in openslo/v1alpha, whose kinds are SLO and Service"
sed 's/source: prometheus/source: prom-1/' "$OX/v1alpha-sloth.yaml" >"$TMP/a2.yaml"
run slo-eval --validate "$TMP/a2.yaml"
code_is 2
err_has "a2.yaml:16:19: source 'prom-1': letters only"
sed 's/unit: Day/unit: Days/' "$OX/v1alpha-sloth.yaml" >"$TMP/a3.yaml"
run slo-eval --validate "$TMP/a3.yaml"
code_is 2
err_has "a3.yaml:26:13: unknown unit 'Days'; did you mean 'Day'?"
grep -v 'service: my-service' "$OX/v1alpha-sloth.yaml" >"$TMP/a4.yaml"
run slo-eval --validate "$TMP/a4.yaml"
code_is 2
err_has "a4.yaml:11:3: missing 'service'"

case_ "a mapping file makes foreign SLIs evaluable without editing them"
# localhost.ndjson, service localhost: statuses 200, 302, 404, 500 and
# latencies 250, 251, 10, 900 ms; one event of another service.
# localhost-requests: good 2xx|3xx = 200 and 302, total = localhost's 4:
# 2/4 = 0.5.  metrics-latency (op lte, value 250): 250 (at the value,
# good with lte) and 10 good, 251 and 900 bad: 2/4 = 0.5.
run slo-eval --spec "$OX/sources.yaml" --spec "$OX/prometheus.yaml" --format ndjson "$OX/localhost.ndjson"
code_is 1
out_has '"slo":"localhost-requests","group":{}'
out_has '"target":0.9,"events":4,"good_events":2,"good":2,"bad":2,"total":4,"sli":0.5,'
out_has '"slo":"metrics-latency","group":{}'
out_has '"target":0.5,"events":4,"good_events":2,"good":2,"bad":2,"total":4,"sli":0.5,'

case_ "without the mapping: valid, and the source is named with the mapping it needs"
run slo-eval --validate "$OX/prometheus.yaml"
code_is 0
run slo-eval --spec "$OX/prometheus.yaml" "$OX/localhost.ndjson"
code_is 2
err_has "prometheus.yaml:21:19: slo 'localhost-requests' cannot be evaluated: SLI 'localhost-good': metric source 'Prometheus' has no mapping to events: add one to a spec file, such as 'sources: [{type: Prometheus, query: 'sum(localhost_server_requests"
# half a mapping: the total's query is not matched
head -7 "$OX/sources.yaml" >"$TMP/half.yaml"
run slo-eval --spec "$TMP/half.yaml" --spec "$OX/prometheus.yaml" "$OX/localhost.ndjson"
code_is 2
err_has "prometheus.yaml:27:19: slo 'localhost-requests' cannot be evaluated: SLI 'localhost-good': metric source 'Prometheus' has no mapping"

case_ "a mapping is checked where it is written"
printf 'sources:\n  - where: ok\n' >"$TMP/m1.yaml"
run slo-eval --validate "$TMP/m1.yaml"
code_is 2
err_has "m1.yaml:2:5: a mapping matches by 'dataSource', 'type' or 'query'"
printf 'sources:\n  - type: Prometheus\n' >"$TMP/m2.yaml"
run slo-eval --validate "$TMP/m2.yaml"
code_is 2
err_has "m2.yaml:2:5: a mapping gives 'where'"
printf 'sources:\n  - type: Prometheus\n    wher: ok\n' >"$TMP/m3.yaml"
run slo-eval --validate "$TMP/m3.yaml"
code_is 2
err_has "m3.yaml:3:5: unknown key 'wher'; did you mean 'where'?"
printf 'sources:\n  - type: Prometheus\n    where: "status >"\n' >"$TMP/m4.yaml"
run slo-eval --validate "$TMP/m4.yaml"
code_is 2
err_has "m4.yaml:3:"
err_has "invalid expression"

case_ "the same mapping serves Sloth's openslo/v1alpha SLO (source and query)"
# checkout.ndjson under Sloth's SLI mapped: good = status not 5xx or 429
# (its code!~"(5..|429)"), total = every request: 200, 200, 503, 404:
# 3/4 = 0.75.
cat >"$TMP/sloth-map.yaml" <<'MAP'
sources:
  - type: prometheus
    query: sum(rate(http_request_duration_seconds_count{job="myservice",code!~"(5..|429)"}[{{.window}}]))
    where: status < 500 && status != 429
  - type: prometheus
    query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
    where: "true"
MAP
run slo-eval --spec "$TMP/sloth-map.yaml" --spec "$OX/v1alpha-sloth.yaml" --format ndjson "$OX/checkout.ndjson"
code_is 1
out_has '"slo":"sloth-slo-my-service","group":{},"status":"breached"'
out_has '"window":"30d"'
out_has '"target":0.999,"events":4,"good_events":3,"good":3,"bad":1,"total":4,"sli":0.75,'

case_ "an SLO without timeWindow is valid, and named at its spec when evaluated"
printf 'sources:\n  - type: Datadog\n    where: "true"\n' >"$TMP/dd.yaml"
run slo-eval --spec "$TMP/dd.yaml" --spec "$OX/spec-examples.yaml" "$OX/checkout.ndjson"
code_is 2
err_has "spec-examples.yaml:25:1: slo 'foo-slo' cannot be evaluated: no 'timeWindow': slokit needs the window to evaluate over"

case_ "examples/eval: the Prometheus SLO through sources.yaml = the slokit-source SLO"
# Second method: openslo-prometheus.yaml + sources.yaml must give the
# verdict openslo.yaml gives (the same SLI written with slokit sources),
# byte for byte but the SLO's name (also in the scorecard's worst_slo:
# the example's deploy events make a scorecard).
run slo-eval --spec "$EX/eval/openslo.yaml" --format ndjson "$EX/eval/events.ndjson"
sed 's/"slo":"[^"]*"//; s/"worst_slo":"[^"]*"//' "$TMP/out" >"$TMP/want"
run slo-eval --spec "$EX/eval/sources.yaml" --spec "$EX/eval/openslo-prometheus.yaml" --format ndjson "$EX/eval/events.ndjson"
out_has '"slo":"checkout-availability-prometheus"'
sed 's/"slo":"[^"]*"//; s/"worst_slo":"[^"]*"//' "$TMP/out" >"$TMP/got"
is "verdicts" "$(cat "$TMP/got")" "$(cat "$TMP/want")"
run slo-eval --validate "$EX/eval/openslo-prometheus.yaml"
code_is 0

case_ "the first mapping that matches wins, over files in the order given"
# localhost.ndjson: a catch-all 'type: Prometheus' item given first makes
# every source's where 'status == 200': good 1 (the 200), total 1: sli 1.
printf 'sources:\n  - type: PROMETHEUS\n    where: status == 200\n' >"$TMP/first.yaml"
run slo-eval --spec "$TMP/first.yaml" --spec "$OX/sources.yaml" --spec "$OX/prometheus.yaml" --format ndjson "$OX/localhost.ndjson"
out_has '"slo":"localhost-requests","group":{},"status":"ok"'
out_has '"target":0.9,"events":1,"good_events":1,"good":1,"bad":0,"total":1,"sli":1,'
run slo-eval --spec "$OX/sources.yaml" --spec "$TMP/first.yaml" --spec "$OX/prometheus.yaml" --format ndjson "$OX/localhost.ndjson"
out_has '"target":0.9,"events":4,"good_events":2,"good":2,"bad":2,"total":4,"sli":0.5,'
