# Container log wrappers (issue 17 item 2, lib/fe/unwrap.c).  Fixtures in
# fixtures/wrapped/ are copied from the formats' documentation:
# docker-doc.log from https://docs.docker.com/engine/logging/drivers/json-file/
# cri-spec.log from the kubelet CRI logging proposal,
# https://github.com/kubernetes/design-proposals-archive/blob/main/node/kubelet-cri-logging.md
W="$FX/wrapped"
UX="$TMP/unwrap"
mkdir -p "$UX"

case_ "CRI, the proposal's example: 2 records, the partial entry joined"
run slo-ingest --max-bad 100% --rejects "$UX/rej" "$W/cri-spec.log"
code_is 0
# every line accounted for: the joined record stands on line 2, lines
# 3 and 4 are the parts it took in
err_has "4 lines read: 0 mapped, 2 rejected, 2 blank"
err_has "cri-spec.log:1:3: invalid json: '[' or '{' expected near 'The'"
err_has "cri-spec.log:2:5: invalid json: '[' or '{' expected near 'First'"
is "rejected payloads" "$(sed -n 'n;p' "$UX/rej")" "The content of the log entry 1
First line of log entry 2Second line of the log entry 2Last line of the log entry 2"

case_ "Docker, the documentation's example line: the log text, without its newline"
run slo-ingest --max-bad 100% --rejects "$UX/rej" "$W/docker-doc.log"
err_has "docker-doc.log:1:3: invalid json: '[' or '{' expected near 'Log'"
is "rejected payload" "$(sed -n 'n;p' "$UX/rej")" "Log line is here"

# Canonical events wrapped: the wrapper's time when the payload has none.
printf '%s\n' \
    '{"log":"{\"kind\":\"request\",\"status\":200,\"latency_ms\":12}\n","stream":"stdout","time":"2026-11-24T10:00:00.5Z"}' \
    '{"log":"{\"ts\":\"2026-11-24T09:00:00Z\",\"kind\":\"request\",","stream":"stdout","time":"2026-11-24T10:00:01Z"}' \
    '{"log":"\"status\":503}\n","stream":"stdout","time":"2026-11-24T10:00:01Z"}' \
    >"$UX/docker.log"
case_ "Docker: payload events, ts from the wrapper only when absent, partials joined"
run slo-ingest "$UX/docker.log"
code_is 0
out_eq '{"kind":"request","ts":"2026-11-24T10:00:00.500Z","status":200,"latency_ms":12}
{"kind":"request","ts":"2026-11-24T09:00:00Z","status":503}'

printf '%s\n' \
    '2026-11-24T10:00:00.123456789Z stdout F {"kind":"request","status":200}' \
    '2026-11-24T10:00:01Z stdout P {"kind":"requ' \
    '2026-11-24T10:00:01Z stderr F est","status":500}' >"$UX/cri.log"
case_ "CRI: payload events with the wrapper's time"
run slo-ingest "$UX/cri.log"
code_is 0
out_eq '{"kind":"request","ts":"2026-11-24T10:00:00.123456789Z","status":200}
{"kind":"request","ts":"2026-11-24T10:00:01Z","status":500}'

case_ "--unwrap none reads the wrapper lines as they are"
run slo-ingest --unwrap none --max-bad 100% "$UX/cri.log"
err_has "cri.log:1:4: invalid json"
err_has "3 of 3 input lines rejected"

case_ "--unwrap cri on a Docker file: its lines pass as they are"
run slo-ingest --unwrap cri -v "$UX/docker.log"
err_has "3 lines read: 3 mapped"
out_has '"stream":"stdout","time":"2026-11-24T10:00:00.5Z"}'

case_ "--unwrap: a bad kind is a usage error"
run slo-eval --unwrap podman
code_is 2
err_has "invalid --unwrap 'podman': want docker, cri, auto or none"

case_ "slo-eval reads wrapped events, also compressed"
gzip -c "$UX/cri.log" >"$UX/cri.log.gz"
run slo-eval --objective 50 --good 'status < 500' --window 1d --format ndjson \
    --at 2026-11-24T12:00:00Z "$UX/cri.log.gz"
code_is 0
out_has '"total":2'
out_has '"good":1'

# -j N: a CRI file with partial entries across many chunks gives what -j 1
# gives (the unwrapping is done before the lines are cut into chunks).
awk 'BEGIN {
	for (i = 0; i < 30000; i++) {
		ts = sprintf("2026-11-24T%02d:%02d:%02d.%09dZ", int(i / 3600) % 24, int(i / 60) % 60, i % 60, i)
		ev = sprintf("{\"kind\":\"request\",\"route\":\"/r%d\",\"status\":%d,\"latency_ms\":%d}", i % 7, i % 50 == 0 ? 503 : 200, i % 300)
		if (i % 9 == 0)
			printf "%s stdout P %s\n%s stdout F %s\n", ts, substr(ev, 1, 20), ts, substr(ev, 21)
		else if (i % 101 == 0)
			printf "%s stdout F {broken\n", ts
		else
			printf "%s stdout F %s\n", ts, ev
	}
}' >"$UX/big.log"
slo-ingest -j 1 --max-bad 100% --rejects "$UX/rej.1" "$UX/big.log" >"$UX/out.1" 2>"$UX/err.1"
for j in 2 4; do
	case_ "CRI -j $j same as -j 1"
	run slo-ingest -j $j --max-bad 100% --rejects "$UX/rej.$j" "$UX/big.log"
	out_is "$UX/out.1"
	cmp -s "$UX/err.1" "$TMP/err" && _pass || _fail "stderr differs"
	cmp -s "$UX/rej.1" "$UX/rej.$j" && _pass || _fail "rejects differ"
done
# By hand: 30000 entries, of which i % 9 == 0 (3334: 0, 9, ..., 29997)
# take two lines (a P and an F: the record, then a blank line), so 33334
# lines, 3334 blank; i % 101 == 0 and not i % 9 == 0 are broken: 298
# multiples of 101 below 30000, less the 34 of 909, = 264 rejected;
# 30000 - 264 = 29736 mapped.  The first broken one, i = 101, stands on
# line 101 + 12 (the P lines of i = 0, 9, ..., 99) + 1 = 114.
case_ "CRI: every line accounted for, on its own line number"
grep -q "big.log:114:7: invalid json" "$UX/err.1" && _pass ||
    _fail "first reject: $(head -n 1 "$UX/err.1")"
grep -q "33334 lines read: 29736 mapped, 264 rejected, 3334 blank" "$UX/err.1" && _pass ||
    _fail "summary: $(grep 'lines read' "$UX/err.1")"
