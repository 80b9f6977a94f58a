# test_outputs.sh — files written safely and tables that fit (issue 19,
# items 3 and 4): -o FILE replaced whole through a temporary file renamed
# into place, also on a failing verdict, left as it was on exit 2; the
# extra outputs of one run (--prom, --markdown, --html, --junit FILE),
# each the same bytes as that format on standard output; the freshness
# gauge slo_last_evaluation_timestamp_seconds; the cron recipes of
# slo-eval(1) and the README run as written; the table's width from the
# terminal (TIOCGWINSZ), COLUMNS or 80, and --wide.
# Sourced by tests/cli/run.sh (helpers there).

od=$TMP/outputs; mkdir -p "$od"
SPEC=$EX/eval/slos.yaml; EVENTS=$EX/eval/events.ndjson
# Temporary files a run could leave behind: .NAME.XXXXXX beside NAME.
no_temp() {
	left=$(ls -A "$1" | grep '^\..*\.[A-Za-z0-9]\{6\}$' | head -1)
	is "temporary file left in $1" "$left" ""
}

case_ "-o FILE: the verdict in FILE, also when an SLO is breached (exit 1)"
run slo-eval -s "$SPEC" -f prom -o "$od/slo.prom" "$EVENTS"
code_is 1; [ -s "$TMP/out" ] && _fail "stdout not empty with -o" || _pass
slo-eval -s "$SPEC" -f prom "$EVENTS" >"$od/stdout.prom"
cmp -s "$od/slo.prom" "$od/stdout.prom" && _pass || _fail "-o FILE differs from stdout"
no_temp "$od"

case_ "-o FILE replaces the file by rename, never rewrites it in place"
echo old >"$od/r.prom"; ln "$od/r.prom" "$od/r.link"; chmod 640 "$od/r.prom"
run slo-eval -s "$SPEC" -f prom -o "$od/r.prom" "$EVENTS"
code_is 1
# A reader holding the old file (the hard link) still sees all of it.
is "old content through the link" "$(cat "$od/r.link")" "old"
cmp -s "$od/r.prom" "$od/stdout.prom" && _pass || _fail "r.prom not replaced"
is "mode kept" "$(stat -c %a "$od/r.prom")" 640
rm -f "$od/new.prom"
(umask 027; slo-eval -s "$SPEC" -f prom -o "$od/new.prom" "$EVENTS")
is "new file mode: 0666 less umask 027" "$(stat -c %a "$od/new.prom")" 640

case_ "-o through a symbolic link replaces its file; /dev/null is written directly"
echo old >"$od/target.prom"; ln -sf target.prom "$od/link.prom"
run slo-eval -s "$SPEC" -f prom -o "$od/link.prom" "$EVENTS"
code_is 1
[ -L "$od/link.prom" ] && _pass || _fail "the link was replaced"
cmp -s "$od/target.prom" "$od/stdout.prom" && _pass || _fail "the link's file not replaced"
run slo-eval -s "$SPEC" -f prom -o /dev/null "$EVENTS"
code_is 1; out_eq_empty=$(wc -c <"$TMP/out"); is "stdout with -o /dev/null" "$out_eq_empty" 0
no_temp "$od"

case_ "-o FILE is left as it was after an error (exit 2)"
echo old >"$od/keep.prom"
{ cat "$EVENTS"; echo garbage; } >"$od/bad.ndjson"
run slo-eval -s "$SPEC" -f prom -o "$od/keep.prom" --max-bad 0 "$od/bad.ndjson"
code_is 2; is "kept" "$(cat "$od/keep.prom")" "old"; no_temp "$od"
err_has 'more than --max-bad allows'
# --strict writes a verdict and exits 2: the file still is not replaced
run slo-eval --objective 99 --good 'nosuchfield < 500' --strict \
    -f prom -o "$od/keep.prom" "$EVENTS"
code_is 2; is "kept after --strict" "$(cat "$od/keep.prom")" "old"
err_has "keep.prom: left as it was (exit 2)"; no_temp "$od"

case_ "-o and the extra outputs refuse to replace an input or each other"
cp "$EVENTS" "$od/in.ndjson"
run slo-eval -s "$SPEC" -o "$od/in.ndjson" "$od/in.ndjson"
code_is 2; err_has "an output is the same file as input"
cmp -s "$od/in.ndjson" "$EVENTS" && _pass || _fail "input overwritten"
run slo-eval -s "$SPEC" --html "$SPEC" "$EVENTS"
code_is 2; err_has "an output is the same file as config file"
run slo-eval -s "$SPEC" -o "$od/x" --prom "$od/x" "$EVENTS"
code_is 2; err_has "two outputs name the same file"
run slo-eval -s "$SPEC" -o - "$EVENTS"
code_is 2; err_has "-o needs a file name"

case_ "-o in a directory that does not exist: exit 2, the file named"
run slo-eval -s "$SPEC" -f prom -o "$od/nodir/slo.prom" "$EVENTS"
code_is 2; err_has "$od/nodir/slo.prom: No such file or directory"
run slo-eval -s "$SPEC" --markdown "$od/nodir/r.md" "$EVENTS"
code_is 2; err_has "$od/nodir/r.md: No such file or directory"

case_ "slo-eval: prom, markdown and html files from one run, as on stdout"
run slo-eval -s "$SPEC" -f ndjson --prom "$od/e.prom" \
    --markdown "$od/e.md" --html "$od/e.html" "$EVENTS"
code_is 1; out_has '"slo":"checkout-availability"'
for f in prom markdown html; do
	case $f in prom) x=e.prom ;; markdown) x=e.md ;; html) x=e.html ;; esac
	slo-eval -s "$SPEC" -f $f "$EVENTS" >"$od/want.$f"
	cmp -s "$od/$x" "$od/want.$f" && _pass || _fail "--$f FILE differs from -f $f"
done
no_temp "$od"
run slo-eval -s "$SPEC" -f table --csv "$od/e.csv" --tsv "$od/e.tsv" "$EVENTS"
code_is 1
for f in csv tsv; do
	slo-eval -s "$SPEC" -f $f "$EVENTS" >"$od/want.$f"
	cmp -s "$od/e.$f" "$od/want.$f" && _pass || _fail "--$f FILE differs from -f $f"
done
# --html alone asks the engine for the charts' series
grep -q '<svg' "$od/e.html" && _pass || _fail "--html FILE without charts"

case_ "flag-audit and promote-check: junit and markdown files from one run"
run flag-audit -r "$EX/flags/flags.yaml" -f ndjson --junit "$od/f.xml" \
    --markdown "$od/f.md" "$EX/flags/evaluations.ndjson"
code_is 1
flag-audit -r "$EX/flags/flags.yaml" -f junit "$EX/flags/evaluations.ndjson" >"$od/want.xml"
cmp -s "$od/f.xml" "$od/want.xml" && _pass || _fail "flag-audit --junit FILE differs"
flag-audit -r "$EX/flags/flags.yaml" -f markdown "$EX/flags/evaluations.ndjson" >"$od/want.md"
cmp -s "$od/f.md" "$od/want.md" && _pass || _fail "flag-audit --markdown FILE differs"
run promote-check -c "$EX/promote/promote.yaml" -f markdown --junit "$od/p.xml" \
    "$EX/promote/fail.ndjson"
code_is 1; out_has '| Criterion |'
promote-check -c "$EX/promote/promote.yaml" -f junit "$EX/promote/fail.ndjson" >"$od/want.xml"
cmp -s "$od/p.xml" "$od/want.xml" && _pass || _fail "promote-check --junit FILE differs"
if command -v xmllint >/dev/null 2>&1; then
	for x in f.xml p.xml; do
		xmllint --noout --schema "$top/tests/schema/junit-10.xsd" "$od/$x" 2>"$TMP/xsd" &&
		    _pass || _fail "$x: $(head -c 300 "$TMP/xsd")"
	done
else
	echo "notice: xmllint not installed: --junit FILE not checked against junit-10.xsd" >&2
fi
# slo-eval --junit FILE (issue 21.4: slo-eval has a junit form) is -f junit
run slo-eval -s "$SPEC" --junit "$od/e.xml" "$EVENTS"
code_is 1
slo-eval -s "$SPEC" -f junit "$EVENTS" >"$od/want.xml"
cmp -s "$od/e.xml" "$od/want.xml" && _pass || _fail "slo-eval --junit FILE differs"
# Formats a tool lacks are not offered
run promote-check -c "$EX/promote/promote.yaml" --html "$od/no.html" /dev/null
code_is 2; err_has "unknown option '--html'"
run flag-audit -r "$EX/flags/flags.yaml" --prom "$od/no.prom" /dev/null
code_is 2; err_has "unknown option '--prom'"

case_ "prom: slo_last_evaluation_timestamp_seconds is the evaluation instant"
# 2026-11-25T00:00:00Z is 1795564800 s after the epoch (GNU date -u -d
# 2026-11-25T00:00:00Z +%s; 20417 days * 86400 s).
run slo-eval -s "$SPEC" -f prom --at 2026-11-25T00:00:00Z "$EVENTS"
out_has '# TYPE slo_last_evaluation_timestamp_seconds gauge'
n=$(grep -c '^slo_last_evaluation_timestamp_seconds ' "$TMP/out")
is "one freshness series" "$n" 1
out_has 'slo_last_evaluation_timestamp_seconds 1795564800'
run slo-eval -s "$SPEC" -f prom --at 2026-11-25T00:00:00.25Z "$EVENTS"
out_has 'slo_last_evaluation_timestamp_seconds 1795564800.25'
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$TMP/out" >"$TMP/lint" 2>&1 && _pass ||
	    _fail "promtool: $(head -c 300 "$TMP/lint")"
else
	echo "notice: promtool not installed: freshness metric not linted" >&2
fi
# No instant (no event, no --at): no freshness sample
run slo-eval -s "$SPEC" -f prom /dev/null
out_lacks 'slo_last_evaluation_timestamp_seconds '

case_ "slo-eval(1)'s cron recipe runs as written (in a scratch dir that sees examples/)"
awk '/^A cron job, run in node_exporter/ { on = 1 } on && /^\.Ed/ { exit }
	on && /^slo-eval|^    / { print }' "$top/man/slo-eval.1" |
    sed 's/\\e$//' | tr '\n' ' ' >"$od/cron.sh"
grep -q -- '-o slo.prom' "$od/cron.sh" && _pass ||
    _fail "recipe not found in slo-eval.1: $(cat "$od/cron.sh")"
mkdir -p "$od/cron"; ln -s "$top/examples" "$od/cron/examples"
(cd "$od/cron" && sh "$od/cron.sh") >"$TMP/out" 2>"$TMP/err"
c=$?; case $c in 0|1|3) _pass ;; *) _fail "recipe exit $c: $(cat "$TMP/err")" ;; esac
[ -s "$od/cron/slo.prom" ] && _pass || _fail "no slo.prom"
[ -s "$od/cron/report.html" ] && _pass || _fail "no report.html"
grep -q '^slo_last_evaluation_timestamp_seconds ' "$od/cron/slo.prom" &&
    _pass || _fail "no freshness metric"
no_temp "$od/cron"

# ---- the table's width ---------------------------------------------------

cat >"$od/w.yaml" <<'YAML'
slos:
  - name: billing-availability
    good: 'status < 500'
    objective: 99.9
    window: 30d
    alerts: none
  - name: billing-availability-by-route-for-the-payments-team-dashboard
    good: 'status < 500'
    objective: 99.9
    window: 30d
    alerts: none
  - name: checkout
    good: 'status < 500'
    objective: 99
    window: 30d
    alerts: none
    group_by: [route]
YAML
printf '{"ts":"2026-11-26T08:00:00Z","status":200,"route":"/api/payments/authorize/v2"}\n' >"$od/w.ndjson"
printf '{"ts":"2026-11-26T08:00:01Z","status":500,"route":"/api/payments/authorize/v2"}\n' >>"$od/w.ndjson"
# The widest line in display columns (wc -L counts characters as columns
# in a UTF-8 locale; U+2026 is one column).
widest() { LC_ALL=C.UTF-8 wc -L <"$TMP/out" | tr -d ' '; }
table_lines() { grep -v '^at \|^alert polic' "$TMP/out"; }

case_ "table: 80 columns without a terminal or COLUMNS"
COLUMNS= run slo-eval -s "$od/w.yaml" -f table "$od/w.ndjson"
code_is 1
w=$(table_lines | LC_ALL=C.UTF-8 wc -L | tr -d ' ')
[ "$w" -le 80 ] && _pass || _fail "table is $w columns wide, wanted <= 80"
# never cut a figure: 1 of 2 good is 50.000%, budget 1 - 0.5/0.001
# = -49900.0% (hand computation), burn 0.5/0.001 = 500.00
out_has ' 50.000% '; out_has '-49900.0%'; out_has ' 500.00'
# rows that differ stay apart: the long and the short billing name,
# both shortened in the middle here, print differently
n=$(table_lines | sed 1d | awk '{ print $1 }' | sort -u | wc -l)
is "distinct names at 80 columns" "$n" 3
n=$(table_lines | grep -c '^billing.*…')
is "billing names shortened in the middle" "$n" 2

case_ "table: names that differ only in the middle are widened until apart"
{ echo 'slos:'; cat <<'YAML'
  - name: checkout-availability-east-europe-payments-team
    good: 'status < 500'
    objective: 99
    window: 30d
    alerts: none
    group_by: [route]
  - name: checkout-availability-west-europe-payments-team
    good: 'status < 500'
    objective: 99
    window: 30d
    alerts: none
    group_by: [route]
YAML
} >"$od/d.yaml"
COLUMNS= run slo-eval -s "$od/d.yaml" -f table "$od/w.ndjson"
# at 80 columns each name would be 'checkout-a…ments-team': the table
# grows past 80 rather than print two rows alike
n=$(table_lines | sed 1d | awk '{ print $1 }' | sort -u | wc -l)
is "distinct names" "$n" 2
out_has 'east'; out_has 'west'

case_ "table: the firing alerts, last, are never cut"
# google-30d over 30d: 1 of 2 bad is a burn of 500 (above all three
# thresholds 14.4, 6 and 1, slo-spec(5)), so all three fire
printf 'slos:\n  - name: a\n    good: "status < 500"\n    objective: 99.9\n    window: 30d\n' >"$od/a.yaml"
COLUMNS=40 run slo-eval -s "$od/a.yaml" -f table "$od/w.ndjson"
# wrapped at blanks under the column, each alert whole
out_has ' page 14.4x/1h,'; out_has ' page 6x/6h,'; out_has ' ticket 1x/3d'
COLUMNS=200 run slo-eval -s "$od/a.yaml" -f table "$od/w.ndjson"
out_has 'page 14.4x/1h, page 6x/6h, ticket 1x/3d'

case_ "table: COLUMNS widens it, --wide never shortens"
COLUMNS=200 run slo-eval -s "$od/w.yaml" -f table "$od/w.ndjson"
out_has 'billing-availability-by-route-for-the-payments-team-dashboard '
COLUMNS=40 run slo-eval -s "$od/w.yaml" -f table --wide "$od/w.ndjson"
out_has 'billing-availability-by-route-for-the-payments-team-dashboard '
out_has '/api/payments/authorize/v2'; out_lacks '…'
COLUMNS=60 run slo-eval -s "$od/w.yaml" -f table "$od/w.ndjson"
out_has '…'
n=$(table_lines | sed 1d | awk '{ print $1, $2 }' | sort -u | wc -l)
is "distinct rows at 60 columns" "$n" 3
COLUMNS=junk run slo-eval -s "$od/w.yaml" -f table "$od/w.ndjson"
w=$(table_lines | LC_ALL=C.UTF-8 wc -L | tr -d ' ')
[ "$w" -le 80 ] && _pass || _fail "COLUMNS=junk: $w columns, wanted the default 80"

case_ "table: the terminal's width (TIOCGWINSZ) before COLUMNS"
if script -qec true /dev/null >/dev/null 2>&1; then
	COLUMNS=40 script -qec "stty cols 200 rows 50; slo-eval -s '$od/w.yaml' '$od/w.ndjson'" \
	    /dev/null </dev/null | tr -d '\r' >"$TMP/out"
	out_has 'billing-availability-by-route-for-the-payments-team-dashboard '
	COLUMNS=200 script -qec "stty cols 70 rows 50; slo-eval -s '$od/w.yaml' '$od/w.ndjson'" \
	    /dev/null </dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;]*m//g' >"$TMP/out"
	out_lacks 'billing-availability-by-route-for-the-payments-team-dashboard'
	w=$(table_lines | LC_ALL=C.UTF-8 wc -L | tr -d ' ')
	[ "$w" -le 70 ] && _pass || _fail "terminal of 70: table $w columns wide"
else
	echo "notice: script(1) not usable: the terminal's width not tested" >&2
fi
