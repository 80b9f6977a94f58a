# The mapping written on the document (issue 18.2): slokit.dev/
# annotations on an OpenSLO SLI or SLO, their precedence over a sources:
# file, and their errors; and a severities: section (18.3).
OX="$FX/openslo"

case_ "an annotated Prometheus SLI evaluates alone, as its slokit-source twin"
# Second method: openslo.yaml writes the same SLI with slokit sources;
# the verdicts must be equal but for the SLO's name.
run slo-eval --spec "$EX/eval/openslo.yaml" --format ndjson "$EX/eval/events.ndjson"
sed -e 's/"slo":"[^"]*"//' -e 's/"worst_slo":"[^"]*"//' "$TMP/out" >"$TMP/want"
run slo-eval --spec "$EX/eval/openslo-annotated.yaml" --format ndjson "$EX/eval/events.ndjson"
code_is 1
out_has '"slo":"checkout-availability-annotated"'
sed -e 's/"slo":"[^"]*"//' -e 's/"worst_slo":"[^"]*"//' "$TMP/out" >"$TMP/got"
is "verdicts" "$(cat "$TMP/got")" "$(cat "$TMP/want")"

case_ "annotations win over a sources: file, given before or after"
# A catch-all mapping that would make every source 'status == 200'
# (checking its effect first: openslo-prometheus.yaml takes it).
printf 'sources:\n  - type: Prometheus\n    where: status == 200\n' >"$TMP/all.yaml"
run slo-eval --spec "$TMP/all.yaml" --spec "$EX/eval/openslo-prometheus.yaml" --format ndjson "$EX/eval/events.ndjson"
out_lacks '"good":1719,'
run slo-eval --spec "$TMP/all.yaml" --spec "$EX/eval/openslo-annotated.yaml" --format ndjson "$EX/eval/events.ndjson"
sed -e 's/"slo":"[^"]*"//' -e 's/"worst_slo":"[^"]*"//' "$TMP/out" >"$TMP/got"
is "annotated, mapping first" "$(cat "$TMP/got")" "$(cat "$TMP/want")"
run slo-eval --spec "$EX/eval/openslo-annotated.yaml" --spec "$TMP/all.yaml" --format ndjson "$EX/eval/events.ndjson"
sed -e 's/"slo":"[^"]*"//' -e 's/"worst_slo":"[^"]*"//' "$TMP/out" >"$TMP/got"
is "annotated, mapping after" "$(cat "$TMP/got")" "$(cat "$TMP/want")"

case_ "a role without an annotation still takes the sources: mapping"
# Only slokit.dev/good on the SLI: total comes from all.yaml (status ==
# 200), good from the annotation (status < 500): of localhost.ndjson,
# the one status 200 request is counted, and it is good: 1/1.
cat >"$TMP/half.yaml" <<'DOC'
apiVersion: openslo/v1
kind: SLO
metadata:
  name: half
spec:
  indicator:
    metadata:
      name: half-sli
      annotations:
        slokit.dev/good: status < 500
    spec:
      ratioMetric:
        good:
          metricSource: {type: Prometheus, spec: {query: good_q}}
        total:
          metricSource: {type: Prometheus, spec: {query: total_q}}
  timeWindow: [{duration: 1d, isRolling: true}]
  objectives: [{target: 0.9}]
DOC
run slo-eval --spec "$TMP/half.yaml" --spec "$TMP/all.yaml" --format ndjson "$OX/localhost.ndjson"
out_has '"events":1,"good_events":1,"good":1,"bad":0,"total":1,"sli":1,'
# Without any mapping for the total, the SLO names the query it needs.
run slo-eval --spec "$TMP/half.yaml" "$OX/localhost.ndjson"
code_is 2
err_has "half.yaml:16:32: slo 'half' cannot be evaluated: SLI 'half-sli': metric source 'Prometheus' has no mapping to events: add one to a spec file, such as 'sources: [{type: Prometheus, query: 'total_q', where: ...}]'"

case_ "the SLI's annotations come before the SLO's"
# localhost.ndjson: statuses 200, 302, 404, 500, 500 (5 requests, all
# counted under where "true").  The SLI says good = status < 500 (3 of
# 5), the SLO good = status == 200 (1 of 5).
sed 's/^  name: half$/  name: half\n  annotations:\n    slokit.dev\/good: status == 200\n    slokit.dev\/where: "true"/' "$TMP/half.yaml" >"$TMP/both.yaml"
run slo-eval --spec "$TMP/both.yaml" --format ndjson "$OX/localhost.ndjson"
out_has '"events":5,"good_events":3,"good":3,"bad":2,"total":5,"sli":0.6,'
grep -v 'slokit.dev/good: status < 500' "$TMP/both.yaml" >"$TMP/slo-only.yaml"
run slo-eval --spec "$TMP/slo-only.yaml" --format ndjson "$OX/localhost.ndjson"
out_has '"events":5,"good_events":1,"good":1,"bad":4,"total":5,"sli":0.2,'

case_ "annotations are checked where they are written"
sed 's/slokit.dev\/good: status < 500/slokit.dev\/godo: status < 500/' "$TMP/half.yaml" >"$TMP/e1.yaml"
run slo-eval --validate "$TMP/e1.yaml"
code_is 2
err_has "e1.yaml:10:20: unknown annotation 'godo'; did you mean 'good'?"
sed 's/slokit.dev\/good: status < 500/slokit.dev\/good: status <</' "$TMP/half.yaml" >"$TMP/e2.yaml"
run slo-eval --validate "$TMP/e2.yaml"
code_is 2
err_has "e2.yaml:10:"
err_has "invalid expression"
sed 's/slokit.dev\/good: status < 500/slokit.dev\/field: latency ms/' "$TMP/half.yaml" >"$TMP/e3.yaml"
run slo-eval --validate "$TMP/e3.yaml"
code_is 2
err_has "e3.yaml:10:"
sed 's/^        slokit.dev\/good: status < 500/        slokit.dev\/good: status < 500\n        slokit.dev\/bad: status >= 500/' "$TMP/half.yaml" >"$TMP/e4.yaml"
run slo-eval --validate "$TMP/e4.yaml"
code_is 2
err_has "e4.yaml:11:25: annotations 'slokit.dev/good' and 'slokit.dev/bad' exclude each other"
# other annotations are anyone's: left alone
sed 's/slokit.dev\/good: status < 500/slokit.dev\/good: status < 500\n        example.com\/owner: team-a/' "$TMP/half.yaml" >"$TMP/e5.yaml"
run slo-eval --validate "$TMP/e5.yaml"
code_is 0

case_ "an annotation with nothing to map is an error at it"
# list.yaml's SLI is slokit's own: an annotation there maps nothing.
sed 's/^    name: checkout-errors$/    name: checkout-errors\n    annotations: {slokit.dev\/good: "true"}/' "$OX/list.yaml" >"$TMP/own.yaml"
run slo-eval --validate "$TMP/own.yaml"
code_is 2
err_has "own.yaml:11:36: annotation 'slokit.dev/good' maps a backend's metric source, and this SLI's is slokit's own"

case_ "severities: a section sets which words page; the default list otherwise"
# list.yaml: fast-burn is 'High' (pages by default: slo-spec(5)),
# slow-burn 'warning' (a ticket); a section lists words in any case.
run slo-eval --spec "$OX/list.yaml" --format ndjson "$OX/checkout.ndjson"
out_has '{"severity":"page","long":"1h","short":"5m","threshold":14.4'
out_has '{"severity":"ticket","long":"3d","short":"6h","threshold":1,'
printf 'severities:\n  ticket: [high]\n  page: [Warning]\n' >"$TMP/sev.yaml"
run slo-eval --spec "$TMP/sev.yaml" --spec "$OX/list.yaml" --format ndjson "$OX/checkout.ndjson"
out_has '{"severity":"ticket","long":"1h","short":"5m","threshold":14.4'
out_has '{"severity":"page","long":"3d","short":"6h","threshold":1,'
# the first section that lists a word wins, over files in order
printf 'severities:\n  page: [HIGH]\n' >"$TMP/sev2.yaml"
run slo-eval --spec "$TMP/sev2.yaml" --spec "$TMP/sev.yaml" --spec "$OX/list.yaml" --format ndjson "$OX/checkout.ndjson"
out_has '{"severity":"page","long":"1h","short":"5m","threshold":14.4'
# Pyrra's critical/warning go through it too
printf 'severities:\n  ticket: [critical]\n' >"$TMP/sev3.yaml"
run slo-eval --spec "$TMP/sev3.yaml" --spec "$FX/foreign/sources.yaml" --spec "$FX/foreign/pyrra-nginx.yaml" --format ndjson "$FX/foreign/requests.ndjson"
out_has '"alerts":[{"severity":"ticket","long":"1h","short":"5m","threshold":14,'

case_ "severities: errors where written"
printf 'severities:\n  pages: [x]\n' >"$TMP/s1.yaml"
run slo-eval --validate "$TMP/s1.yaml"
code_is 2
err_has "s1.yaml:2:3: unknown key 'pages'; did you mean 'page'?"
printf 'severities:\n  page: [High]\n  ticket: [high]\n' >"$TMP/s2.yaml"
run slo-eval --validate "$TMP/s2.yaml"
code_is 2
err_has "s2.yaml:3:12: severity 'high' is under both 'page' and 'ticket'"
printf 'severities:\n  page: High\n' >"$TMP/s3.yaml"
run slo-eval --validate "$TMP/s3.yaml"
code_is 2
err_has "s3.yaml:2:9: expected a list"
printf 'severities:\n  page: [""]\n' >"$TMP/s4.yaml"
run slo-eval --validate "$TMP/s4.yaml"
code_is 2
err_has "s4.yaml:2:10: expected a name, got an empty string"
