# gen.awk: the alpha rollout of examples/rollout/events.ndjson, every kind
# promote-check reads, one hour of checkout 1.4.0-alpha.2 beside the
# baseline.  Deterministic in any awk (its own Park-Miller generator, no
# rand()); regenerate with
#   awk -f examples/rollout/gen.awk | LC_ALL=C sort -s -t'"' -k4,4 \
#       > examples/rollout/events.ndjson
# (sorted on the time, the fourth field between double quotes; -s keeps
# the lines of one instant in the order written).
#   requests   10 per minute per cohort (600 each), lognormal latencies,
#              the alpha's 10 % slower and a little wider; 1 error each
#   deploy     the alpha's two rollout steps, both successful
#   check      contract (12 pass) and schema (5 pass, 1 skip) suites
#   resource   alpha-1, alpha-2 and baseline-1 every 30 s with limits;
#              the alpha's log-shipper sidecar every minute WITHOUT a
#              memory limit (the finding the alpha guide warns about)
#   cost       each cohort's spend every minute (USD)
#   incident   INC-101 (critical) open 10:12, detected 10:14, acknowledged
#              10:15, mitigated 10:31, resolved 10:40; INC-102 (critical)
#              open 10:44, detected 10:45, mitigated 10:50, resolved 10:55
#   flag       new-checkout served "on" to the internal segment only
function rnd() { seed = (16807 * seed) % 2147483647; return seed / 2147483647 }
function normal() { return sqrt(-2 * log(rnd())) * cos(6.283185307179586 * rnd()) }
# second s of the hour from 10:00Z, with its milliseconds ms (0 .. 999):
# every time has three decimals, so that text order is time order
function ts(s, ms,  h, m) {
	h = int(s / 3600); m = int((s % 3600) / 60)
	return sprintf("2026-11-20T%02d:%02d:%02d.%03dZ", 10 + h, m, s % 60, ms)
}
BEGIN {
	seed = 20261120
	V = "\"version\":\"1.4.0-alpha.2\""
	print "{\"ts\":\"" ts(0) "\",\"kind\":\"deploy\",\"cohort\":\"alpha\"," V ",\"result\":\"success\"}"
	print "{\"ts\":\"" ts(1800) "\",\"kind\":\"deploy\",\"cohort\":\"alpha\"," V ",\"result\":\"success\"}"
	for (i = 0; i < 12; i++)
		printf "{\"ts\":\"%s\",\"kind\":\"check\",\"cohort\":\"alpha\",%s,\"suite\":\"contract\",\"name\":\"POST /pay #%d\",\"result\":\"pass\"}\n", ts(0), V, i + 1
	for (i = 0; i < 6; i++)
		printf "{\"ts\":\"%s\",\"kind\":\"check\",\"cohort\":\"alpha\",%s,\"suite\":\"schema\",\"name\":\"orders.v%d\",\"result\":\"%s\"}\n", ts(0), V, i + 1, i == 5 ? "skip" : "pass"
	for (m = 0; m < 60; m++) {
		for (i = 0; i < 10; i++) {
			at = m * 60000 + i * 6000 + int(rnd() * 4000)
			for (c = 0; c < 2; c++) {
				lat = (c ? 100 : 110) * exp((c ? 0.45 : 0.5) * normal())
				st = (m == 20 + 17 * c && i == 3) ? 503 : 200
				printf "{\"ts\":\"%s\",\"cohort\":\"%s\",\"status\":%d,\"latency_ms\":%.1f}\n", ts(int((at + 300 * c) / 1000), (at + 300 * c) % 1000), c ? "baseline" : "alpha", st, lat
			}
		}
		# spend: about 0.0002 USD per request, +-5 % a minute
		for (c = 0; c < 2; c++)
			printf "{\"ts\":\"%s\",\"kind\":\"cost\",\"cohort\":\"%s\",\"amount\":%.5f,\"currency\":\"USD\"}\n", ts(m * 60 + 59), c ? "baseline" : "alpha", 10 * 0.0002 * (c ? 1 : 1.04) * (1 + 0.05 * (2 * rnd() - 1))
		for (h = 0; h < 2; h++) {
			s = m * 60 + h * 30
			for (k = 0; k < 3; k++)
				printf "{\"ts\":\"%s\",\"kind\":\"resource\",\"cohort\":\"%s\",\"instance\":\"%s\",\"cpu_cores\":%.3f,\"cpu_limit_cores\":1,\"memory_bytes\":%d,\"memory_limit_bytes\":536870912}\n", ts(s), k == 2 ? "baseline" : "alpha", k == 2 ? "baseline-1" : "alpha-" (k + 1), 0.40 * (1 + 0.1 * normal()), int(300e6 * (1 + 0.03 * normal()))
			if (h == 0)
				printf "{\"ts\":\"%s\",\"kind\":\"resource\",\"cohort\":\"alpha\",\"instance\":\"alpha-log-shipper\",\"cpu_cores\":%.3f,\"cpu_limit_cores\":0.2,\"memory_bytes\":%d}\n", ts(s), 0.03 * (1 + 0.2 * rnd()), int(60e6 * (1 + 0.1 * rnd()))
		}
		if (m % 3 == 0)
			printf "{\"ts\":\"%s\",\"kind\":\"flag\",\"flag\":\"new-checkout\",\"variant\":\"on\",\"subject\":\"qa-%d\",\"segment\":\"internal\",\"reason\":\"targeting_match\"}\n", ts(m * 60 + 7), m % 4
	}
	split("720 detected 840 acknowledged 900 mitigated 1860", a, " ")
	print "{\"ts\":\"" ts(720) "\",\"kind\":\"incident\",\"cohort\":\"alpha\",\"id\":\"INC-101\",\"state\":\"open\",\"severity\":\"critical\"}"
	for (i = 2; i < 8; i += 2)
		print "{\"ts\":\"" ts(a[i + 1]) "\",\"kind\":\"incident\",\"cohort\":\"alpha\",\"id\":\"INC-101\",\"state\":\"" a[i] "\",\"severity\":\"critical\"}"
	print "{\"ts\":\"" ts(2400) "\",\"kind\":\"incident\",\"cohort\":\"alpha\",\"id\":\"INC-101\",\"state\":\"resolved\",\"severity\":\"critical\"}"
	print "{\"ts\":\"" ts(2640) "\",\"kind\":\"incident\",\"cohort\":\"alpha\",\"id\":\"INC-102\",\"state\":\"open\",\"severity\":\"critical\"}"
	print "{\"ts\":\"" ts(2700) "\",\"kind\":\"incident\",\"cohort\":\"alpha\",\"id\":\"INC-102\",\"state\":\"detected\",\"severity\":\"critical\"}"
	print "{\"ts\":\"" ts(3000) "\",\"kind\":\"incident\",\"cohort\":\"alpha\",\"id\":\"INC-102\",\"state\":\"mitigated\",\"severity\":\"critical\"}"
	print "{\"ts\":\"" ts(3300) "\",\"kind\":\"incident\",\"cohort\":\"alpha\",\"id\":\"INC-102\",\"state\":\"resolved\",\"severity\":\"critical\"}"
}
