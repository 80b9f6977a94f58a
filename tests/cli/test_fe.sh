# test_fe.sh — the front end's one input path and one reject policy
# (issue 16): the sequential and -j readers go through one classifier, so
# on hostile lines they give the same output, diagnostics, accounting and
# --rejects; and every tool applies the same --max-bad rule.
# Sourced by tests/cli/run.sh (helpers there).

FE="$TMP/fe"
mkdir -p "$FE"

# One block of hostile lines, each with its line number in a label where
# it parses, repeated to pass several 1 MiB chunks, with a 2.5 MiB line.
awk 'BEGIN {
	for (b = 0; b < 400; b++) {
		ts = sprintf("2026-11-25T%02d:%02d:00Z", b % 24, b % 60)
		printf "{\"kind\":\"request\",\"ts\":\"%s\",\"status\":200,\"latency_ms\":12,\"labels\":{\"pad\":\"%01800d\"}}\n", ts, 0
		printf "{\"kind\":\"request\",\"ts\":\"%s\",\"status\":503}\r\n", ts
		print "{\"kind\":\"request\",\"ts\":\"2026-11-"          # truncated
		print "{\"kind\":\"request\",\"ts\":\"" ts "\",\"route\":\"\377\"}"
		print "{\"kind\":\"request\",\"ts\":\"" ts "\",\"a\\u0000b\":1}"
		print "{\"kind\":\"request\",\"ts\":\"" ts "\",\"route\":\"x\\u0000\"}"
		print "{\"kind\":\"request\",\"ts\":\"" ts "\",\"route\":\"\\ud800\"}"
		print ""
		print " \t\r"
		print "[1,2]"
		print "{\"kind\":\"request\",\"status\":200}"      # no ts
		if (b == 200) {
			printf "{\"kind\":\"request\",\"ts\":\"%s\",\"status\":200,\"labels\":{\"huge\":\"", ts
			for (i = 0; i < 2600; i++) printf "%01000d", i
			print "\"}}"
		}
	}
}' >"$FE/hostile.ndjson"

case_ "fe: the hostile input spans several chunks and holds a 2.5 MiB line"
is "bytes > 3 MiB" "$(($(wc -c <"$FE/hostile.ndjson") > 3 * 1048576))" 1
is "longest line > 2.5 MB" "$(awk 'length > 2500000 { n++ } END { print n + 0 }' "$FE/hostile.ndjson")" 1

# same_jobs NAME CMD...: CMD -j 1, 2 and 3 give the same stdout, stderr,
# exit code and --rejects file ($FE/rej).
same_jobs() {
	name=$1; shift
	for j in 1 2 3; do
		case_ "fe: $name: -j $j same as -j 1"
		rm -f "$FE/rej"
		"$@" -j $j >"$FE/out.$j" 2>"$FE/err.$j"
		echo $? >"$FE/code.$j"
		[ -f "$FE/rej" ] && mv "$FE/rej" "$FE/rej.$j"
		[ $j = 1 ] && continue
		for f in out err code; do
			cmp -s "$FE/$f.1" "$FE/$f.$j" && _pass ||
			    _fail "$f differs: $(diff "$FE/$f.1" "$FE/$f.$j" | head -4 | cut -c1-200)"
		done
		if [ -f "$FE/rej.1" ]; then
			cmp -s "$FE/rej.1" "$FE/rej.$j" && _pass || _fail "rejects differ"
		fi
	done
}

# 400 blocks of 11 lines and the huge one: 4401 lines; per block 1 good,
# 1 good CRLF, 2 blank, 7 rejected by the reader (the no-ts one: slo-eval
# rejects it, slo-ingest writes it).
lines=4401
same_jobs "slo-eval hostile" slo-eval --objective 99 --good 'status < 500' \
    --window 1d --format ndjson --at 2026-11-26T00:00:00Z --max-bad 100% \
    --rejects "$FE/rej" "$FE/hostile.ndjson"
case_ "fe: slo-eval hostile: every line accounted for"
is "exit" "$(cat "$FE/code.1")" 1
grep -q "2800 of $lines input lines rejected" "$FE/err.1" && _pass ||
    _fail "accounting: $(tail -1 "$FE/err.1")"
# 801 requests with ts, less the 8 of the four blocks at 00:00, before
# the window's first bucket
grep -q '"total":793,' "$FE/out.1" && _pass || _fail "total: $(head -c 300 "$FE/out.1")"
is "rejects: pairs of lines" "$(grep -c '^# ' "$FE/rej.1")" 2800
grep -q ':5:56: invalid json: NUL byte in object key not supported' "$FE/err.1" && _pass ||
    _fail "the \\u0000 key: $(head -8 "$FE/err.1")"

same_jobs "slo-ingest hostile" slo-ingest -v --max-bad 100% \
    --rejects "$FE/rej" "$FE/hostile.ndjson"
case_ "fe: slo-ingest hostile: every line accounted for"
is "exit" "$(cat "$FE/code.1")" 0
grep -q "$lines lines read: 1201 mapped, 2400 rejected, 800 blank; 1201 events, 1201 written" \
    "$FE/err.1" && _pass || _fail "summary: $(grep 'lines read' "$FE/err.1")"
is "lines written" "$(awk 'END { print NR }' "$FE/out.1")" 1201
same_jobs "slo-ingest hostile --rollup" slo-ingest --rollup 1m --max-bad 100% \
    --rejects "$FE/rej" "$FE/hostile.ndjson"
same_jobs "slo-ingest hostile, a preset" slo-ingest --preset envoy -v \
    --max-bad 100% --rejects "$FE/rej" "$FE/hostile.ndjson"

# ---- one reject policy: over --max-bad, no verdict ---------------------

case_ "fe: slo-eval over --max-bad prints no verdict and exits 2"
printf '{"kind":"request","ts":"2026-11-25T00:00:00Z","status":200}\nnot json\n' >"$FE/half"
for j in 1 2; do
	run slo-eval -j $j --objective 99 --good 'status < 500' --format ndjson "$FE/half"
	code_is 2
	is "stdout empty" "$(wc -c <"$TMP/out")" 0
	err_has "1 of 2 input lines rejected: more than --max-bad allows"
	err_has "$FE/half:2:3: invalid json"
	# no end-of-run notices either: there is no verdict to go with them
	err_lacks "never appeared"
done
case_ "fe: slo-eval within --max-bad prints its verdict"
run slo-eval --objective 99 --good 'status < 500' --format ndjson --max-bad 1 "$FE/half"
code_is 0
out_has '"total":1,'
err_has "1 of 2 input lines rejected"
err_lacks "more than --max-bad"

case_ "fe: slo-eval with an input not read prints no verdict"
run slo-eval --objective 99 --good 'status < 500' --format ndjson "$FE/half" "$FE/nonexistent"
code_is 2
is "stdout empty" "$(wc -c <"$TMP/out")" 0
err_has "1 of 2 inputs could not be read"

case_ "fe: the four tools agree: over --max-bad, stdout empty, exit 2"
for t in "slo-eval --objective 99 --good ok" "flag-audit -r $EX/flags/flags.yaml" \
    "promote-check" "slo-ingest --rollup 1m"; do
	run $t --max-bad 0 "$FE/half"
	code_is 2
	err_has "more than --max-bad allows"
	# slo-ingest --rollup: the rows come at the end, like a verdict
	is "$t: stdout empty" "$(wc -c <"$TMP/out")" 0
done
case_ "fe: slo-ingest over --max-bad: a stream, the lines mapped stay written"
run slo-ingest --max-bad 0 "$FE/half"
code_is 2
out_has '"status":200'
case_ "fe: slo-ingest --rollup within --max-bad writes its rows"
run slo-ingest --rollup 1m --max-bad 1 "$FE/half"
code_is 0
out_has '"kind":"rollup"'

# flag-audit and promote-check through the same driver: the examples,
# repeated past several 1 MiB chunks, with the hostile lines between
# them, give the same verdict, diagnostics and rejects at -j 1, 2 and 3.
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	cat "$EX/flags/evaluations.ndjson"
	sed -n '1,11p' "$FE/hostile.ndjson"
done >"$FE/flags.ndjson"
for i in 1 2 3 4 5 6; do
	cat "$EX/promote/pass.ndjson"
	sed -n '1,11p' "$FE/hostile.ndjson"
done >"$FE/promote.ndjson"
case_ "fe: the flag and promote inputs span several chunks"
is "flags > 1 MiB" "$(($(wc -c <"$FE/flags.ndjson") > 1048576))" 1
is "promote > 1 MiB" "$(($(wc -c <"$FE/promote.ndjson") > 1048576))" 1
for fmt in ndjson table; do
	same_jobs "flag-audit $fmt" flag-audit -r "$EX/flags/flags.yaml" \
	    --format $fmt --summary --max-bad 100% --rejects "$FE/rej" \
	    "$FE/flags.ndjson"
	same_jobs "promote-check $fmt" promote-check \
	    -c "$EX/promote/promote.yaml" --format $fmt --max-bad 100% \
	    --rejects "$FE/rej" "$FE/promote.ndjson"
done
