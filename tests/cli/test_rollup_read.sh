# test_rollup_read.sh — slo-eval reads rollup lines with wide sketches
# (hundreds of bins a row, read in compact runs by jscan_pairs() and added
# straight into the row's sketch): verdicts byte-identical to those over
# the raw events, at -j 1 and -j 2, and a cut or damaged bins array
# rejected as before, with its line.
# Sourced by tests/cli/run.sh (helpers there).
RR=$TMP/rread; mkdir -p "$RR"

# 24000 requests in 10 minutes from 08:00 UTC: 2 services x 2 regions,
# so 40 rows of 600; latencies log-uniform from 1 us to 1000 s (9
# decades: about 500 distinct bins a row at alpha 0.01), ~2 % server
# errors.
awk 'BEGIN {
	x = 12345
	for (i = 0; i < 24000; i++) {
		x = (x * 1103515245 + 12345) % 2147483648
		t = 1795680000 + int(i / 40)
		lat = exp(log(10) * (x % 900000 / 100000 - 3))
		printf "{\"ts\":%d,\"service\":\"%s\",\"region\":\"%s\",\"route\":\"/r\",\"status\":%d,\"latency_ms\":%.6f}\n",
		    t, i % 2 ? "shop" : "cart", i % 4 < 2 ? "eu" : "us",
		    i % 50 == 7 ? 503 : 200, lat
	}
}' >"$RR/events.ndjson"
cat >"$RR/slos.yaml" <<'SPEC'
slos:
  - name: availability
    good: 'status < 500'
    objective: 99.5
    window: 1h
    group_by: [service, region]
    alerts: none
  - name: latency
    latency: {threshold: 300ms}
    quantiles: [0.5, 0.9, 0.99]
    objective: 50
    window: 1h
    group_by: [service]
    alerts: none
SPEC
AT=2026-11-26T08:10:00Z

case_ "rollup read: wide sketches, the raw events' verdicts at -j 1 and -j 2"
run slo-eval -j 1 --spec "$RR/slos.yaml" --at $AT --format ndjson \
    "$RR/events.ndjson"
cp "$TMP/out" "$RR/raw.eval"
is "raw verdict lines (4 + 2 groups)" "$(wc -l <"$RR/raw.eval" | tr -d ' ')" 6
slo-ingest --rollup 1m --spec "$RR/slos.yaml" "$RR/events.ndjson" >"$RR/dense"
is "rollup rows" "$(wc -l <"$RR/dense" | tr -d ' ')" 40
# slo-ingest writes these wide rows' bins in the dense form, the shorter
# (slo-events(5)); this test is of the sparse form's pairs, as older
# versions wrote them: rewritten so (the dense form: test_dense.sh)
awk -f "$top/tests/cli/sparse-bins.awk" "$RR/dense" >"$RR/r"
is "rows written dense" "$(grep -c '"bin_counts"' "$RR/dense")" 40
# the widest row's bins: more than the 256 pairs read into the scratch
# buffer at a time
wide=$(awk '{ n = gsub(/\[/, "["); if (n > m) m = n } END { print m }' "$RR/r")
[ "$wide" -gt 300 ] && _pass || _fail "widest row has $wide '['"
run slo-eval -j 1 --spec "$RR/slos.yaml" --at $AT --format ndjson "$RR/r"
out_is "$RR/raw.eval"
run slo-eval -j 2 --spec "$RR/slos.yaml" --at $AT --format ndjson "$RR/r"
out_is "$RR/raw.eval"
run slo-eval -j 1 --spec "$RR/slos.yaml" --at $AT --format ndjson "$RR/dense"
out_is "$RR/raw.eval"
# the rows twice, in two files: each row's counts and sketch doubled,
# the p50/p90/p99 unchanged (each bin's share is the same), at -j 2
run slo-eval -j 2 --spec "$RR/slos.yaml" --at $AT --format ndjson \
    "$RR/r" "$RR/r"
grep -o '"p[0-9]*":[0-9.e+-]*' "$TMP/out" >"$RR/q2"
grep -o '"p[0-9]*":[0-9.e+-]*' "$RR/raw.eval" >"$RR/q1"
cmp -s "$RR/q1" "$RR/q2" && _pass || _fail "quantiles differ when doubled"
[ -s "$RR/q1" ] && _pass || _fail "no quantiles in the verdicts"

case_ "rollup read: a cut or damaged bins array, rejected with its line"
head -1 "$RR/r" | sed 's/\],\[/],[01,/' >"$RR/bad"      # leading zero
head -1 "$RR/r" | sed 's/\],\[/] [/' >>"$RR/bad"        # no comma
head -1 "$RR/r" | sed 's/\]\]},"slos"/]},"slos"/' >>"$RR/bad" # bins cut
head -1 "$RR/r" | sed 's/\],\[/], [/' >>"$RR/bad"       # a space: valid
run slo-eval --spec "$RR/slos.yaml" --at $AT --max-bad 10 --format ndjson \
    "$RR/bad"
err_has "bad:1:"
err_has "invalid json"
err_has "bad:2:"
err_has "bad:3:"
err_lacks "bad:4:"
