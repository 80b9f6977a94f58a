#!/bin/sh
# Generates the three example alphas of promote-check(1), deterministically
# (an LCG of our own, not awk's rand(), so every awk gives the same bytes):
#   pass.ndjson          alpha and baseline alike          -> promote, exit 0
#   fail.ndjson          alpha errors 3x, a critical alert -> rollback, exit 1
#   inconclusive.ndjson  120 alpha requests, under 200     -> hold, exit 3
# Usage: sh examples/promote/gen.sh [DIR]   (default: this script's directory)
set -eu
dir=${1:-$(dirname "$0")}

gen() { # name minutes per_minute alpha_err_pct base_err_pct alpha_slowdown extra
	awk -v minutes="$2" -v per="$3" -v aerr="$4" -v berr="$5" -v slow="$6" \
	    -v extra="$7" '
	function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
	function lat(scale) { return scale * 80 * exp(0.45 * sqrt(-2 * log(rnd())) * cos(6.283185307 * rnd())) }
	function ts(sec,  m, s) { m = int(sec / 60); s = sec - 60 * m
		return sprintf("2026-11-26T%02d:%02d:%06.3fZ", 9 + int(m / 60), m % 60, s) }
	function req(cohort, sec, errpct, scale,  st) {
		st = (rnd() * 100 < errpct) ? 503 : 200
		printf "{\"ts\":\"%s\",\"service\":\"checkout\",\"cohort\":\"%s\",\"route\":\"/pay\",\"status\":%d,\"latency_ms\":%.1f,\"trace_id\":\"%08x\"}\n", ts(sec), cohort, st, lat(scale), int(rnd() * 2147483647)
	}
	BEGIN {
		seed = 42
		print "{\"kind\":\"deploy\",\"ts\":\"2026-11-26T09:00:00Z\",\"service\":\"checkout\",\"cohort\":\"alpha\",\"version\":\"2.4.0-alpha.1\",\"result\":\"success\"}"
		for (i = 0; i < minutes * per; i++) {
			sec = i * 60 / per
			req("alpha", sec, aerr, slow)
			req("baseline", sec + 0.2, berr, 1)
			if (extra == "incident" && i == int(minutes * per / 3))
				printf "{\"kind\":\"incident\",\"ts\":\"%s\",\"id\":\"INC-7\",\"state\":\"open\",\"cohort\":\"alpha\"}\n", ts(sec)
			if (extra == "incident" && i == int(minutes * per / 3) + 12 * per)
				printf "{\"kind\":\"incident\",\"ts\":\"%s\",\"id\":\"INC-7\",\"state\":\"resolved\",\"cohort\":\"alpha\"}\n", ts(sec)
			if (extra == "alert" && i == int(minutes * per / 2))
				printf "{\"kind\":\"alert\",\"ts\":\"%s\",\"id\":\"CVE-2026-0001\",\"source\":\"security\",\"severity\":\"critical\",\"cohort\":\"alpha\"}\n", ts(sec)
		}
	}' >"$dir/$1.ndjson"
}

gen pass 40 25 0.4 0.4 1.0 incident
gen fail 40 25 4.5 1.5 1.1 alert
gen inconclusive 4 30 1.0 1.0 1.0 none
