# test_rollup_scale.sh — rollups as the scale path (issue 20.5): slo-eval
# over rollups gives verdicts identical, byte for byte, to slo-eval over
# the raw events (the speed is make bench's, tests/bench/rollup.sh), and
# README's map/reduce recipes run as written: GNU parallel when installed,
# Hadoop Streaming's -mapper/-reducer commands with the framework's
# shuffle played by sort(1).
# Sourced by tests/cli/run.sh (helpers there).

# 30000 requests over 6 hours: 3 services, 4 routes, 2 regions, 2
# cohorts, ~3 % server errors, awkward latencies (ns digits); three SLOs
# with group_by, burn-rate alerts and latency quantiles.
RS=$TMP/rscale; mkdir -p "$RS"
awk 'BEGIN {
	split("checkout shop search", svc, " "); split("/a /b /c /d", rt, " ")
	for (i = 0; i < 30000; i++) {
		t = 1795680000 + int(i * 0.72)     # 2026-11-26T08:00:00Z + 6 h
		st = (i * 7 % 97 < 3) ? 503 : (i % 41 == 0 ? 404 : 200)
		printf "{\"ts\":%d.%09d,\"service\":\"%s\",\"route\":\"%s\",\"region\":\"%s\",\"cohort\":\"%s\",\"status\":%d,\"latency_ms\":%d.%06d}\n",
		    t, (i * 7919) % 1000000000, svc[i % 3 + 1], rt[int(i / 3) % 4 + 1],
		    i % 5 < 2 ? "eu" : "us", i % 10 == 0 ? "alpha" : "baseline",
		    st, (i * 31) % 900, (i * 104729) % 1000000
	}
}' >"$RS/events.ndjson"
cat >"$RS/slos.yaml" <<'SPEC'
slos:
  - name: availability
    good: 'status < 500'
    objective: 99.5
    window: 1d
    group_by: [service, region]
    alerts: google-30d
  - name: alpha
    where: 'cohort == "alpha"'
    bad: 'status >= 500'
    objective: 99
    window: 6h
    group_by: [route]
    alerts: none
  - name: latency
    latency: {threshold: 500ms}
    quantiles: [0.5, 0.95, 0.99]
    objective: 50
    window: 1d
    group_by: [service]
    alerts: none
SPEC
# the end of the requests: every verdict counts them (an --at before them
# compared verdicts of no data)
AT=2026-11-26T14:00:00Z
slo-eval --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS/events.ndjson" \
    >"$RS/raw.eval" 2>/dev/null

case_ "rollup scale: verdicts over rollups are those over the raw events"
is "raw verdict lines (6 + 4 + 3 groups)" "$(wc -l <"$RS/raw.eval" | tr -d ' ')" 13
is "verdicts with data" "$(grep -c '"status":"no_data"' "$RS/raw.eval")" 0
is "requests counted by availability" "$(grep '"slo":"availability"' "$RS/raw.eval" |
    grep -o '"events":[0-9]*' | awk -F: '{ n += $2 } END { print n }')" 30000
slo-ingest --rollup 1m --spec "$RS/slos.yaml" "$RS/events.ndjson" >"$RS/all.r"
run slo-eval --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS/all.r"
out_is "$RS/raw.eval"
# far fewer lines to read: 360 minutes x at most 48 dimension sets
[ "$(wc -l <"$RS/all.r")" -le $((360 * 48)) ] && _pass ||
    _fail "$(wc -l <"$RS/all.r") rollup lines"

case_ "rollup scale: shards rolled up apart and concatenated, -j 2"
split -l 7001 "$RS/events.ndjson" "$RS/shard-"
for f in "$RS"/shard-*; do
	slo-ingest --rollup 1m --spec "$RS/slos.yaml" "$f"
done >"$RS/shards.r"
run slo-eval -j 2 --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS/shards.r"
out_is "$RS/raw.eval"

# Hadoop Streaming (https://hadoop.apache.org/docs/stable/hadoop-streaming/HadoopStreaming.html):
# each mapper reads lines of its split on stdin; the framework sorts the
# mappers' lines by key (the whole line when it has no tab) and feeds each
# reducer its share on stdin.  The README's -mapper and -reducer commands,
# with the shuffle played by sort and two reducers by a split by key.
case_ "rollup scale: the Hadoop Streaming recipe's mapper and reducer"
mapper=$(sed -n "s/^ *-mapper '\(.*\)' .*/\1/p" "$top/README.md")
reducer=$(sed -n "s/^ *-reducer '\(.*\)'.*/\1/p" "$top/README.md")
is "README mapper" "$mapper" "slo-ingest --rollup 1m --spec slos.yaml"
is "README reducer" "$reducer" "slo-ingest --rollup 1m"
(cd "$RS" && for f in shard-*; do sh -c "$mapper" <"$f"; done) | sort >"$RS/shuffled"
awk 'NR % 2' "$RS/shuffled" | (cd "$RS" && sh -c "$reducer") >"$RS/part-00000"
awk 'NR % 2 == 0' "$RS/shuffled" | (cd "$RS" && sh -c "$reducer") >"$RS/part-00001"
run slo-eval --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS"/part-0000?
out_is "$RS/raw.eval"
# a line without a tab may come back from the framework with a tab after
# it (key, tab, empty value): JSON whitespace, read the same
sed 's/$/\t/' "$RS/shuffled" | (cd "$RS" && sh -c "$reducer") >"$RS/part-tab"
run slo-eval --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS/part-tab"
out_is "$RS/raw.eval"

case_ "rollup scale: the GNU parallel recipe"
if command -v parallel >/dev/null 2>&1; then
	cmd=$(sed -n '/^    parallel /,/slo-eval/p' "$top/README.md" |
	    sed 's/^    //; s/\\$//' | tr '\n' ' ')
	case $cmd in
	*"slo-ingest --rollup 1m --spec slos.yaml"*) _pass ;;
	*) _fail "README has no parallel recipe: '$cmd'" ;;
	esac
	cp "$RS/events.ndjson" "$RS/access.log"
	# blocks of 500 kB here, so that the 4.9 MB file makes ten jobs
	(cd "$RS" && sh -c "$(echo "$cmd" | sed 's/--block 100M/--block 500k/') \
	    --at $AT --format ndjson") >"$TMP/out" 2>"$TMP/err"
	out_is "$RS/raw.eval"
	(cd "$RS" && parallel --pipepart -a access.log --block 500k wc -l) |
	    wc -l >"$RS/njobs"
	[ "$(cat "$RS/njobs")" -ge 5 ] && _pass || _fail "$(cat "$RS/njobs") parallel jobs"
else
	echo "test_rollup_scale.sh: notice: GNU parallel not installed, its recipe not run"
fi

# slo-eval adds rows to its windows by batches of 4096 as it reads them
# (lib/engine/eval.c ROLLUP_BATCH): rows in any order, keys split between
# batches, give the verdicts of the raw events; and memory does not grow
# with the rows (it held them all: ~110 MiB for these 100000).
case_ "rollup scale: rows folded by batches, in any order"
[ "$(wc -l <"$RS/all.r")" -gt 8192 ] && _pass || _fail "too few rows for two batches"
awk '{ print (NR * 7919) % 100003 "\t" $0 }' "$RS/all.r" | sort -n | cut -f2- >"$RS/mixed.r"
run slo-eval --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS/mixed.r"
out_is "$RS/raw.eval"
run slo-eval -j 2 --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS/mixed.r" "$RS/shards.r" "$RS/all.r"
# three copies of every request: thrice the counts of the raw verdicts
is "events thrice" "$(grep -o '"events":[0-9]*' "$TMP/out" | head -1)" \
    "$(grep -o '"events":[0-9]*' "$RS/raw.eval" | head -1 | awk -F: '{ print "\"events\":" $2 * 3 }')"
case $BUILD in build-san*) san=1 ;; *) san=0 ;; esac
if /usr/bin/time -f %M true >/dev/null 2>&1 && [ $san = 0 ]; then
	# 100000 rows: one request each, a route per minute over 70 days
	awk 'BEGIN { for (i = 0; i < 100000; i++)
		printf "{\"ts\":%d,\"service\":\"s\",\"route\":\"/r%d\",\"status\":%d,\"latency_ms\":%d}\n",
		    1795680000 + 60 * i, i % 7, i % 50 ? 200 : 503, 1 + i % 300 }' |
	    slo-ingest --rollup 1m --spec "$RS/slos.yaml" >"$RS/many.r"
	is "rows" "$(wc -l <"$RS/many.r" | tr -d ' ')" 100000
	/usr/bin/time -f %M -o "$RS/rss" slo-eval -j 1 --spec "$RS/slos.yaml" \
	    --at 2027-02-04T00:00:00Z --format ndjson "$RS/many.r" >"$TMP/out" 2>"$TMP/err"
	rss=$(tail -1 "$RS/rss")
	[ "$rss" -le 24576 ] && _pass || _fail "peak RSS ${rss} KiB over 24 MiB for 100000 rows"
else
	echo "test_rollup_scale.sh: notice: no /usr/bin/time -f %M or a sanitizer build: rollup memory not measured"
fi

# A rollup row counts as of its bucket's start: one that holds --at
# inside is counted whole, and slo-eval says how many there were (none
# when no row reaches past --at, as at $AT, after the last request).
case_ "rollup scale: rows that hold --at inside are counted whole, with a warning"
run slo-eval --spec "$RS/slos.yaml" --at $AT --format ndjson "$RS/all.r"
err_lacks "begin at or before --at"
# the rows of the 11:00 bucket (its dimension sets, counted by awk)
n=$(grep -c '"ts":"2026-11-26T11:00:00Z"' "$RS/all.r")
[ "$n" -gt 0 ] && _pass || _fail "no row at 11:00"
run slo-eval --spec "$RS/slos.yaml" --at 2026-11-26T11:00:30Z --format ndjson "$RS/all.r"
err_has "slo-eval: $n rollup rows begin at or before --at and end after it"
run slo-eval -j 2 --spec "$RS/slos.yaml" --at 2026-11-26T11:00:30Z --format ndjson "$RS/shards.r"
err_has "rollup rows begin at or before --at and end after it"
