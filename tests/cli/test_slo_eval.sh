# slo-eval: known answers from an independent oracle (oracle-windows.awk)
# and from hand-worked fixtures; exit codes; formats; bad input and specs.
SE=$FX/slo-eval

# jf KEY [MATCH]: the value of KEY in the first stdout line containing MATCH.
jf() { grep -F -- "${2:-{}" "$TMP/out" | head -1 | sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"; }

# --- rolling windows against the oracle ------------------------------------
awk -v tsv="$TMP/w.tsv" -f "$top/tests/cli/gen-windows.awk" >"$TMP/w.ndjson"
awk -v windows="avail-1h:3600 avail-6h:21600 avail-3d:259200 avail-30d:2592000 by-route:259200" \
    -f "$top/tests/cli/oracle-windows.awk" "$TMP/w.tsv" >"$TMP/oracle"
case_ "rolling windows match the oracle"
run slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/w.ndjson"
code_is 1
while read -r name group ev good; do
	# the oracle gives every window whole and by route; by-route is grouped
	case $name:$group in by-route:-) continue ;; by-route:*) ;; *:-) ;; *) continue ;; esac
	if [ "$group" = - ]; then
		m="\"slo\":\"$name\",\"group\":{}"
	else
		m="\"slo\":\"$name\",\"group\":{\"route\":\"$group\"}"
	fi
	is "$name $group events" "$(jf events "$m")" "$ev"
	is "$name $group good" "$(jf good_events "$m")" "$good"
done <"$TMP/oracle"
# 8 % errors over the last 3 h breaches the 1h and 6h SLOs (99 %)
is "1h status" "$(jf status '"slo":"avail-1h"')" '"breached"'
is "30d status" "$(jf status '"slo":"avail-30d"')" '"ok"'

case_ "the same answer from a file and from stdin, in any order"
run slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/w.ndjson"
cp "$TMP/out" "$TMP/a"
sort -r "$TMP/w.ndjson" >"$TMP/w.rev"
run slo-eval --spec "$SE/windows.yaml" --format ndjson <"$TMP/w.rev"
out_is "$TMP/a"

# --- calendar month in Europe/Paris, across the October DST change --------
case_ "calendar month starts at local midnight in Paris"
run slo-eval --spec "$SE/calendar.yaml" --format ndjson "$SE/calendar.ndjson"
is "events" "$(jf events)" 4
is "good" "$(jf good_events)" 3
is "from" "$(jf from)" '"2026-10-31T23:00:00Z"'
is "to" "$(jf to)" '"2026-11-01T00:30:00Z"'
is "sli" "$(jf sli)" 0.75
code_is 1

# --- timeslices, worked by hand in the fixture -----------------------------
case_ "timeslices: 8 good slices of 9 with data, 1 empty"
run slo-eval --spec "$SE/timeslices.yaml" --at 2026-11-01T00:09:30Z --format ndjson "$SE/timeslices.ndjson"
out_has '"slices":{"good":8,"total":9,"empty":1}'
is "events" "$(jf events)" 10
is "sli" "$(jf sli)" 0.8888888888888888
# allowed = (1 - 0.7) x 9 slices = 2.7; consumed = 1 / 2.7
is "consumed" "$(jf consumed)" 0.37037037037037035
code_is 0

# --- burn-rate alerts: both windows must exceed ---------------------------
# One request a second for 24 h; errors only in the last 5 minutes (20 %):
# short burn 20x, long burn (60 bad / 3600) / 1 % = 1.67x: must NOT fire.
awk 'BEGIN { s = 1793491200; for (i = 0; i < 86400; i++) {
	bad = (i >= 86400 - 300 && i % 5 == 0)
	printf "{\"ts\":%d,\"status\":%d}\n", s + i, bad ? 500 : 200 } }' >"$TMP/short.ndjson"
case_ "an alert does not fire on the short window alone"
run slo-eval --spec "$SE/alerts.yaml" --format ndjson "$TMP/short.ndjson"
out_has '"firing":false'
out_lacks '"firing":true'
is "paged status" "$(jf status '"slo":"paged"')" '"ok"'
code_is 0
# 15 % errors over the whole last hour: 540 bad, both burns 15x >= 10: fires.
# The day's SLI stays 1 - 540/86400 = 99.375 % > 99 %: only the alert fails.
awk 'BEGIN { s = 1793491200; for (i = 0; i < 86400; i++) {
	bad = (i >= 86400 - 3600 && i % 20 < 3)
	printf "{\"ts\":%d,\"status\":%d}\n", s + i, bad ? 500 : 200 } }' >"$TMP/long.ndjson"
case_ "an alert fires when both windows burn over the threshold"
run slo-eval --spec "$SE/alerts.yaml" --format ndjson "$TMP/long.ndjson"
is "paged status" "$(jf status '"slo":"paged"')" '"breached"'
is "ticketed status" "$(jf status '"slo":"ticketed"')" '"warning"'
is "paged burn_long" "$(jf burn_long '"slo":"paged"')" 15
is "paged burn_short" "$(jf burn_short '"slo":"paged"')" 15
is "paged sli" "$(jf sli '"slo":"paged"')" 0.99375
code_is 1
case_ "a ticket alert alone passes unless --fail-on ticket"
sed -n '1p;/name: ticketed/,$p' "$SE/alerts.yaml" >"$TMP/ticket.yaml"
run slo-eval --spec "$TMP/ticket.yaml" --format ndjson "$TMP/long.ndjson"
out_has '"status":"warning"'
code_is 0
run slo-eval --spec "$TMP/ticket.yaml" --fail-on ticket --format ndjson "$TMP/long.ndjson"
code_is 1

# --- exit codes and edge cases ---------------------------------------------
case_ "no events: no_data, exit 3; --no-data ok: exit 0"
run slo-eval --spec "$SE/windows.yaml" --format ndjson </dev/null
code_is 3
out_has '"status":"no_data"'
out_has '"sli":null'
run slo-eval --spec "$SE/windows.yaml" --no-data ok --format ndjson </dev/null
code_is 0

case_ "ad-hoc mode"
run slo-eval --objective 99.9 --good 'status < 500' --window 1h --format ndjson "$SE/calendar.ndjson"
out_has '"slo":"adhoc"'
out_has '"window":"1h"'

case_ "a typo in a spec is an error with its position"
printf 'slos:\n  - name: x\n    good: "status < 500"\n    objective: 99\n    windw: 1h\n' >"$TMP/typo.yaml"
run slo-eval --spec "$TMP/typo.yaml" </dev/null
code_is 2
err_has "typo.yaml:5:5:"
err_has "windw"
run slo-eval --validate "$TMP/typo.yaml" "$SE/windows.yaml"
code_is 2
run slo-eval --validate "$SE/windows.yaml" "$SE/alerts.yaml"
code_is 0

case_ "a 100% objective is refused"
printf 'slos:\n  - name: x\n    good: "ok"\n    objective: 100\n    window: 1h\n' >"$TMP/full.yaml"
run slo-eval --spec "$TMP/full.yaml" </dev/null
code_is 2

case_ "bad lines are rejected and counted, not lost"
printf '{"ts":1793491200,"status":200}\nnot json\n{"ts":1793491260,"status":-5}\n{"ts":1793491270,"latency_ms":-1}\n{"status":200}\n' >"$TMP/bad.ndjson"
run slo-eval --objective 99 --good 'ok' --window 1h --max-bad 100% --format ndjson "$TMP/bad.ndjson"
err_has "bad.ndjson:2:"
err_has "of 5 input lines rejected"
run slo-eval --objective 99 --good 'ok' --window 1h --format ndjson "$TMP/bad.ndjson"
code_is 2

case_ "usage errors exit 2"
run slo-eval --format yaml --objective 99 --good ok
code_is 2
err_has "unknown format 'yaml'"
run slo-eval
code_is 2
run slo-eval --help
code_is 0
out_has "usage: slo-eval"

case_ "formats: table, prom, markdown, html"
run slo-eval --spec "$SE/windows.yaml" --format table "$TMP/w.ndjson"
out_has "avail-30d"
out_lacks "$(printf '\033')"
run slo-eval --spec "$SE/windows.yaml" --format prom "$TMP/w.ndjson"
out_has '# TYPE slo_sli_ratio gauge'
out_has 'slo_sli_ratio{slo="by-route",route="/api/cart"}'
run slo-eval --spec "$SE/windows.yaml" --format markdown "$TMP/w.ndjson"
out_has '| SLO | Group | Status |'
run slo-eval --spec "$SE/windows.yaml" --format html "$TMP/w.ndjson"
code_is 1
is "one chart per verdict" "$(grep -c '<svg' "$TMP/out")" 7
is "no script" "$(grep -c '<script' "$TMP/out")" 0
out_has '</html>'
is "html well formed" "$(awk -f "$top/tests/cli/html-balance.awk" "$TMP/out")" ok
run slo-eval --spec "$SE/calendar.yaml" --format html "$SE/calendar.ndjson"
is "one chart for one SLO" "$(grep -c '<svg' "$TMP/out")" 1
is "html well formed, one SLO" "$(awk -f "$top/tests/cli/html-balance.awk" "$TMP/out")" ok

case_ "output errors: /dev/full exits 2, a closed pipe is quiet"
slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/w.ndjson" >/dev/full 2>"$TMP/err"
is "exit on /dev/full" $? 2
err_has "write error"
slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/w.ndjson" 2>"$TMP/err" | head -1 >/dev/null
is "stderr on a closed pipe" "$(wc -c <"$TMP/err" | tr -d ' ')" 0

# --- rollups: shards merge exactly (DESIGN.md "Rollups") -------------------
case_ "4 shard rollups evaluate byte-identical to one rollup of the whole"
split -n l/4 "$TMP/w.ndjson" "$TMP/shard."
for f in "$TMP"/shard.a?; do
	slo-ingest --rollup 1m --spec "$SE/windows.yaml" "$f"
done >"$TMP/shards.r"
slo-ingest --rollup 1m --spec "$SE/windows.yaml" "$TMP/w.ndjson" >"$TMP/whole.r"
run slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/whole.r"
code_is 1
cp "$TMP/out" "$TMP/whole.eval"
run slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/shards.r"
out_is "$TMP/whole.eval"
case_ "rollups count exactly what the raw events count"
run slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/w.ndjson"
sed 's/"at":"[^"]*",//' "$TMP/out" >"$TMP/raw.cut"
sed 's/"at":"[^"]*",//' "$TMP/whole.eval" >"$TMP/roll.cut"
cmp -s "$TMP/raw.cut" "$TMP/roll.cut" && _pass || _fail "rollup verdicts differ from raw verdicts"
case_ "rollups without SLO counts are reported"
slo-ingest --rollup 1m "$TMP/w.ndjson" >"$TMP/bare.r"
run slo-eval --spec "$SE/windows.yaml" --format ndjson "$TMP/bare.r"
err_has "rollup rows lack counts"
code_is 3

case_ "a rollup sketch of another accuracy is reported, not silently dropped"
printf 'slos:\n  - name: lat\n    latency: {threshold: 100ms}\n    objective: 50\n    window: 1h\n    alerts: none\n' >"$TMP/lat.yaml"
echo '{"ts":"2026-11-26T10:00:00Z","status":200,"latency_ms":40}' |
    slo-ingest --rollup 1m --spec "$TMP/lat.yaml" >"$TMP/lat.r"
run slo-eval --spec "$TMP/lat.yaml" --format ndjson "$TMP/lat.r"
out_has '"latency_ms":{"p50":40,"p95":40,"p99":40}'
err_lacks "another accuracy"
sed 's/"alpha":0.01/"alpha":0.02/' "$TMP/lat.r" >"$TMP/lat2.r"
run slo-eval --spec "$TMP/lat.yaml" --format ndjson "$TMP/lat2.r"
err_has "1 rollup latency sketches of another accuracy left out of the quantiles"
out_lacks '"latency_ms":{'
