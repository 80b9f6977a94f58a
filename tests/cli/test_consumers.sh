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
else
	notice xmllint "junit (flag-audit, promote-check)"
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
