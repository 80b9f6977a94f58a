# gen.awk — regenerates events.ndjson, three days of a small shop's traffic
# with an incident: a bad deploy of checkout 1.8.0 on 2026-11-24 at 14:02
# sends the checkout error rate to about 25 % and its latency up until the
# rollback at 15:10.  Deterministic: same output every run.
#   awk -f gen.awk > events.ndjson
function ts(t,   d, s, y, m, dd, doy, mp) {
	# epoch seconds -> RFC 3339 (days-from-civil inverted, Hinnant)
	d = int(t / 86400); s = t - d * 86400
	z = d + 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, dd, int(s / 3600), int(s % 3600 / 60), s % 60)
}
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
BEGIN {
	seed = 7
	start = 1795305600            # 2026-11-22T00:00:00Z
	bad_from = 1795528920         # 2026-11-24T14:02:00Z
	bad_to = 1795533000           # 2026-11-24T15:10:00Z
	deploy = 1795528320           # 2026-11-24T13:52:00Z
	split("/api/cart /api/checkout /api/search", routes, " ")
	split("eu-west-1 us-east-1", regions, " ")
	for (t = start; t < start + 3 * 86400; t += 300) {
		if (t >= deploy && !said[1]++)
			printf "{\"kind\":\"deploy\",\"ts\":\"%s\",\"service\":\"checkout\",\"version\":\"1.8.0\",\"result\":\"success\"}\n", ts(t)
		if (t >= bad_from + 180 && !said[2]++)
			printf "{\"kind\":\"incident\",\"ts\":\"%s\",\"service\":\"checkout\",\"id\":\"INC-311\",\"state\":\"open\"}\n", ts(t)
		if (t >= bad_to && !said[3]++)
			printf "{\"kind\":\"deploy\",\"ts\":\"%s\",\"service\":\"checkout\",\"version\":\"1.7.4\",\"result\":\"rollback\"}\n", ts(bad_to - 30)
		if (t >= bad_to + 600 && !said[4]++)
			printf "{\"kind\":\"incident\",\"ts\":\"%s\",\"service\":\"checkout\",\"id\":\"INC-311\",\"state\":\"resolved\"}\n", ts(t)
		for (r = 1; r <= 3; r++) for (g = 1; g <= 2; g++) {
			tt = t + int(rnd() * 300)
			incident = (r == 2 && tt >= bad_from && tt < bad_to)
			u = rnd()
			status = u < (incident ? 0.25 : 0.0008) ? 503 : (u > 0.97 ? 404 : 200)
			lat = exp(log(r == 2 ? 120 : 45) + 0.5 * (rnd() + rnd() + rnd() - 1.5) * 2)
			if (incident) lat = lat * 4
			ver = (r == 2 && tt >= deploy && tt < bad_to) ? "1.8.0" : "1.7.4"
			printf "{\"ts\":\"%s\",\"service\":\"%s\",\"region\":\"%s\",\"version\":\"%s\",\"route\":\"%s\",\"status\":%d,\"latency_ms\":%.1f}\n",
			    ts(tt), r == 2 ? "checkout" : "shop", regions[g], ver, routes[r], status, lat
		}
	}
}
