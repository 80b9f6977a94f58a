# test_render_text.sh — log text in the human formats (issue 14, items 7,
# 8 and 11): ESC and OSC 52 sequences, newlines, "<img>", "</td>" and '|'
# from routes, cohorts and flag keys are shown escaped in every table,
# markdown, junit and html writer of the four tools; long names are never
# cut inside a UTF-8 character; a group_by dimension never repeats one of
# the prom writer's own labels, and no prom series is written twice.
# Sourced by tests/cli/run.sh (helpers there).

RT_ESC=$(printf '\033')
# A route that retitles a terminal, writes its clipboard (OSC 52), forges
# a row, opens a tag and closes a markdown/html cell.
RT_ROUTE='/a\u001b]0;owned\u0007\u001b]52;c;aGk=\u0007|<img src=x onerror=alert(1)></td>\nforged|x'
RT_LONG='paiement-réussi-été-très-long-nom-de-route-pour-voir-la-coupure-au-milieu'
rt_events() {
	printf '{"kind":"request","ts":"2026-11-26T08:00:0%dZ","status":%d,"route":"%s","cohort":"%s","flags":{"%s":"on"}}\n' \
	    1 200 "$RT_ROUTE" "$RT_ROUTE" "$RT_ROUTE" \
	    2 500 "$RT_LONG" "$RT_LONG" "$RT_LONG"
	printf '{"kind":"flag","ts":"2026-11-26T08:00:03Z","flag":"%s","variant":"on","subject":"u1"}\n' "$RT_ROUTE"
}
rt_events >"$TMP/rt.ndjson"
cat >"$TMP/rt.yaml" <<'YAML'
slos:
  - name: billing-availability-by-route-for-the-payments-team-dashboard
    good: 'status < 500'
    objective: 99.9
    window: 30d
    group_by: [route, slo, window]
YAML

# No ESC or other C0 control but newline in stdout; valid UTF-8.
rt_clean_bytes() {
	if LC_ALL=C tr -d '\n' <"$TMP/out" | LC_ALL=C grep -q '[[:cntrl:]]'
	then _fail "raw control byte in output"; else _pass; fi
	if iconv -f UTF-8 -t UTF-8 <"$TMP/out" >/dev/null 2>&1
	then _pass; else _fail "output is not valid UTF-8"; fi
}

case_ "slo-eval table: log text escaped, names cut between characters"
# 120 columns: the route's head, with its escapes, is shown (at 80 the
# group is shortened to "/a…"; test_outputs.sh covers the width)
COLUMNS=120 run slo-eval -s "$TMP/rt.yaml" -f table "$TMP/rt.ndjson"
code_is 1; rt_clean_bytes; out_lacks "$RT_ESC"; out_has '/a\x1b]0;'
out_lacks 'forged|'

case_ "slo-eval markdown: no tag, no cell break, no control byte"
run slo-eval -s "$TMP/rt.yaml" -f markdown "$TMP/rt.ndjson"
code_is 1; rt_clean_bytes; out_lacks '<img'; out_lacks '</td>'
out_has '&lt;img src=x onerror=alert(1)&gt;&lt;/td&gt;'
# Every data row has the header's 9 unescaped pipes.
n=$(grep '^| billing' "$TMP/out" | sed 's/\\|//g' | awk -F'|' '{ print NF - 1 }' | sort -u)
is "markdown row pipes" "$n" 9

case_ "slo-eval html: text escaped"
run slo-eval -s "$TMP/rt.yaml" -f html "$TMP/rt.ndjson"
code_is 1; rt_clean_bytes; out_lacks '<img'; out_has '&lt;/td&gt;'

case_ "slo-eval prom: dimension labels never repeat the writer's own"
run slo-eval -s "$TMP/rt.yaml" -f prom "$TMP/rt.ndjson"
code_is 1; out_has ',exported_slo="",exported_window=""'
# No sample names a label twice (label names before '=' inside the braces).
dup=$(grep -v '^#' "$TMP/out" | sed 's/^[^{]*{//; s/} [^ ]*$//' |
    awk '{ n = split($0, p, /="([^"\\]|\\.)*",?/); delete seen
	for (i = 1; i < n; i++) if (seen[p[i]]++) { print; break } }' | head -1)
is "repeated label" "$dup" ""
# The google-30d windows 6h (twice in the policy) give one series each.
dup=$(grep '^slo_alert_burn_rate' "$TMP/out" | sed 's/} .*//' | sort | uniq -d | head -1)
is "repeated series" "$dup" ""
n=$(grep -c '^slo_alert_burn_rate.*paiement.*window="6h"' "$TMP/out")
is "6h burn series" "$n" 1

case_ "promote-check table, markdown, junit: cohort text escaped"
run promote-check --cohort "$(printf '/a\033]0;owned\007|<img>')" -f table "$TMP/rt.ndjson"
rt_clean_bytes; out_has '\x1b]0;owned\x07'
run promote-check --cohort "$(printf '/a\033|<img>')" -f markdown "$TMP/rt.ndjson"
rt_clean_bytes; out_lacks '<img'; out_has '\\x1b\|&lt;img&gt;'
run promote-check --cohort "$(printf '/a\033|<img>')" -f junit "$TMP/rt.ndjson"
rt_clean_bytes; out_lacks '<img'
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout "$TMP/out" 2>"$TMP/err"; then _pass; else _fail "junit not well-formed"; fi
else
	echo "notice: xmllint not installed; promote-check junit not parsed" >&2
fi

case_ "flag-audit table, markdown, junit: flag keys escaped"
run flag-audit --registry "$EX/flags/flags.yaml" -f table "$TMP/rt.ndjson"
rt_clean_bytes; out_has '\x1b]52;c;aGk=\x07'
run flag-audit --registry "$EX/flags/flags.yaml" -f markdown "$TMP/rt.ndjson"
rt_clean_bytes; out_lacks '<img'; out_lacks '</td>'
n=$(grep '^| [a-z*]* | unknown' "$TMP/out" | sed 's/\\|//g' | awk -F'|' '{ print NF - 1 }' | sort -u)
is "flag-audit markdown row pipes" "$n" 5
run flag-audit --registry "$EX/flags/flags.yaml" -f junit "$TMP/rt.ndjson"
rt_clean_bytes; out_lacks '<img'
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout "$TMP/out" 2>"$TMP/err"; then _pass; else _fail "junit not well-formed"; fi
fi
