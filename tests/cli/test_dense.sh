# test_dense.sh — a rollup sketch's bins in the dense form,
# "bin_offset":I,"bin_counts":[...] (slo-events(5)): slo-ingest --rollup
# writes it for busy buckets, where it is shorter, and the sparse "bins"
# for quiet ones; slo-eval gives over either, and over files mixing the
# two forms of the same rows (the sparse ones rewritten from the dense by
# tests/cli/sparse-bins.awk, as older versions wrote them), the verdicts
# of the raw events; the reduce step (README: slo-ingest --rollup over
# rollup lines) merges mixed shards into the same rows; a broken dense
# row is rejected with FILE:LINE:COL, counted and kept, never lost.
# Sourced by tests/cli/run.sh (helpers there).
DN=$TMP/dense; mkdir -p "$DN"
SPARSE="$top/tests/cli/sparse-bins.awk"

# 30 minutes from 08:00 UTC: service "busy" 240 requests a minute with
# latencies of 20 to 60 ms (a few dozen neighbouring bins: dense), "calm"
# 2 a minute from 1 ms to 10 s (two far-apart bins: sparse); ~2 % server
# errors.
awk 'BEGIN {
	x = 4242
	for (m = 0; m < 30; m++) {
		for (i = 0; i < 242; i++) {
			x = (x * 1103515245 + 12345) % 2147483648
			busy = i < 240
			lat = busy ? 20 + (x % 40000) / 1000 : (i == 240 ? 1 : 10000) + x % 7
			printf "{\"ts\":%d,\"service\":\"%s\",\"route\":\"/r\",\"status\":%d,\"latency_ms\":%.3f}\n",
			    1795680000 + 60 * m + int(i / 5), busy ? "busy" : "calm",
			    x % 50 == 7 ? 503 : 200, lat
		}
	}
}' >"$DN/events.ndjson"
cat >"$DN/slos.yaml" <<'SPEC'
slos:
  - name: availability
    good: 'status < 500'
    objective: 99.5
    window: 1h
    group_by: [service]
    alerts: none
  - name: latency
    latency: {threshold: 45ms}
    quantiles: [0.5, 0.9, 0.99]
    objective: 50
    window: 1h
    group_by: [service]
    alerts: none
SPEC
AT=2026-11-26T08:30:00Z

case_ "dense bins: written for busy buckets, sparse for quiet ones"
run slo-eval -j 1 --spec "$DN/slos.yaml" --at $AT --format ndjson "$DN/events.ndjson"
cp "$TMP/out" "$DN/raw.eval"
grep -q '"p99"' "$DN/raw.eval" && _pass || _fail "no quantiles in the raw verdicts"
slo-ingest --rollup 1m --spec "$DN/slos.yaml" "$DN/events.ndjson" >"$DN/r"
is "rows" "$(wc -l <"$DN/r" | tr -d ' ')" 60
is "busy rows dense" "$(grep '"service":"busy"' "$DN/r" | grep -c '"bin_offset":[0-9]*,"bin_counts":\[[1-9]')" 30
is "calm rows sparse" "$(grep '"service":"calm"' "$DN/r" | grep -c '"zero":0,"bins":\[\[')" 30
is "no row with both" "$(grep -c '"bins".*"bin_counts"' "$DN/r")" 0
# the dense rows shorter than their sparse spelling, the sparse ones as
# they were
awk -f "$SPARSE" "$DN/r" >"$DN/sparse"
is "calm rows unchanged" "$(grep '"service":"calm"' "$DN/sparse" | cksum)" \
    "$(grep '"service":"calm"' "$DN/r" | cksum)"
[ "$(wc -c <"$DN/r")" -lt "$(wc -c <"$DN/sparse")" ] && _pass ||
    _fail "dense file not shorter: $(wc -c <"$DN/r") vs $(wc -c <"$DN/sparse")"

case_ "dense bins: the raw events' verdicts over either form and over both mixed"
for j in 1 2; do
	run slo-eval -j $j --spec "$DN/slos.yaml" --at $AT --format ndjson "$DN/r"
	out_is "$DN/raw.eval"
	run slo-eval -j $j --spec "$DN/slos.yaml" --at $AT --format ndjson "$DN/sparse"
	out_is "$DN/raw.eval"
done
# every other minute's rows (two a minute) in the old form
awk 'NR == FNR { old[FNR] = $0; next } { print FNR % 4 == 1 || FNR % 4 == 2 ? old[FNR] : $0 }' \
    "$DN/sparse" "$DN/r" >"$DN/mixed"
is "mixed forms" "$(grep -c '"bin_counts"' "$DN/mixed")" 15
run slo-eval --spec "$DN/slos.yaml" --at $AT --format ndjson "$DN/mixed"
out_is "$DN/raw.eval"
# shards of the same buckets, one rolled up now, one in the old form
split -l 3000 "$DN/events.ndjson" "$DN/shard-"
slo-ingest --rollup 1m --spec "$DN/slos.yaml" "$DN/shard-aa" >"$DN/s1"
slo-ingest --rollup 1m --spec "$DN/slos.yaml" "$DN/shard-ab" | awk -f "$SPARSE" >"$DN/s2"
slo-ingest --rollup 1m --spec "$DN/slos.yaml" "$DN/shard-ac" >"$DN/s3"
grep -q '"bin_counts"' "$DN/s1" && ! grep -q '"bin_counts"' "$DN/s2" && _pass ||
    _fail "shards not in two forms"
run slo-eval -j 2 --spec "$DN/slos.yaml" --at $AT --format ndjson "$DN/s1" "$DN/s2" "$DN/s3"
out_is "$DN/raw.eval"

case_ "dense bins: the reduce step over shards of mixed forms"
# README's reducer (test_rollup_scale.sh reads it there): slo-ingest
# --rollup over rollup lines merges them; the same rows from mixed
# shards as from the shards in one form
reducer=$(sed -n "s/^ *-reducer '\(.*\)'.*/\1/p" "$top/README.md")
is "README reducer" "$reducer" "slo-ingest --rollup 1m"
cat "$DN/s1" "$DN/s2" "$DN/s3" | sh -c "$reducer" >"$DN/reduced"
slo-ingest --rollup 1m --spec "$DN/slos.yaml" "$DN/shard-ab" >"$DN/s2d"
cat "$DN/s1" "$DN/s2d" "$DN/s3" | sh -c "$reducer" >"$DN/reduced.d"
cmp -s "$DN/reduced" "$DN/reduced.d" && _pass || _fail "reduce of mixed shards differs"
cat "$DN/s3" "$DN/s2" "$DN/s1" | sh -c "$reducer -j 2" >"$DN/reduced.j2"
cmp -s "$DN/reduced" "$DN/reduced.j2" && _pass || _fail "reduce at -j 2, shards reversed, differs"
# one rollup of the whole, held to the end as the reduce holds its rows
slo-ingest --rollup 1m --rollup-lateness 1d --spec "$DN/slos.yaml" \
    "$DN/events.ndjson" >"$DN/whole"
cmp -s "$DN/whole" "$DN/reduced" && _pass || _fail "reduce differs from one rollup of the whole"
run slo-eval --spec "$DN/slos.yaml" --at $AT --format ndjson "$DN/reduced"
code_is 0
grep -o '"p[0-9]*":[0-9.e+-]*' "$DN/raw.eval" >"$DN/q1"
grep -o '"p[0-9]*":[0-9.e+-]*' "$TMP/out" >"$DN/q2"
cmp -s "$DN/q1" "$DN/q2" && [ -s "$DN/q1" ] && _pass || _fail "quantiles of the reduced rows differ"

case_ "dense bins: a broken dense row rejected with its line, counted, kept"
busy=$(grep -m1 '"service":"busy"' "$DN/r")
{
	echo "$busy"
	echo "$busy" | sed 's/,"bin_counts":\[[0-9]*,/,"bin_counts":[0,/'   # a 0 first
	echo "$busy" | sed 's/"bin_offset":[0-9]*,//'                      # no offset
	echo "$busy" | sed 's/"zero":0,/"zero":0,"bins":[],/'              # both forms
	echo "$busy" | sed 's/"bin_offset":[0-9]*/"bin_offset":40000/'     # out of range
	echo "$busy" | sed 's/,"bin_counts":\[\([0-9]*\),/,"bin_counts":[\1 ,/' # a space: valid
	echo "$busy" | sed 's/,"bin_counts":\[\([0-9]*\),/,"bin_counts":[\1 /' # no comma
} >"$DN/bad"
run slo-eval --spec "$DN/slos.yaml" --at $AT --max-bad 10 --format ndjson \
    --rejects "$DN/rej" "$DN/bad"
err_has "bad:2:"
err_has "sketch 'bin_counts' must be an array of counts >= 0 whose first and last are >= 1"
err_has "bad:3:"
err_has "sketch 'bin_counts' needs 'bin_offset'"
err_has "bad:4:"
err_has "sketch has both 'bins' and 'bin_counts'"
err_has "bad:5:"
err_has "sketch bin_counts: index out of range"
err_lacks "bad:1:"
err_lacks "bad:6:"
# the text that is not JSON: its column too (a sketch's checks, as every
# rollup member's, name the line and the member)
err_has "bad:7:"
grep -q 'bad:7:[0-9][0-9]*: invalid json' "$TMP/err" && _pass || _fail "no FILE:LINE:COL"
# every line accounted for: 5 rejected, kept byte for byte
is "rejects kept" "$(grep -c '"kind":"rollup"' "$DN/rej")" 5
err_has "5 of 7 input lines rejected"
run slo-ingest --rollup 1m --max-bad 10 "$DN/bad"
err_has "bad:2:"
err_has "bad:5:"
err_lacks "bad:6:"
is "the good rows merged" "$(wc -l <"$TMP/out" | tr -d ' ')" 1
grep -q '"count":480,' "$TMP/out" && _pass || _fail "lines 1 and 6 not merged: $(head -c 300 "$TMP/out")"

# slo-events(5) EXAMPLES: the jq program that rewrites dense rows to the
# sparse form for older readers gives, row for row, what sparse-bins.awk
# (written from the page's definition, bin I+k holds ck) gives, and the
# same verdicts.
case_ "dense bins: slo-events(5)'s jq rewrite to the sparse form"
if command -v jq >/dev/null 2>&1; then
	prog=$(sed -n '/^slo-ingest --rollup 1m examples.*| jq -c /s/^.*| jq -c //p' \
	    "$top/man/slo-events.5")
	prog=${prog#\'}
	prog=${prog%\'}
	[ -n "$prog" ] && _pass || _fail "no jq program in slo-events(5)"
	jq -c "$prog" "$DN/r" >"$DN/jq.sparse"
	is "no dense key left" "$(grep -c 'bin_offset\|bin_counts' "$DN/jq.sparse")" 0
	slo-ingest --rollup 1m "$DN/jq.sparse" >"$DN/jq.reduced"
	slo-ingest --rollup 1m "$DN/sparse" >"$DN/awk.reduced"
	cmp -s "$DN/jq.reduced" "$DN/awk.reduced" && _pass ||
	    _fail "jq and awk rewrites differ"
	run slo-eval -j 1 --spec "$DN/slos.yaml" --at $AT --format ndjson "$DN/jq.sparse"
	cmp -s "$TMP/out" "$DN/raw.eval" && _pass || _fail "verdicts over the jq rewrite differ"
else
	echo "  notice: jq not installed: slo-events(5)'s rewrite not checked"
fi
