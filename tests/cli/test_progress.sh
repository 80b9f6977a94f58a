# The progress line (issue 19 item 6, lib/fe/progress.c): on stderr when
# it is a terminal or with --progress, never in a pipe or a file unless
# asked, without escape sequences under NO_COLOR, erased before the
# summary.  The input pauses for longer than the redraw interval (250 ms)
# so that the line is drawn at least once, whatever the machine's speed.
PG="$TMP/progress"
mkdir -p "$PG"
awk 'BEGIN {
	for (i = 0; i < 20000; i++)
		printf "{\"kind\":\"request\",\"ts\":\"2026-11-24T00:%02d:%02dZ\",\"status\":%d}\n", \
		    int(i / 60) % 60, i % 60, i % 1000 == 0 ? 503 : 200
	print "{broken"
}' >"$PG/in.ndjson"
PEVAL="--objective 99 --good status<500 --window 1d --format ndjson --at 2026-11-25T00:00:00Z"
slowly() { head -n 5000 "$PG/in.ndjson"; sleep 0.6; tail -n +5001 "$PG/in.ndjson"; }

for j in 1 2; do
	case_ "--progress in a pipe: drawn, then erased before the summary (-j $j)"
	slowly | slo-eval $PEVAL --progress -j $j >"$TMP/out" 2>"$TMP/err"
	echo $? >"$TMP/code"
	code_is 0
	err_has "$(printf '\r\033[Kslo-eval: ')"
	err_has " events/s, 0 rejected"
	# the reject's diagnostic and the summary start on a clean line
	err_has "$(printf '\r\033[Kslo-eval: <stdin>:20001:7: invalid json')"
	is "last bytes" "$(tail -n 1 "$TMP/err")" \
	    "slo-eval: 1 of 20001 input lines rejected"
done

case_ "the verdict is the same with the progress line"
slo-eval $PEVAL <"$PG/in.ndjson" >"$PG/want" 2>/dev/null
slowly | slo-eval $PEVAL --progress >"$TMP/out" 2>/dev/null
out_is "$PG/want"

case_ "no progress line when stderr is not a terminal"
slowly | slo-eval $PEVAL >"$TMP/out" 2>"$TMP/err"
err_lacks "$(printf '\r')"
err_lacks "events/s"

case_ "--no-progress after --progress wins"
slowly | slo-ingest --progress --no-progress >/dev/null 2>"$TMP/err"
err_lacks "events/s"

case_ "NO_COLOR: the line without escape sequences, overwritten with spaces"
slowly | NO_COLOR=1 slo-ingest --progress >/dev/null 2>"$TMP/err"
err_has "$(printf '\rslo-ingest: ')"
err_has " events/s, 0 rejected"
err_lacks "$(printf '\033')"

case_ "every tool reading input takes --progress"
for t in slo-eval slo-ingest flag-audit promote-check; do
	run $t --help
	out_has "--progress"
	out_has "--no-progress"
done

# On a terminal (script(1) gives the commands one), the line is on by
# default; slo-ingest, whose events go to stdout as they come, keeps off
# a terminal it writes to.
if command -v script >/dev/null 2>&1; then
	# the slow input into the command given, for script(1) to run
	cat >"$PG/slowly.sh" <<EOF
{ head -n 5000 "$PG/in.ndjson"; sleep 0.6; tail -n +5001 "$PG/in.ndjson"; } | "\$@"
EOF
	case_ "on a terminal: on by default"
	script -qec "sh $PG/slowly.sh slo-eval --objective 99 --good 'status<500' --window 1d >/dev/null" /dev/null >"$TMP/err" 2>&1
	err_has "events/s"
	case_ "on a terminal: slo-ingest writing there keeps the line off"
	script -qec "sh $PG/slowly.sh slo-ingest --max-bad 1" /dev/null >"$TMP/err" 2>&1
	err_lacks "events/s"
	case_ "on a terminal: slo-ingest writing elsewhere shows it"
	script -qec "sh $PG/slowly.sh slo-ingest --max-bad 1 >/dev/null" /dev/null >"$TMP/err" 2>&1
	err_has "events/s"
	case_ "on a terminal: --no-progress"
	script -qec "sh $PG/slowly.sh slo-eval --objective 99 --good 'status<500' --window 1d --no-progress >/dev/null" /dev/null >"$TMP/err" 2>&1
	err_lacks "events/s"
else
	echo "test_progress.sh: notice: script(1) not installed, terminal cases skipped"
fi
