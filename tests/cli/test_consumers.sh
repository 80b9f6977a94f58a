# test_consumers.sh — each output format read by the program that reads it
# in real life (issue 19, item 2): JUnit against junit-10.xsd (the schema
# of Jenkins' xunit plugin, tests/schema/), Prometheus text through
# `promtool check metrics`, markdown through a CommonMark renderer.  A
# consumer that is not installed is skipped with a notice on stderr.
# Sourced by tests/cli/run.sh (helpers there).

XSD=$top/tests/schema/junit-10.xsd
have() { command -v "$1" >/dev/null 2>&1; }
notice() { echo "notice: $1 not installed: $2 not checked by its consumer" >&2; }

# xsd_valid: stdout is valid against junit-10.xsd.
xsd_valid() {
	if xmllint --noout --schema "$XSD" "$TMP/out" >"$TMP/xsd" 2>&1
	then _pass; else _fail "junit-10.xsd: $(head -c 300 "$TMP/xsd")"; fi
}

if have xmllint; then
	case_ "flag-audit junit is valid against junit-10.xsd"
	run flag-audit -r "$EX/flags/flags.yaml" -f junit "$EX/flags/evaluations.ndjson"
	code_is 1; xsd_valid
	run flag-audit -r "$EX/flags/flags.yaml" -f junit /dev/null
	xsd_valid

	case_ "promote-check junit is valid against junit-10.xsd (promote, rollback, hold)"
	for f in pass fail inconclusive; do
		run promote-check -c "$EX/promote/promote.yaml" -f junit "$EX/promote/$f.ndjson"
		xsd_valid
		# one testcase per criterion, as many as the NDJSON verdict lists
		promote-check -c "$EX/promote/promote.yaml" "$EX/promote/$f.ndjson" >"$TMP/v.json"
		want=$(grep -o '"name":"[a-z_]*","result"' "$TMP/v.json" | wc -l)
		got=$(grep -c '<testcase ' "$TMP/out")
		is "$f: testcases" "$got" "$want"
	done

	case_ "slo-eval junit is valid against junit-10.xsd, one testcase per verdict"
	for sp in "$EX/eval/slos.yaml:$EX/eval/events.ndjson" \
	    "$EX/rollout/slos.yaml:$EX/rollout/events.ndjson" \
	    "$EX/eval/openslo.yaml:$EX/eval/events.ndjson"; do
		run slo-eval -s "${sp%%:*}" -f junit "${sp#*:}"
		xsd_valid
		slo-eval -s "${sp%%:*}" -f ndjson "${sp#*:}" >"$TMP/v.json"
		is "$(basename "${sp%%:*}"): testcases" "$(grep -c '<testcase ' "$TMP/out")" \
		    "$(grep -c '^{"slo":' "$TMP/v.json")"
	done
else
	notice xmllint "junit (flag-audit, promote-check, slo-eval)"
fi

if have promtool; then
	case_ "slo-eval prom passes promtool check metrics"
	run slo-eval -s "$EX/eval/slos.yaml" -f prom "$EX/eval/events.ndjson"
	code_is 1
	if promtool check metrics <"$TMP/out" >"$TMP/lint" 2>&1
	then _pass; else _fail "promtool: $(head -c 300 "$TMP/lint")"; fi
	# group_by on fields named like the writer's labels and Prometheus' own
	cat >"$TMP/cons.yaml" <<'YAML'
slos:
  - name: lat
    latency: {threshold: 300ms}
    objective: 90
    window: 1h
    group_by: [slo, q, window, labels.__name__]
YAML
	printf '{"ts":"2026-11-26T08:00:00Z","status":200,"latency_ms":12,"labels":{"__name__":"x"}}\n' >"$TMP/cons.ndjson"
	run slo-eval -s "$TMP/cons.yaml" -f prom "$TMP/cons.ndjson"
	if promtool check metrics <"$TMP/out" >"$TMP/lint" 2>&1
	then _pass; else _fail "promtool: $(head -c 300 "$TMP/lint")"; fi
	out_has 'slo_latency_quantile_seconds{slo="lat",exported_slo="",exported_q="",exported_window="",labels___name__="x",q="0.5"} 0.012'
else
	notice promtool "prom (slo-eval)"
fi

if have cmark; then
	case_ "markdown renders through CommonMark with log text inert"
	cat >"$TMP/md.yaml" <<'YAML'
slos:
  - name: avail
    good: 'status < 500'
    objective: 99
    window: 1h
    group_by: [route]
YAML
	printf '{"ts":"2026-11-26T08:00:00Z","status":500,"cohort":"<img src=x>","route":"<img src=x onerror=alert(1)>|</td><script>x</script>"}\n' >"$TMP/md.ndjson"
	printf '{"kind":"flag","ts":"2026-11-26T08:00:00Z","flag":"<img src=x>|</td>","variant":"on","subject":"u"}\n' >>"$TMP/md.ndjson"
	run slo-eval -s "$TMP/md.yaml" -f markdown "$TMP/md.ndjson"
	code_is 1; out_has '&lt;img'
	cmark <"$TMP/out" >"$TMP/html"; cp "$TMP/html" "$TMP/out"
	out_has '&lt;img'; out_lacks '<img'; out_lacks '<script'; out_lacks '</td>'
	run flag-audit -r "$EX/flags/flags.yaml" -f markdown "$TMP/md.ndjson"
	code_is 1; out_has '&lt;img'
	cmark <"$TMP/out" >"$TMP/html"; cp "$TMP/html" "$TMP/out"
	out_has '&lt;img'; out_lacks '<img'; out_lacks '</td>'
	run promote-check --cohort '<img src=x>' -f markdown "$TMP/md.ndjson"
	out_has '&lt;img'
	cmark <"$TMP/out" >"$TMP/html"; cp "$TMP/html" "$TMP/out"
	out_has '&lt;img'; out_lacks '<img'
else
	notice cmark "markdown"
fi

# ---- csv and tsv (issue 19, item 1) -----------------------------------------
# CSV read back by python3's csv module (RFC 4180 dialect "excel") and by
# Miller when installed; TSV by csv's tab dialect without quoting, as
# Miller's TSV reader takes it (fields never hold a tab or a newline; \t,
# \n and \\ are its escapes: https://miller.readthedocs.io/en/latest/file-formats/).
# Each record is checked against the tool's own ndjson: a second reading
# of the same verdict.
if have python3; then
	cat >"$TMP/sv.py" <<'PY'
import csv, json, sys
fmt, svfile, ndfile, key, field = sys.argv[1:6]
with open(svfile, newline="") as f:
    if fmt == "csv":
        raw = f.read()
        assert raw.endswith("\r\n"), "csv records end with CRLF"
        rows = list(csv.DictReader(raw.splitlines(keepends=True)))
    else:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        assert all(None not in r and None not in r.values() for r in rows), "ragged tsv"
nd = [json.loads(l) for l in open(ndfile) if l.strip()]
nd = [o for o in nd if key in o]
assert len(rows) == len(nd), "%d rows, %d ndjson records" % (len(rows), len(nd))
for r, o in zip(rows, nd):
    want = o[key] if field == key else o[field]
    got = r[field]
    if isinstance(want, float):
        assert float(got) == want, (got, want)
    else:
        assert got == str(want), (got, want)
print(len(rows))
PY
	sv_check() { # fmt file ndjson key field
		if python3 "$TMP/sv.py" "$@" >"$TMP/py" 2>&1; then _pass
		else _fail "python3 csv: $(tail -c 300 "$TMP/py")"; fi
	}
	for fmt in csv tsv; do
		case_ "slo-eval, flag-audit, promote-check -f $fmt read back by python3's csv"
		slo-eval -s "$EX/eval/slos.yaml" "$EX/eval/events.ndjson" >"$TMP/nd"
		run slo-eval -s "$EX/eval/slos.yaml" -f $fmt "$EX/eval/events.ndjson"
		code_is 1; cp "$TMP/out" "$TMP/sv"
		sv_check $fmt "$TMP/sv" "$TMP/nd" slo slo
		sv_check $fmt "$TMP/sv" "$TMP/nd" sli sli
		sv_check $fmt "$TMP/sv" "$TMP/nd" status status
		flag-audit -r "$EX/flags/flags.yaml" "$EX/flags/evaluations.ndjson" >"$TMP/nd"
		run flag-audit -r "$EX/flags/flags.yaml" -f $fmt "$EX/flags/evaluations.ndjson"
		code_is 1; cp "$TMP/out" "$TMP/sv"
		sv_check $fmt "$TMP/sv" "$TMP/nd" check flag
		sv_check $fmt "$TMP/sv" "$TMP/nd" check check
		# one criterion per row, in the verdict's order
		promote-check -c "$EX/promote/promote.yaml" "$EX/promote/fail.ndjson" |
		    python3 -c 'import json,sys; [print(json.dumps(c)) for c in json.load(sys.stdin)["criteria"]]' >"$TMP/nd"
		run promote-check -c "$EX/promote/promote.yaml" -f $fmt "$EX/promote/fail.ndjson"
		code_is 1; cp "$TMP/out" "$TMP/sv"
		sv_check $fmt "$TMP/sv" "$TMP/nd" result result
	done

	case_ "csv quotes and tsv escapes hostile text from the input"
	# a route with a comma, a quote, a tab, a newline and a backslash
	printf '{"ts":"2026-11-26T08:00:00Z","status":500,"route":"a,\\"b\\"\\tc\\nd\\\\e"}\n' >"$TMP/sv.ndjson"
	cat >"$TMP/sv.yaml" <<'YAML'
slos:
  - name: avail
    good: 'status < 500'
    objective: 99
    window: 1h
    group_by: [route]
YAML
	run slo-eval -s "$TMP/sv.yaml" -f csv "$TMP/sv.ndjson"
	# 1 bad request of 1 against 99%: sli 0, budget remaining 1 - 1/0.01 =
	# -99, burn 1/0.01 = 100 (hand computation).  RFC 4180: quoted, '"'
	# doubled; the tab, newline and backslash shown
	# escaped as in the table, so the record stays on one line
	out_has 'avail,"a,""b""\tc\nd\\e",breached,0,0.99,-99,100,'
	n=$(wc -l <"$TMP/out"); is "csv lines" "$n" 2
	cp "$TMP/out" "$TMP/sv"
	python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], newline=""))); assert r[1][1] == "a,\"b\"\\tc\\nd\\\\e", r' "$TMP/sv" 2>"$TMP/py" &&
	    _pass || _fail "python3 csv: $(cat "$TMP/py")"
	run slo-eval -s "$TMP/sv.yaml" -f tsv "$TMP/sv.ndjson"
	out_has "$(printf 'avail\ta,"b"\\tc\\nd\\\\e\tbreached')"
	n=$(awk -F'\t' '{ print NF }' "$TMP/out" | sort -u); is "tsv fields" "$n" 8
else
	notice python3 "csv and tsv"
fi
if have mlr; then
	case_ "csv and tsv read by Miller"
	run slo-eval -s "$EX/eval/slos.yaml" -f csv "$EX/eval/events.ndjson"
	mlr --icsv --ojson cat "$TMP/out" >"$TMP/mlr" 2>&1 && _pass || _fail "mlr csv: $(head -c 300 "$TMP/mlr")"
	grep -q '"slo": "checkout-availability"' "$TMP/mlr" && _pass || _fail "mlr csv: no slo field"
	run slo-eval -s "$EX/eval/slos.yaml" -f tsv "$EX/eval/events.ndjson"
	mlr --itsv --ojson cat "$TMP/out" >"$TMP/mlr" 2>&1 && _pass || _fail "mlr tsv: $(head -c 300 "$TMP/mlr")"
else
	notice mlr "csv and tsv (Miller)"
fi
