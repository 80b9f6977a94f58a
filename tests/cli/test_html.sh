# test_html.sh — slo-eval's HTML report (issue 19, item 5): time axes with
# several ticks and their zone, burn rates on a log scale with each alert's
# threshold, the alerts firing at the evaluation instant and the moments
# they fired before it, each SLO's description, service and owner, and with many groups the worst first, the rest
# collapsed and the page capped.  The page is checked by xmllint (XML
# well-formedness, and libxml2's HTML parser) when installed, and by a
# real browser when Chromium is: a headless screenshot of the demo report,
# not blank, and the DOM it built holding the charts.
# Sourced by tests/cli/run.sh (helpers there).

H=$TMP/html-report; mkdir -p "$H"

# Known answers.  One SLO, 99 % over 1 day, report step 1h (the default);
# 2400 requests, one every 36 s from 2026-11-25T00:00:00Z (epoch
# 1795564800 = 20417 days x 86400 s) to 23:59:24, the last 10 of them
# (from 23:53:24) 503.  By hand:
#   budget left = 1 - bad / ((1 - 0.99) x total) = 1 - 10 / 24 = 58.3 %
#   burn of the last hour step = (10 / 100) / 0.01 = 10x; other steps 0
#   ticket 6h/30m fires: 6h burn (10 / 600) / 0.01 = 1.67 >= 1, 30m burn
#     (10 / 50) / 0.01 = 20 >= 1; page 1h/5m does not: 1h burn 10 < 14.4
#   the series spans 00:00 to 24:00: 24h / 8 ticks at most gives 3h
#     ticks, 9 of them, 00:00 to 24:00, the first and the midnights dated.
cat >"$H/ka.yaml" <<'Y'
slos:
  - name: api-<availability>
    description: 'answers without a server error, "&" fast'
    service: api
    good: 'status < 500'
    objective: 99
    window: 1d
    alerts:
      - {severity: page, long: 1h, short: 5m, burn: 14.4}
      - {severity: ticket, long: 6h, short: 30m, burn: 1}
Y
awk 'BEGIN { t0 = 1795564800
	for (i = 0; i < 2400; i++)
		printf "{\"kind\":\"request\",\"ts\":%d,\"service\":\"api\",\"status\":%d}\n",
		    t0 + i * 36, (i >= 2390 ? 503 : 200) }' >"$H/ka.ndjson"

case_ "html: known answers, time axis with 3h ticks in UTC"
run slo-eval -s "$H/ka.yaml" -f html "$H/ka.ndjson"
code_is 0
cp "$TMP/out" "$H/ka.html"
out_has '<td class="warning">warning</td>'
out_has '<td class="n">58.3%</td>'
ticks=$(grep -o '<text class="tick"[^>]*>[^<]*<' "$H/ka.html" | sed 's/.*">//; s/<$//' | tr '\n' ',')
is "tick labels" "$ticks" "11-25 00:00,03:00,06:00,09:00,12:00,15:00,18:00,21:00,11-26 00:00,"
out_has '>time (UTC)</text>'
# the end labels stay inside the picture (anchored at their start, end)
out_has '<text class="tick" x="52.0" y="314" text-anchor="start">11-25 00:00</text>'
out_has '<text class="tick" x="748.0" y="314" text-anchor="end">11-26 00:00</text>'
out_has 'text-anchor="end">50%</text>'
out_has 'times in UTC</p>'

case_ "html: burn on a log scale, thresholds drawn, the firing alert marked"
out_has 'burn rate per 1h step (log scale)'
# decade grid lines: the y of each label's line (label y - 4)
y10=$(sed -n 's/.*<text x="48" y="\([0-9.]*\)" text-anchor="end">10x<.*/\1/p' "$H/ka.html")
y1=$(sed -n 's/.*<text x="48" y="\([0-9.]*\)" text-anchor="end">1x<.*/\1/p' "$H/ka.html")
y100=$(sed -n 's/.*<text x="48" y="\([0-9.]*\)" text-anchor="end">100x<.*/\1/p' "$H/ka.html")
[ -n "$y10" ] && [ -n "$y1" ] && [ -n "$y100" ] && _pass || _fail "decade labels 1x, 10x, 100x missing"
# one bar, the last hour's, its top on the 10x line
is "burn bars" "$(grep -c '<rect class="burn"' "$H/ka.html")" 1
bar=$(sed -n 's/.*<rect class="burn" x="[0-9.]*" y="\([0-9.]*\)".*/\1/p' "$H/ka.html")
is "10x bar top on the 10x line" "$(awk -v a="$bar" -v b="$y10" 'BEGIN { printf "%.1f", b - 4 - a }')" 0.0
# log scale: decades equally spaced
is "decades equally spaced" "$(awk -v a="$y1" -v b="$y10" -v c="$y100" 'BEGIN { printf "%.1f", (a - b) - (b - c) }')" 0.0
# thresholds: 14.4x at log10(14.4) = 1.158 decades, between 10x and 100x
is "threshold lines" "$(grep -c '<line class="threshold"' "$H/ka.html")" 2
y144=$(sed -n 's/.*<line class="threshold" x1="52" x2="748" y1="\([0-9.]*\)".*stroke="#cf222e".*/\1/p' "$H/ka.html")
is "14.4x line, in decades above 10x" \
    "$(awk -v t="$y144" -v a="$y1" -v b="$y10" 'BEGIN { printf "%.2f", (b - 4 - t) / (a - b) }')" \
    "$(awk 'BEGIN { printf "%.2f", log(14.4) / log(10) - 1 }')"
out_has '>page 14.4x 1h/5m</text>'
out_has '>ticket 1x 6h/30m: firing</text>'
is "firing markers" "$(grep -c '<circle class="firing"' "$H/ka.html")" 1
out_has '<title>ticket 1x 6h/30m firing at the evaluation instant</title>'

case_ "html: description and service shown, escaped"
out_has '<dt>api-&lt;availability&gt;</dt>'
out_has '<dd>99% over 1d; service api<br/>answers without a server error, &quot;&amp;&quot; fast</dd>'
out_has '<p class="meta">answers without a server error, &quot;&amp;&quot; fast</p>'
run slo-eval -s "$EX/eval/slos.yaml" -f html "$EX/eval/events.ndjson"
out_has '<dd>99.5% over the calendar month in Europe/Paris'

case_ "html: many groups, the worst first, the rest collapsed, the page capped"
# 5000 routes of one request each; route r4321's is a 503, so its group
# is the one breached (SLI 0) and must lead.
cat >"$H/many.yaml" <<'Y'
slos:
  - name: by-route
    good: 'status < 500'
    objective: 99
    window: 1d
    group_by: [route]
Y
awk 'BEGIN { for (i = 0; i < 5000; i++)
	printf "{\"ts\":\"2026-11-25T10:%02d:%02dZ\",\"route\":\"r%d\",\"status\":%d}\n",
	    int(i / 60) % 60, i % 60, i, (i == 4321 ? 503 : 200) }' >"$H/many.ndjson"
run slo-eval -s "$H/many.yaml" -f html "$H/many.ndjson"
code_is 1
cp "$TMP/out" "$H/many.html"
out_has '<h2>The 20 worst of 5000 verdicts</h2>'
out_has '<summary>the other 4980 verdicts, worst first (the first 1000)</summary>'
out_has '3980 more verdicts are not shown'
first=$(grep -m1 '^<tr><td>by-route' "$H/many.html")
case $first in *'route=r4321</td><td class="breached">'*) _pass ;; *) _fail "first row: $first" ;; esac
is "rows" "$(grep -c '^<tr><td>by-route' "$H/many.html")" 1020
is "charts" "$(grep -c '<svg' "$H/many.html")" 20
is "the SLO described once, whatever its groups" "$(grep -c '<dt>by-route</dt>' "$H/many.html")" 1
size=$(wc -c <"$H/many.html")
[ "$size" -lt 1000000 ] && _pass || _fail "5000 groups give a page of $size bytes"
is "well formed" "$(awk -f "$top/tests/cli/html-balance.awk" "$H/many.html")" ok
# just over the bound: one collapsed, no cap note
head -21 "$H/many.ndjson" >"$H/m21.ndjson"
run slo-eval -s "$H/many.yaml" -f html "$H/m21.ndjson"
out_has '<summary>the other 1 verdicts, worst first</summary>'
out_lacks 'not shown'
# at the bound: one table in the engine's order, no details
head -20 "$H/many.ndjson" >"$H/m20.ndjson"
run slo-eval -s "$H/many.yaml" -f html "$H/m20.ndjson"
out_lacks '<details>'
is "charts at 20" "$(grep -c '<svg' "$TMP/out")" 20

case_ "html: the moments alerts fired in the past of the window are marked"
# By hand (the same day as tests/unit/test_report_alerts.c): one event a
# minute on 2026-12-01, the 60 of 05:00-05:59 bad, 99 % over 1d, 1h steps.
# page 10x 1h/5m: at the end of step 05:00-06:00 both windows are all bad
# (burn 100); at every other step end the 1h window is all good: one mark,
# at 06:00.  ticket 5x 6h/30m: its 30m window holds bad events only at
# 06:00 (burn 100, 6h burn 60 / 360 / 0.01 = 16.7): one mark, at 06:00.
# Neither fires at the instant (23:59:30).
awk 'BEGIN { for (m = 0; m < 1440; m++)
	printf "{\"ts\":\"2026-12-01T%02d:%02d:00Z\",\"status\":%d}\n",
	    int(m / 60), m % 60, (m >= 300 && m < 360) ? 500 : 200 }' >"$H/fired.ndjson"
cat >"$H/fired.yaml" <<'Y'
slos:
  - name: fired
    good: 'status < 500'
    objective: 99
    window: 1d
    alerts:
      - {severity: page, long: 1h, short: 5m, burn: 10}
      - {severity: ticket, long: 6h, short: 30m, burn: 5}
Y
run slo-eval -s "$H/fired.yaml" -f html --at 2026-12-01T23:59:30Z "$H/fired.ndjson"
code_is 1
is "fired marks" "$(grep -c '<rect class="fired"' "$TMP/out")" 2
out_has '<title>page 10x 1h/5m fired at 2026-12-01T06:00:00Z</title>'
out_has '<title>ticket 5x 6h/30m fired at 2026-12-01T06:00:00Z</title>'
out_lacks '<circle class="firing"'
# a run of steps is one band: every step bad from 05:00 to 08:00
awk '{ if ($0 ~ /T0[67]:/) sub(/"status":200/, "\"status\":500"); print }' \
    "$H/fired.ndjson" >"$H/fired3.ndjson"
run slo-eval -s "$H/fired.yaml" -f html --at 2026-12-01T23:59:30Z "$H/fired3.ndjson"
out_has '<title>page 10x 1h/5m fired at 2026-12-01T06:00:00Z and at each step'"'"'s end to 2026-12-01T08:00:00Z (3 steps)</title>'

case_ "html: well formed for XML and libxml2's HTML parser"
slo-eval -s "$EX/eval/slos.yaml" -f html "$EX/eval/events.ndjson" >"$H/demo.html" 2>/dev/null
if command -v xmllint >/dev/null 2>&1; then
	for f in demo ka many; do
		xmllint --noout "$H/$f.html" 2>"$TMP/err" && _pass || _fail "xmllint: $f.html"
		# libxml2's HTML parser is HTML 4: it knows no <svg> or <section>
		# and says "Tag X invalid"; any other complaint is a fault
		xmllint --html --noout "$H/$f.html" 2>&1 | grep 'parser error :' |
		    grep -v 'Tag [a-z]* invalid' >"$TMP/err"
		[ ! -s "$TMP/err" ] && _pass || _fail "xmllint --html: $f.html"
	done
else
	echo "  notice: xmllint not installed (make deps): HTML not checked by libxml2"
fi

case_ "html: a real browser draws the demo report"
chrome=$(command -v chromium || command -v chromium-browser ||
    command -v google-chrome || command -v google-chrome-stable)
if [ -z "$chrome" ]; then
	echo "  notice: Chromium not installed: the report is not checked in a browser"
else
	cb() { timeout 60 "$chrome" --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$H/chrome" "$@" 2>/dev/null; }
	cb --dump-dom "file://$H/demo.html" >"$H/dom.html"
	is "charts in the DOM" "$(grep -c '<svg' "$H/dom.html")" "$(grep -c '<svg' "$H/demo.html")"
	grep -q '<rect class="burn"' "$H/dom.html" && _pass || _fail "no burn bars in the DOM"
	printf '<!DOCTYPE html>\n<html><body></body></html>\n' >"$H/blank.html"
	cb --window-size=1000,1400 --screenshot="$H/blank.png" "file://$H/blank.html" >/dev/null
	cb --window-size=1000,1400 --screenshot="$H/demo.png" "file://$H/demo.html" >/dev/null
	[ -s "$H/demo.png" ] && _pass || _fail "no screenshot"
	# a blank page compresses to almost nothing; charts and text do not
	b=$(wc -c <"$H/blank.png"); d=$(wc -c <"$H/demo.png")
	[ "$d" -gt $((b * 4)) ] && _pass || _fail "screenshot of $d bytes, a blank page $b: blank?"
fi
