# test_resources.sh — memory over 10^5 distinct groups (issue 14, item 4
# and "a resource test"): flag-audit over 10^5 unregistered flags and
# promote-check over 10^5 cohorts and incident ids stay under the bounds
# their man pages state, and say what they folded.  (slo-eval's 10^5-group
# case is in test_slo_eval.sh.)  Skipped under the sanitizer build, whose
# own redzones are not the tools' memory, and without GNU time.
# Sourced by tests/cli/run.sh (helpers there).

rs_can() {
	case $BUILD in build-san*) echo "  notice: sanitizer build: $1 memory test skipped"; return 1 ;; esac
	/usr/bin/time -f %M true >/dev/null 2>&1 && return 0
	echo "  notice: no /usr/bin/time -f %M: $1 memory test skipped"
	return 1
}
# rs_run BOUND_KIB CMD...: runs CMD with its peak RSS in $TMP/rss
rs_run() {
	bound=$1; shift
	/usr/bin/time -f %M -o "$TMP/rss" "$@" >"$TMP/out" 2>"$TMP/err"
	rss=$(tail -1 "$TMP/rss")
	[ "$rss" -le "$bound" ] && _pass || _fail "peak RSS ${rss} KiB over ${bound} KiB"
}

case_ "flag-audit: 10^5 unregistered flags fold past --max-groups, memory bounded"
if rs_can flag-audit; then
	awk 'BEGIN { for (i = 0; i < 100000; i++)
	    printf "{\"kind\":\"flag\",\"ts\":%d,\"flag\":\"f%d\",\"variant\":\"on\",\"subject\":\"u%d\"}\n",
	        1795694400 + i, i, i }' >"$TMP/rs-flags.ndjson"
	# Measured 12.6 MB; flag-audit(1): at most about 100 KiB a flag, here
	# one subject each: 10^4 kept flags under 64 MiB.
	rs_run 65536 flag-audit -j 1 -r "$EX/flags/flags.yaml" -f ndjson "$TMP/rs-flags.ndjson"
	err_has "more than 10000 unregistered flags"
	out_has '"overflow":true'
	n=$(grep -c '"check":"unknown"' "$TMP/out")
	is "unknown findings: 10000 kept + 1 overflow" "$n" 10001
	rm -f "$TMP/rs-flags.ndjson"
fi

case_ "promote-check: 10^5 cohorts and incidents, memory flat"
if rs_can promote-check; then
	awk 'BEGIN { for (i = 0; i < 100000; i++) {
	    printf "{\"ts\":%d,\"status\":200,\"cohort\":\"c%d\",\"latency_ms\":%d}\n", 1795694400 + i, i, i % 300
	    printf "{\"kind\":\"incident\",\"ts\":%d,\"id\":\"i%d\",\"state\":\"open\"}\n", 1795694400 + i, i } }' \
	    >"$TMP/rs-promote.ndjson"
	# Measured 3.6 MB: 32 cohort names, 10^4 incident ids, the slices.
	# -j 1: past the caps, which cohorts are listed follows the input
	# order, so -j N may count other requests as unlisted (promote-check(1)).
	rs_run 32768 promote-check -j 1 -f ndjson "$TMP/rs-promote.ndjson"
	err_has "more than 10000 distinct incidents"
	err_has "more than 32 distinct cohorts"
	out_has '"cohorts_unlisted_requests":99968'
	rm -f "$TMP/rs-promote.ndjson"
fi
