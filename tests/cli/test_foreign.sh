# Sloth's prometheus/v1 specs and Pyrra's ServiceLevelObjective (issue
# 18.4): the projects' own published examples (each fixture cites its
# page) load as written, their PromQL SLIs evaluate through the sources:
# mapping or the document's annotations, and what cannot be carried over
# is named with FILE:LINE:COL and a reason.
FO="$FX/foreign"

case_ "Sloth and Pyrra examples validate as published"
for f in sloth-getting-started sloth-k8s-apiserver sloth-raw-plugin pyrra-nginx pyrra-more; do
	run slo-eval --validate "$FO/$f.yaml"
	code_is 0
done
run slo-eval --validate "$FO/sources.yaml" "$FO/sloth-getting-started.yaml" "$FO/sloth-k8s-apiserver.yaml" "$FO/pyrra-nginx.yaml" "$FO/pyrra-more.yaml"
code_is 0

case_ "Sloth events SLI through the mapping: name, objective, 30d, Sloth's four alerts"
# requests.ndjson: 6 requests; the mapping's total for myservice is
# service == "checkout" (5), bad = status >= 500 || status == 429: the
# 503 and the 429, so SLI 3/5 = 0.6.  Budget 0.001 x 5 = 0.005; consumed
# 2 / 0.005 = 400.  Sloth's 30d windows (sloth.dev/usage/slo-period-windows,
# SRE Workbook shares): 2 % in 1h = 0.02 x 720h / 1h = 14.4, 5 % in 6h =
# 6, 10 % in 1d = 3, 10 % in 3d = 1; page, page, ticket, ticket.
run slo-eval --spec "$FO/sources.yaml" --spec "$FO/sloth-getting-started.yaml" --format ndjson "$FO/requests.ndjson"
code_is 1
out_has '"slo":"myservice-requests-availability","group":{},"status":"breached"'
out_has '"window":"30d"'
out_has '"target":0.999,"events":5,"good_events":3,"good":3,"bad":2,"total":5,"sli":0.6,'
out_has '"consumed":400,'
out_has '"alert_policy":"sloth-30d","alerts":[{"severity":"page","long":"1h","short":"5m","threshold":14.4,'
out_has '{"severity":"page","long":"6h","short":"30m","threshold":6,'
out_has '{"severity":"ticket","long":"1d","short":"2h","threshold":3,'
out_has '{"severity":"ticket","long":"3d","short":"6h","threshold":1,'

case_ "a block-scalar query matches the mapping's text; ticket_alert disable drops the ticket rules"
# requests-latency: bad = latency_ms > 400 (1000 and 1500 of the five
# checkout requests): 3/5 = 0.6 against 99 %; its ticket_alert has
# disable: true, so only the two page rules remain.
run slo-eval --spec "$FO/sources.yaml" --spec "$FO/sloth-k8s-apiserver.yaml" --format ndjson "$FO/requests.ndjson"
code_is 1
out_has '"slo":"k8s-apiserver-requests-latency","group":{},"status":"breached"'
out_has '"target":0.99,"events":5,"good_events":3,"good":3,"bad":2,"total":5,"sli":0.6,'
out_has '{"severity":"page","long":"6h","short":"30m","threshold":6,"burn_long":40,"burn_short":40,"firing":true}],'
grep '"slo":"k8s-apiserver-requests-latency"' "$TMP/out" >"$TMP/lat"
is "ticket rules of requests-latency" "$(grep -c ticket "$TMP/lat")" 0
is "rules of requests-latency" "$(grep -o '"severity"' "$TMP/lat" | wc -l | tr -d ' ')" 2

case_ "a Sloth query without a mapping is named at its node with the mapping it needs"
run slo-eval --validate "$FO/sloth-k8s-apiserver.yaml"
code_is 0
run slo-eval --spec "$FO/sloth-k8s-apiserver.yaml" "$FO/requests.ndjson"
code_is 2
err_has "sloth-k8s-apiserver.yaml:16:22: slo 'k8s-apiserver-requests-availability' cannot be evaluated: metric source 'Prometheus' has no mapping to events: add one to a spec file, such as 'sources: [{type: Prometheus, query: 'sum(rate(apiserver_request_total{code=~\"(5..|429..."

case_ "Sloth raw and plugin SLIs are valid and not evaluable, with the reason"
run slo-eval --spec "$FO/sloth-raw-plugin.yaml" "$FO/requests.ndjson"
code_is 2
err_has "sloth-raw-plugin.yaml:18:7: slo 'home-wifi-wifi-client-satisfaction' cannot be evaluated: a raw SLI is an error ratio computed in Prometheus, which events do not carry"
printf 'version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli:\n      plugin: {id: "sloth-common/availability"}\n' >"$TMP/plugin.yaml"
run slo-eval --spec "$TMP/plugin.yaml" "$FO/requests.ndjson"
code_is 2
err_has "plugin.yaml:7:20: slo 's-a' cannot be evaluated: SLI plugin 'sloth-common/availability' builds its queries inside Sloth"

case_ "Sloth: what cannot be carried over is refused where it is written"
sed 's/version: "prometheus\/v1"/version: "prometheus\/v2"/' "$FO/sloth-getting-started.yaml" >"$TMP/v2.yaml"
run slo-eval --validate "$TMP/v2.yaml"
code_is 2
err_has "v2.yaml:5:10: unsupported version 'prometheus/v2': expected 'prometheus/v1' (a Sloth spec)"
sed 's/objective: 99.9/objective: 100/' "$FO/sloth-getting-started.yaml" >"$TMP/o100.yaml"
run slo-eval --validate "$TMP/o100.yaml"
code_is 2
err_has "o100.yaml:17:16: objective '100' leaves no error budget"
sed 's/error_query:/eror_query:/' "$FO/sloth-getting-started.yaml" >"$TMP/typo.yaml"
run slo-eval --validate "$TMP/typo.yaml"
code_is 2
err_has "typo.yaml:21:9: unknown key 'eror_query'; did you mean 'error_query'?"
sed 's/        total_query:.*//' "$FO/sloth-getting-started.yaml" >"$TMP/nototal.yaml"
run slo-eval --validate "$TMP/nototal.yaml"
code_is 2
err_has "nototal.yaml:21:9: missing 'total_query'"
printf 'version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli:\n      events: {error_query: e, total_query: t}\n      raw: {error_ratio_query: r}\n' >"$TMP/both.yaml"
run slo-eval --validate "$TMP/both.yaml"
code_is 2
err_has "both.yaml:8:7: an SLI is one of 'events', 'raw' or 'plugin'"
printf 'version: "prometheus/v1"\nslos: []\n' >"$TMP/nosvc.yaml"
run slo-eval --validate "$TMP/nosvc.yaml"
code_is 2
err_has "nosvc.yaml:1:1: missing 'service'"
printf 'version: "prometheus/v1"\nservice: s\nslos: []\n' >"$TMP/noslo.yaml"
run slo-eval --validate "$TMP/noslo.yaml"
code_is 2
err_has "noslo.yaml:3:7: expected at least one SLO"
sed 's/disable: true/disable: maybe/' "$FO/sloth-k8s-apiserver.yaml" >"$TMP/dis.yaml"
run slo-eval --validate "$TMP/dis.yaml"
code_is 2
err_has "dis.yaml:52:18:"

case_ "Pyrra ratio through the mapping: 4w window, Pyrra's default burn rates"
# errors = status >= 500 (503 of the five checkout requests; search's
# 500 is outside total = service == "checkout"): 4/5 = 0.8.  Pyrra's
# windows for 28d (slo/rules.go Windows): critical 14x 1h/5m, critical
# 7x 6h/30m, warning 2x 1d/2h, warning 1x 4d/6h; critical pages,
# warning is a ticket.
run slo-eval --spec "$FO/sources.yaml" --spec "$FO/pyrra-nginx.yaml" --format ndjson "$FO/requests.ndjson"
code_is 1
out_has '"slo":"nginx-api-errors","group":{},"status":"breached"'
out_has '"window":"28d"'
out_has '"target":0.999,"events":5,"good_events":4,"good":4,"bad":1,"total":5,"sli":0.8,'
out_has '"alert_policy":"pyrra-28d","alerts":[{"severity":"page","long":"1h","short":"5m","threshold":14,'
out_has '{"severity":"page","long":"6h","short":"30m","threshold":7,'
out_has '{"severity":"ticket","long":"1d","short":"2h","threshold":2,'
out_has '{"severity":"ticket","long":"4d","short":"6h","threshold":1,'

case_ "Pyrra latencyNative and latency through annotations; windows scaled to 2w"
# latencyNative 200ms over service == "checkout": 100, 200 (le: at the
# bound is good), 50 good; 1000, 1500 bad: 3/5 = 0.6, grouped by
# service.  latency: slokit.dev/good latency_ms <= 1000: 4/5 = 0.8.
# Windows for 2w = 14d (Pyrra rounds each to the minute, halves away
# from zero): 14d/672 = 30m, 14d/8064 = 2.5m -> 3m; 14d/112 = 3h,
# 14d/1344 = 15m; 14d/28 = 12h, 14d/336 = 1h; 14d/7 = 2d, 14d/112 = 3h.
awk '/^---$/{n++} n<2' "$FO/pyrra-more.yaml" >"$TMP/pm.yaml"
run slo-eval --spec "$TMP/pm.yaml" --format ndjson "$FO/requests.ndjson"
code_is 1
out_has '"slo":"pyrra-connect-latency","group":{"service":"checkout"},"status":"breached"'
out_has '"target":0.99,"events":5,"good_events":3,"good":3,"bad":2,"total":5,"sli":0.6,'
out_has '"slo":"apiserver-read-resource-request-latency","group":{},"status":"breached"'
out_has '"target":0.99,"events":5,"good_events":4,"good":4,"bad":1,"total":5,"sli":0.8,'
out_has '"alert_policy":"pyrra-14d","alerts":[{"severity":"page","long":"30m","short":"3m","threshold":14,'
out_has '{"severity":"page","long":"3h","short":"15m","threshold":7,'
out_has '{"severity":"ticket","long":"12h","short":"1h","threshold":2,'
out_has '{"severity":"ticket","long":"2d","short":"3h","threshold":1,'

case_ "Pyrra bool_gauge is valid and not evaluable; alerting disabled leaves no alerts"
run slo-eval --spec "$FO/pyrra-more.yaml" "$FO/requests.ndjson"
code_is 2
err_has "pyrra-more.yaml:62:5: slo 'prometheus-blackbox-probe-success' cannot be evaluated: a bool_gauge SLI averages samples of a 0/1 gauge"
sed 's/^  window: 4w/  window: 4w\n  alerting:\n    disabled: true/' "$FO/pyrra-nginx.yaml" >"$TMP/off.yaml"
run slo-eval --spec "$FO/sources.yaml" --spec "$TMP/off.yaml" --format ndjson "$FO/requests.ndjson"
out_has '"alert_policy":null,"alerts":[]'
sed 's/^  window: 4w/  window: 4w\n  alerting:\n    burnrates: false/' "$FO/pyrra-nginx.yaml" >"$TMP/off2.yaml"
run slo-eval --spec "$FO/sources.yaml" --spec "$TMP/off2.yaml" --format ndjson "$FO/requests.ndjson"
out_has '"alert_policy":null,"alerts":[]'

case_ "Pyrra: what cannot be carried over is refused where it is written"
# Pyrra's own nginx.yaml latency document has a spec.latency that its
# CRD (servicelevelobjective_types.go) does not: an unknown key.
printf 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata: {name: x}\nspec:\n  target: "90"\n  latency: "1"\n  window: 4w\n  indicator: {ratio: {errors: {metric: e}, total: {metric: t}}}\n' >"$TMP/lat.yaml"
run slo-eval --validate "$TMP/lat.yaml"
code_is 2
err_has "lat.yaml:6:3: unknown key 'latency'"
sed "s/target: '99.9'/target: '0.999'/" "$FO/pyrra-nginx.yaml" >"$TMP/t.yaml"
run slo-eval --validate "$TMP/t.yaml"
code_is 0
sed "s/target: '99.9'/target: '100'/" "$FO/pyrra-nginx.yaml" >"$TMP/t100.yaml"
run slo-eval --validate "$TMP/t100.yaml"
code_is 2
err_has "t100.yaml:13:11: target '100' out of range: a percentage above 0 and below 100"
sed "s/target: '99.9'/target: 'high'/" "$FO/pyrra-nginx.yaml" >"$TMP/th.yaml"
run slo-eval --validate "$TMP/th.yaml"
code_is 2
err_has "th.yaml:13:11: target 'high': expected a percentage such as \"99.9\""
sed 's/window: 4w/window: 4x/' "$FO/pyrra-nginx.yaml" >"$TMP/w.yaml"
run slo-eval --validate "$TMP/w.yaml"
code_is 2
err_has "w.yaml:14:12: invalid duration '4x'"
sed 's/kind: ServiceLevelObjective/kind: ServiceLevelObjectives/' "$FO/pyrra-nginx.yaml" >"$TMP/k.yaml"
run slo-eval --validate "$TMP/k.yaml"
code_is 2
err_has "k.yaml:5:7: unknown kind 'ServiceLevelObjectives'; did you mean 'ServiceLevelObjective'?"
printf 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata: {name: x}\nspec:\n  target: "90"\n  window: 4w\n  indicator:\n    ratio: {errors: {metric: e}, total: {metric: t}}\n    latency: {success: {metric: s}, total: {metric: t}}\n' >"$TMP/two.yaml"
run slo-eval --validate "$TMP/two.yaml"
code_is 2
err_has "two.yaml:9:5: an indicator is one of ratio, latency, latencyNative or bool_gauge"
grep -v 'errors:\|status=~' "$FO/pyrra-nginx.yaml" >"$TMP/noerr.yaml"
run slo-eval --validate "$TMP/noerr.yaml"
code_is 2
err_has "noerr.yaml:17:7: missing 'errors'"

case_ "annotations: checked where written, and nearer than the sources: file"
sed 's/^  namespace: monitoring/  namespace: monitoring\n  annotations:\n    slokit.dev\/wher: "true"/' "$FO/pyrra-nginx.yaml" >"$TMP/a1.yaml"
run slo-eval --validate "$TMP/a1.yaml"
code_is 2
err_has "a1.yaml:10:16: unknown annotation 'wher'; did you mean 'where'?"
sed 's/^  namespace: monitoring/  namespace: monitoring\n  annotations:\n    slokit.dev\/bad: "status >"/' "$FO/pyrra-nginx.yaml" >"$TMP/a2.yaml"
run slo-eval --validate "$TMP/a2.yaml"
code_is 2
err_has "a2.yaml:10:"
err_has "invalid expression"
# An annotated bad wins over sources.yaml's errors mapping (status >=
# 500), and the total still comes from sources.yaml (service ==
# "checkout", 5 requests): bad = status == 200, the three 200s: 2/5 = 0.4.
sed 's/^  namespace: monitoring/  namespace: monitoring\n  annotations:\n    slokit.dev\/bad: status == 200/' "$FO/pyrra-nginx.yaml" >"$TMP/a3.yaml"
run slo-eval --spec "$FO/sources.yaml" --spec "$TMP/a3.yaml" --format ndjson "$FO/requests.ndjson"
out_has '"target":0.999,"events":5,"good_events":2,"good":2,"bad":3,"total":5,"sli":0.4,'
sed 's/^  namespace: monitoring/  namespace: monitoring\n  annotations:\n    slokit.dev\/field: latency_ms/' "$FO/pyrra-nginx.yaml" >"$TMP/a4.yaml"
run slo-eval --validate "$TMP/a4.yaml"
code_is 2
err_has "a4.yaml:10:23: annotation 'slokit.dev/field' is for a threshold metric; this SLI is a ratio metric"

case_ "slo-spec(5): the SLOTH and PYRRA worked examples evaluate as the page says"
# Each literal display of a section, in order, into $TMP/SECTION.N.yaml.
for sec in SLOTH PYRRA; do
	awk -v sec="$sec" -v d="$TMP" '
	/^\.Sh / { on = ($2 == sec); next }
	on && /^\.Bd -literal/ { n++; f = d "/" sec "." n ".yaml"; printf "" >f; lit = 1; next }
	on && /^\.Ed/ { lit = 0; next }
	lit { s = $0; gsub(/\\e/, "\\", s); gsub(/\\&/, "", s); print s >>f }
	' "$top/man/slo-spec.5"
done
# SLOTH: the spec (1) and its mapping (2); events.ndjson's checkout
# requests, with the verdict the slokit form gives for the same SLO
# (slos.yaml's checkout-availability counts what status < 500 leaves).
run slo-eval --spec "$TMP/SLOTH.2.yaml" --spec "$TMP/SLOTH.1.yaml" --format ndjson "$EX/eval/events.ndjson"
out_has '"slo":"checkout-requests-availability","group":{}'
out_has '"window":"30d"'
out_has '"target":0.999,"events":1728,"good_events":1719,'
out_has '"alert_policy":"sloth-30d","alerts":[{"severity":"page","long":"1h","short":"5m","threshold":14.4,'
out_has '{"severity":"page","long":"6h","short":"30m","threshold":6,'
out_lacks '"ticket"'
grep -v '"scorecard"' "$TMP/out" >"$TMP/sloth-v1.out"
v1code=$(cat "$TMP/code")
# SLOTH's third display: the same SLO as a PrometheusServiceLevel, with
# the same mapping, gives the same verdict line for line.
run slo-eval --spec "$TMP/SLOTH.2.yaml" --spec "$TMP/SLOTH.3.yaml" --format ndjson "$EX/eval/events.ndjson"
code_is "$v1code"
grep -v '"scorecard"' "$TMP/out" >"$TMP/sloth-k8s.out"
out_has '"slo":"checkout-requests-availability","group":{}'
is "SLOTH: the resource = the spec" "$(cat "$TMP/sloth-k8s.out")" "$(cat "$TMP/sloth-v1.out")"
# PYRRA: one document, no mapping file.  Its verdict equals the slokit
# form's latency SLO over the same events (second method), from the
# budgeting method to the alerts, which differ by design.
run slo-eval --spec "$TMP/PYRRA.1.yaml" --format ndjson "$EX/eval/events.ndjson"
out_has '"slo":"checkout-latency-pyrra","group":{}'
out_has '"window":"14d"'
out_has '"alert_policy":"pyrra-14d","alerts":[{"severity":"page","long":"30m","short":"3m","threshold":14,'
grep -v '"scorecard"' "$TMP/out" | sed -e 's/.*"budgeting"//' -e 's/"alert_policy".*//' >"$TMP/got"
printf 'slos:\n  - name: x\n    where: service == "checkout"\n    latency: {threshold: 300ms}\n    objective: 99\n    window: 14d\n' >"$TMP/lat14.yaml"
run slo-eval --spec "$TMP/lat14.yaml" --format ndjson "$EX/eval/events.ndjson"
grep -v '"scorecard"' "$TMP/out" | sed -e 's/.*"budgeting"//' -e 's/"alert_policy".*//' >"$TMP/want"
is "pyrra example = the ad-hoc SLO" "$(cat "$TMP/got")" "$(cat "$TMP/want")"

case_ "Sloth's no-alerts example: both alerts disabled leave none"
# A catch-all mapping (any Prometheus query: status >= 500) makes it
# evaluable; it maps both queries, so total = the 503 and search's 500,
# both bad: 0 good of 2.
printf 'sources:\n  - type: Prometheus\n    where: status >= 500\n' >"$TMP/any.yaml"
run slo-eval --spec "$TMP/any.yaml" --spec "$FO/sloth-no-alerts.yaml" --format ndjson "$FO/requests.ndjson"
out_has '"slo":"myapp-http-availability"'
out_has '"target":0.9999,"events":2,"good_events":0,'
out_has '"alert_policy":null,"alerts":[]'

case_ "Sloth's Kubernetes form (sloth.slok.dev/v1 PrometheusServiceLevel) validates as published"
for f in sloth-k8s-getting-started sloth-k8s-home-wifi; do
	run slo-eval --validate "$FO/$f.yaml"
	code_is 0
done

case_ "Sloth's Kubernetes form evaluates as its prometheus/v1 twin does"
# k8s-getting-started.yml is getting-started.yml as a resource (Sloth's
# own comment says so): the same queries, so the same mapping, and the
# verdict of the prometheus/v1 spec (second method; its figures by hand
# in the first Sloth case above: 3/5, consumed 400, 14.4/6/3/1).
run slo-eval --spec "$FO/sources.yaml" --spec "$FO/sloth-getting-started.yaml" --format ndjson "$FO/requests.ndjson"
grep -v '"scorecard"' "$TMP/out" >"$TMP/v1.out"
run slo-eval --spec "$FO/sources.yaml" --spec "$FO/sloth-k8s-getting-started.yaml" --format ndjson "$FO/requests.ndjson"
code_is 1
grep -v '"scorecard"' "$TMP/out" >"$TMP/k8s.out"
out_has '"slo":"myservice-requests-availability","group":{},"status":"breached"'
out_has '"target":0.999,"events":5,"good_events":3,"good":3,"bad":2,"total":5,"sli":0.6,'
out_has '"alert_policy":"sloth-30d","alerts":[{"severity":"page","long":"1h","short":"5m","threshold":14.4,'
out_has '{"severity":"ticket","long":"3d","short":"6h","threshold":1,'
is "k8s form = prometheus/v1 form" "$(cat "$TMP/k8s.out")" "$(cat "$TMP/v1.out")"

case_ "Sloth's Kubernetes form: an unmapped query is named where it is written"
run slo-eval --spec "$FO/sloth-k8s-home-wifi.yaml" "$FO/requests.ndjson"
code_is 2
err_has "sloth-k8s-home-wifi.yaml:31:23: slo 'home-wifi-good-wifi-client-satisfaction' cannot be evaluated: metric source 'Prometheus' has no mapping to events"

case_ "Sloth's Kubernetes form: pageAlert disable, and the resource's annotations map it"
# The annotations stand for both queries: bad = status >= 500 (the 503
# and search's 500), total = every request (6): 4/6 good.  pageAlert
# disable: true leaves the two ticket rules.
sed -e 's/^  namespace: monitoring$/  namespace: monitoring\n  annotations:\n    slokit.dev\/bad: status >= 500\n    slokit.dev\/where: "true"/' \
    -e 's/^        pageAlert:$/        pageAlert:\n          disable: true/' \
    "$FO/sloth-k8s-getting-started.yaml" >"$TMP/k8s-ann.yaml"
run slo-eval --spec "$TMP/k8s-ann.yaml" --format ndjson "$FO/requests.ndjson"
code_is 1
out_has '"target":0.999,"events":6,"good_events":4,"good":4,"bad":2,"total":6,'
out_has '"alert_policy":"sloth-30d","alerts":[{"severity":"ticket","long":"1d","short":"2h","threshold":3,'
out_lacks '"severity":"page"'

case_ "Sloth's Kubernetes form: what cannot be carried over is refused where it is written"
K8S="$FO/sloth-k8s-getting-started.yaml"
sed 's/errorQuery:/error_query:/' "$K8S" >"$TMP/snake.yaml"
run slo-eval --validate "$TMP/snake.yaml"
code_is 2
err_has "snake.yaml:29:11: unknown key 'error_query'; did you mean 'errorQuery'?"
sed 's/pageAlert:/page_alert:/' "$K8S" >"$TMP/snake2.yaml"
run slo-eval --validate "$TMP/snake2.yaml"
code_is 2
err_has "snake2.yaml:37:9: unknown key 'page_alert'; did you mean 'pageAlert'?"
sed 's/kind: PrometheusServiceLevel/kind: PrometheusServiceLevels/' "$K8S" >"$TMP/kind.yaml"
run slo-eval --validate "$TMP/kind.yaml"
code_is 2
err_has "kind.yaml:13:7: unknown kind 'PrometheusServiceLevels'; did you mean 'PrometheusServiceLevel'?"
sed 's/^  service: "myservice"$/  servce: "myservice"/' "$K8S" >"$TMP/svc.yaml"
run slo-eval --validate "$TMP/svc.yaml"
code_is 2
err_has "svc.yaml:18:3: unknown key 'servce'; did you mean 'service'?"
grep -v '^  service:' "$K8S" >"$TMP/nosvc2.yaml"
run slo-eval --validate "$TMP/nosvc2.yaml"
code_is 2
err_has "nosvc2.yaml:18:3: missing 'service'"
sed 's/objective: 99.9/objective: 100/' "$K8S" >"$TMP/k100.yaml"
run slo-eval --validate "$TMP/k100.yaml"
code_is 2
err_has "k100.yaml:25:18: objective '100' leaves no error budget"
sed 's/^          totalQuery:.*//' "$K8S" >"$TMP/ktot.yaml"
run slo-eval --validate "$TMP/ktot.yaml"
code_is 2
err_has "ktot.yaml:29:11: missing 'totalQuery'"
printf 'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata: {name: x}\n' >"$TMP/nospec.yaml"
run slo-eval --validate "$TMP/nospec.yaml"
code_is 2
err_has "nospec.yaml:1:1: missing 'spec'"
printf 'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata: {name: x}\nspec:\n  service: s\n  slos: []\n' >"$TMP/knoslo.yaml"
run slo-eval --validate "$TMP/knoslo.yaml"
code_is 2
err_has "knoslo.yaml:6:9: expected at least one SLO"

case_ "Sloth's Kubernetes form: raw (errorRatioQuery) and plugin SLIs are valid and not evaluable"
printf 'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata: {name: x}\nspec:\n  service: s\n  slos:\n    - name: a\n      objective: 99\n      sli:\n        raw: {errorRatioQuery: "1 - avg(x)"}\n' >"$TMP/kraw.yaml"
run slo-eval --validate "$TMP/kraw.yaml"
code_is 0
run slo-eval --spec "$TMP/kraw.yaml" "$FO/requests.ndjson"
code_is 2
err_has "kraw.yaml:10:9: slo 's-a' cannot be evaluated: a raw SLI is an error ratio computed in Prometheus, which events do not carry: give 'events' (errorQuery, totalQuery)"
sed 's/errorRatioQuery/error_ratio_query/' "$TMP/kraw.yaml" >"$TMP/kraw2.yaml"
run slo-eval --validate "$TMP/kraw2.yaml"
code_is 2
err_has "kraw2.yaml:10:15: unknown key 'error_ratio_query'"
sed 's/raw: {errorRatioQuery: "1 - avg(x)"}/plugin: {id: "sloth-common\/availability", options: {job: x}}/' "$TMP/kraw.yaml" >"$TMP/kplug.yaml"
run slo-eval --spec "$TMP/kplug.yaml" "$FO/requests.ndjson"
code_is 2
err_has "kplug.yaml:10:22: slo 's-a' cannot be evaluated: SLI plugin 'sloth-common/availability' builds its queries inside Sloth, so there is no query to map to events: give 'events' (errorQuery, totalQuery)"

case_ "Pyrra: an unquoted numeric target is refused with the reason"
# Pyrra's CRD (config/crd/bases/pyrra.dev_servicelevelobjectives.yaml)
# types spec.target as a string; servicelevelobjective_types.go: "Target
# is a string that's casted to a float64": a YAML number there is refused
# by Kubernetes' schema validation, so slokit refuses it too.
sed "s/target: '99.9'/target: 99.9/" "$FO/pyrra-nginx.yaml" >"$TMP/tnum.yaml"
run slo-eval --validate "$TMP/tnum.yaml"
code_is 2
err_has "tnum.yaml:13:11: target 99.9 is a number; Pyrra's CRD takes a string, and Kubernetes refuses a number there: quote it, target: \"99.9\""
sed "s/target: '99.9'/target: \"99.9\"/" "$FO/pyrra-nginx.yaml" >"$TMP/tdq.yaml"
run slo-eval --validate "$TMP/tdq.yaml"
code_is 0

case_ "Pyrra: a grouping label listed twice is refused in Pyrra's words"
awk '/^---$/{n++} n<1' "$FO/pyrra-more.yaml" | sed 's/^        - service$/        - service\n        - code\n        - service/' >"$TMP/g2.yaml"
run slo-eval --validate "$TMP/g2.yaml"
code_is 2
err_has "g2.yaml:29:11: grouping label 'service' is listed twice (first at line 27)"

case_ "Sloth's Kubernetes form: several resources in one stream, as k8s-multifile.yml has them"
# https://github.com/slok/sloth/blob/main/examples/k8s-multifile.yml puts
# PrometheusServiceLevel documents one after another behind '---'.
{ cat "$FO/sloth-k8s-getting-started.yaml"; echo '---'; cat "$FO/sloth-k8s-home-wifi.yaml"; } >"$TMP/multi.yaml"
run slo-eval --validate "$TMP/multi.yaml"
code_is 0
# home-wifi's two SLOs have no mapping: named in file order, getting-
# started's (mapped) evaluates.
run slo-eval --spec "$FO/sources.yaml" --spec "$TMP/multi.yaml" --format ndjson "$FO/requests.ndjson"
code_is 2
err_has "multi.yaml:76:23: slo 'home-wifi-good-wifi-client-satisfaction' cannot be evaluated"
