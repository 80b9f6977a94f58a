# slo-eval --export openslo (issue 18, item 5): any loaded spec written as
# OpenSLO v1 documents.  The round trip, slokit -> OpenSLO -> slokit, gives
# the same verdicts on the same events for every spec of examples/ and
# every spec fixture slo-eval loads; the export validates; the export of
# an export is the export.  Format: OpenSLO v1 README
# (https://github.com/OpenSLO/OpenSLO/blob/main/README.md, sections SLO,
# SLI, AlertPolicy, AlertCondition, duration-shorthand).
XX="$FX/export"
# Events of several shapes: requests with routes and regions over a day
# (examples), a calendar month, slices, OpenSLO checkout and latency
# fixtures, the Prometheus-mapped localhost service, a rollout's deploy,
# check, incident and cost events, a burst for the alert flags.
RT_EVENTS="$EX/eval/events.ndjson $FX/slo-eval/calendar.ndjson
$FX/slo-eval/timeslices.ndjson $FX/openslo/checkout.ndjson
$FX/openslo/checkout-latency.ndjson $FX/openslo/localhost.ndjson
$EX/rollout/events.ndjson $FX/openslo/burst.ndjson"

# round_trip NAME MAPPING SPEC...: export SPEC... (with MAPPING, a sources
# file or ""), then check the export validates, is its own export, and
# evaluates every event file as SPEC... does (stdout and exit code).
round_trip() {
	rt_name=$1 rt_map=$2
	shift 2
	rt_m= rt_s=
	[ -n "$rt_map" ] && rt_m="--spec $rt_map"
	for f in "$@"; do rt_s="$rt_s --spec $f"; done
	case_ "round trip of $rt_name: exported"
	# shellcheck disable=SC2086
	run slo-eval --export openslo $rt_m $rt_s
	code_is 0
	cp "$TMP/out" "$TMP/rt1.yaml"
	case_ "round trip of $rt_name: the export validates"
	# shellcheck disable=SC2086
	run slo-eval --validate $rt_m "$TMP/rt1.yaml"
	code_is 0
	case_ "round trip of $rt_name: the export of the export is the export"
	# shellcheck disable=SC2086
	run slo-eval --export openslo $rt_m --spec "$TMP/rt1.yaml"
	out_is "$TMP/rt1.yaml"
	for ev in $RT_EVENTS; do
		case_ "round trip of $rt_name: same verdicts on $(basename "$ev")"
		# shellcheck disable=SC2086
		slo-eval -f ndjson $rt_m $rt_s "$ev" >"$TMP/rt-want" 2>/dev/null
		echo $? >"$TMP/rt-want-code"
		# shellcheck disable=SC2086
		run slo-eval -f ndjson $rt_m --spec "$TMP/rt1.yaml" "$ev"
		out_is "$TMP/rt-want"
		code_is "$(cat "$TMP/rt-want-code")"
	done
}

# Every YAML file of examples/ and the test fixtures that slo-eval loads
# on its own: spec files, OpenSLO documents, and registries and criteria
# (no SLO: an empty export).
find "$EX" "$FX" "$top/tests/unit/fixtures" -name '*.yaml' | LC_ALL=C sort >"$TMP/rt-files"
is "spec files found" "$(grep -c . "$TMP/rt-files" | awk '$1 >= 40 { print "many" }')" many
# A Sloth or Pyrra spec whose PromQL has no mapping, or a raw SLI, is
# refused (covered with its mapping below).
while IFS= read -r f; do
	slo-eval --validate "$f" >/dev/null 2>&1 || continue
	if ! slo-eval --export openslo "$f" >/dev/null 2>"$TMP/rt-err" </dev/null; then
		case_ "${f#"$top"/}: refused with its reason"
		grep -q "cannot be written as OpenSLO: " "$TMP/rt-err" && _pass ||
		    _fail "$(head -c 200 "$TMP/rt-err")"
		continue
	fi
	round_trip "${f#"$top"/}" "" "$f" </dev/null
done <"$TMP/rt-files"
# Sloth and Pyrra, imported through a mapping, written as OpenSLO.
round_trip "sloth.yaml with its mapping" "$EX/eval/foreign-sources.yaml" "$EX/eval/sloth.yaml"
round_trip "pyrra.yaml with its mapping" "$EX/eval/foreign-sources.yaml" "$EX/eval/pyrra.yaml"
for f in pyrra-nginx sloth-getting-started sloth-k8s-apiserver; do
	round_trip "$f.yaml with its mapping" "$FX/foreign/sources.yaml" "$FX/foreign/$f.yaml"
done
round_trip "oslo-slo.yaml with its SLI file" "" \
    "$top/tests/unit/fixtures/spec/oslo-sli.yaml" \
    "$top/tests/unit/fixtures/spec/oslo-slo.yaml"
# Prometheus SLIs: the sources are written as read, the mapping serves the
# export as it served the original.
round_trip "openslo-prometheus.yaml with its mapping" \
    "$EX/eval/sources.yaml" "$EX/eval/openslo-prometheus.yaml"
round_trip "prometheus.yaml with its mapping" \
    "$FX/openslo/sources.yaml" "$FX/openslo/prometheus.yaml"
round_trip "prometheus.yaml without a mapping" "" "$FX/openslo/prometheus.yaml"

case_ "a mapped Prometheus SLI is written with its mapping: the export evaluates alone"
run slo-eval --export openslo --spec "$EX/eval/sources.yaml" "$EX/eval/openslo-prometheus.yaml"
out_has "        slokit.dev/good: 'status < 500'"
out_has "        slokit.dev/where: 'service == \"checkout\"'"
cp "$TMP/out" "$TMP/prom.yaml"
slo-eval -f ndjson --spec "$EX/eval/sources.yaml" --spec "$EX/eval/openslo-prometheus.yaml" "$EX/eval/events.ndjson" >"$TMP/want" 2>/dev/null
run slo-eval -f ndjson --spec "$TMP/prom.yaml" "$EX/eval/events.ndjson"
out_is "$TMP/want"
code_is 1

case_ "the round trip compares real verdicts: slos.yaml has data in events.ndjson"
run slo-eval -f ndjson --spec "$EX/eval/slos.yaml" "$EX/eval/events.ndjson"
out_has '"slo":"shop-by-route","group":{"route":"/api/cart","region":"eu-west-1"},"status":"ok"'
out_lacks '"slo":"checkout-availability","group":{},"status":"no_data"'

case_ "the documents as written: Service, SLO, inline SLI, policy, annotations"
# small.openslo.yaml was checked by hand against the OpenSLO v1 README
# (one condition per AlertPolicy, notificationTargets required, names
# RFC 1123 labels, durations in shorthand):
# 28d rolling window, a calendar month in America/New_York from a date that
# starts both a month and a week (2024-01-01, a Monday), objective 99.9 as
# target 0.999, 300ms as value 300 with op lt, 95% as timeSliceTarget 0.95;
# the 1d/1h rule's short window is not 1d/12 = 2h, so it is annotated.
run slo-eval --export openslo "$XX/small.yaml"
code_is 0
out_is "$XX/small.openslo.yaml"

case_ "every string from the spec is quoted; names OpenSLO refuses are kept"
run slo-eval --export openslo --spec "$XX/quoting.yaml"
out_has "  name: 'yes'"
out_has "  name: '0-5'"
out_has "    slokit.dev/name: '0.5'"
out_has "  name: 'checkout-p99-main-2'"
out_has "    slokit.dev/name: 'Checkout: p99 # main'"
out_has "    slokit.dev/service: '- shop'"
out_has "  service: 'shop'"
out_has "    slokit.dev/quantile.1: '0.9'"
out_has "    slokit.dev/short-window.1: '10m'"
out_has "    slokit.dev/alert-policy: 'google-1h'"
out_has "\"line one\\nline two: with 'quotes' and \\\"dq\\\" été"
out_has "where: 'service == \"- shop\" && (route ~ \"^/a: b#c\" || route == \"no\")'"

case_ "the names come back: the verdicts name the SLOs as the spec does"
run slo-eval --export openslo --spec "$XX/quoting.yaml"
cp "$TMP/out" "$TMP/q.yaml"
run slo-eval -f ndjson --spec "$TMP/q.yaml" "$EX/eval/events.ndjson"
out_has '"slo":"Checkout: p99 # main","group":{}'
out_has '"slo":"yes"'
out_has '"slo":"0.5"'

case_ "a bad numerator stays bad"
run slo-eval --export openslo "$EX/eval/slos.yaml"
out_has "        bad:"

case_ "a spec without SLOs exports nothing, and says so"
run slo-eval --export openslo "$EX/flags/flags.yaml"
code_is 0
is "nothing written" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
err_has "no SLO in the spec files: nothing to export"

case_ "owners and event kinds are carried: the verdicts and scorecard come back"
run slo-eval --export openslo "$XX/kinds.yaml"
out_has "  labels:
    owner: 'team-release'"
out_has "    slokit.dev/events: 'deploy'"
out_has "    slokit.dev/events: 'check'"
cp "$TMP/out" "$TMP/kinds.yaml"
run slo-eval -f ndjson --spec "$TMP/kinds.yaml" "$EX/rollout/events.ndjson"
out_has '"slo":"deploy-success","group":{},"status":"ok"'
out_has '{"scorecard":"owner","owner":"team-release","slos":3,"slos_with_data":3,'

# OpenSLO's alert flags, each flipped from alert-flags.yaml's defaults:
# written back as read, so the verdicts over the burst are the same.
sed 's/alertWhenNoData: false/alertWhenNoData: true/; s/alertWhenResolved: false/alertWhenResolved: true/; s/op: gte/op: gt/' \
    "$FX/openslo/alert-flags.yaml" >"$TMP/flags1.yaml"
sed 's/alertWhenBreaching: true/alertWhenBreaching: false/' \
    "$FX/openslo/alert-flags.yaml" >"$TMP/flags2.yaml"
round_trip "alert flags no data, resolved, gt" "" "$TMP/flags1.yaml"
round_trip "alert flag not breaching" "" "$TMP/flags2.yaml"
case_ "the alert flags are written as read"
run slo-eval --export openslo "$TMP/flags1.yaml"
out_has "      alertWhenNoData: true
      alertWhenResolved: true
      alertWhenBreaching: true"
out_has "            op: gt
"
run slo-eval --export openslo "$TMP/flags2.yaml"
out_has "      alertWhenBreaching: false"

case_ "duration and cost SLIs have no OpenSLO form: refused at the SLO"
run slo-eval --export openslo "$EX/rollout/slos.yaml"
code_is 2
err_has "slos.yaml:43:5: slo 'time-to-detect' cannot be written as OpenSLO: a duration SLI (incidents timed from one state to another) has no OpenSLO form"
printf 'slos:\n  - name: c\n    cost: {per: request, max: 0.002, currency: USD}\n    window: 1d\n' >"$TMP/cost.yaml"
run slo-eval --export openslo "$TMP/cost.yaml"
code_is 2
err_has "cost.yaml:2:5: slo 'c' cannot be written as OpenSLO: a cost SLI"

case_ "an ad-hoc SLO exports too"
run slo-eval --export openslo --objective 99.5 --good 'status < 500' --window 7d
code_is 0
out_has "  name: 'adhoc'"
out_has "  - target: 0.995"

case_ "a window that is no whole number of minutes is refused at the window"
printf 'slos:\n  - name: a\n    good: ok\n    objective: 99\n    window: 90s\n' >"$TMP/s90.yaml"
run slo-eval --export openslo "$TMP/s90.yaml"
code_is 2
err_has "s90.yaml:5:13: slo 'a' cannot be written as OpenSLO: window '1m30s' is not a whole number of minutes"
is "nothing written" "$(wc -c <"$TMP/out" | tr -d ' ')" 0

case_ "an alert window in seconds is refused at its rule"
printf 'slos:\n  - name: a\n    good: ok\n    objective: 99\n    window: 1d\n    alerts:\n      - {severity: page, long: 1h, short: 30s, burn: 2}\n' >"$TMP/s30.yaml"
run slo-eval --export openslo "$TMP/s30.yaml"
code_is 2
err_has "s30.yaml:7:"
err_has "alert window '30s' is not a whole number of minutes"

case_ "an OpenSLO threshold op gt or gte is written as read, and round trips"
cat >"$TMP/gt.yaml" <<'EOF'
apiVersion: openslo/v1
kind: SLO
metadata:
  name: big
spec:
  indicator:
    metadata: {name: big-sli}
    spec:
      thresholdMetric:
        metricSource:
          type: slokit
          spec: {field: size}
  timeWindow:
    - {duration: 1d, isRolling: true}
  objectives:
    - {op: gt, value: 10, target: 0.9}
EOF
run slo-eval --export openslo "$TMP/gt.yaml"
code_is 0
out_has "op: gt"
sed 's/op: gt,/op: gte,/' "$TMP/gt.yaml" >"$TMP/gte.yaml"
run slo-eval --export openslo "$TMP/gte.yaml"
code_is 0
out_has "op: gte"
# the boundary: size 10 is bad under gt, good under gte (slo-spec(5))
printf '%s\n' '{"ts":"2026-11-26T10:00:00Z","size":10}' \
    '{"ts":"2026-11-26T10:01:00Z","size":11}' >"$TMP/sizes.ndjson"
RT_EVENTS_SAVED=$RT_EVENTS; RT_EVENTS=$TMP/sizes.ndjson
round_trip "op gt" "" "$TMP/gt.yaml"
round_trip "op gte" "" "$TMP/gte.yaml"
RT_EVENTS=$RT_EVENTS_SAVED
run slo-eval -f ndjson --spec "$TMP/gt.yaml" "$TMP/sizes.ndjson"
out_has '"good":1,"bad":1,"total":2'


case_ "a description past OpenSLO's 1050 characters is refused"
{ printf 'slos:\n  - name: a\n    good: ok\n    objective: 99\n    window: 1d\n    description: '
  awk 'BEGIN { for (i = 0; i < 1051; i++) printf "x"; print "" }'; } >"$TMP/long.yaml"
run slo-eval --export openslo "$TMP/long.yaml"
code_is 2
err_has "long.yaml:2:5: slo 'a' cannot be written as OpenSLO: a description of more than 1050 characters"
sed 's/x$//' "$TMP/long.yaml" >"$TMP/long1050.yaml"
run slo-eval --export openslo "$TMP/long1050.yaml"
code_is 0

case_ "one AlertPolicy per rule, each with one condition and a target"
run slo-eval --export openslo "$EX/eval/slos.yaml"
is "policies" "$(grep -c '^  - kind: AlertPolicy$' "$TMP/out")" 5
is "conditions" "$(grep -c '^      - kind: AlertCondition$' "$TMP/out")" 5
is "targets" "$(grep -c '^      - kind: AlertNotificationTarget$' "$TMP/out")" 5

case_ "a Prometheus SLI without a mapping is written with its sources as read"
run slo-eval --export openslo "$FX/openslo/prometheus.yaml"
code_is 0
out_has '              query: sum(localhost_server_requests{code=~"2xx|3xx",host="*",instance="127.0.0.1:9090"})'
out_has "            metricSourceRef: prometheus-datasource"

case_ "a v1alpha source becomes v1's {type, spec: {queryType, query}}"
run slo-eval --export openslo "$FX/openslo/v1alpha-sloth.yaml"
out_has "            type: prometheus"
out_has "              queryType: promql"

case_ "events are not read: stdin is left alone"
printf 'not json\n' | slo-eval --export openslo --spec "$XX/small.yaml" >"$TMP/out" 2>"$TMP/err"
echo $? >"$TMP/code"
code_is 0
out_is "$XX/small.openslo.yaml"

case_ "-o FILE gets the documents, stdout nothing"
run slo-eval --export openslo -o "$TMP/o.yaml" "$XX/small.yaml"
code_is 0
is "stdout" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
cmp -s "$TMP/o.yaml" "$XX/small.openslo.yaml" && _pass || _fail "-o file differs"

case_ "-o FILE is left as it was when the export is refused"
printf 'old\n' >"$TMP/keep.yaml"
run slo-eval --export openslo -o "$TMP/keep.yaml" "$TMP/s90.yaml"
code_is 2
is "kept" "$(cat "$TMP/keep.yaml")" old

case_ "a write error exits 2"
run slo-eval --export openslo "$XX/small.yaml" -o /dev/full
code_is 2

case_ "an unknown export format is bad usage"
run slo-eval --export sloth "$XX/small.yaml"
code_is 2
err_has "--export: unknown format 'sloth' (expected openslo)"

case_ "a slokit.dev/ annotation slokit does not know is an error where it is"
sed 's#slokit.dev/group-by.1#slokit.dev/groupby.1#' "$XX/small.openslo.yaml" >"$TMP/typo.yaml"
run slo-eval --validate "$TMP/typo.yaml"
code_is 2
err_has "typo.yaml:13:16: unknown annotation 'groupby.1'"

case_ "indexed annotations count from 1 without a gap"
sed 's#slokit.dev/group-by.1#slokit.dev/group-by.2#' "$XX/small.openslo.yaml" >"$TMP/gap.yaml"
run slo-eval --validate "$TMP/gap.yaml"
code_is 2
err_has "annotation 'slokit.dev/group-by.1' missing"

case_ "other tools' annotations are theirs: left alone"
sed 's#slokit.dev/group-by.1#example.com/owner#' "$XX/small.openslo.yaml" >"$TMP/other.yaml"
run slo-eval --validate "$TMP/other.yaml"
code_is 0
