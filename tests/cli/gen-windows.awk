# gen-windows.awk — a deterministic 31-day event stream for the window tests:
# one request every 97 seconds on three routes; an error rate of about 0.5 %,
# 30 % in one hour four days before the end and 8 % over the last 3 hours.
# Writes NDJSON (epoch-second ts, shuffled in small runs so that events come
# out of order) to stdout and "epoch status route" to the file `tsv`.
# usage: awk -v tsv=FILE -f gen-windows.awk
BEGIN {
	seed = 12345
	start = 1793491200      # 2026-11-01T00:00:00Z
	end = start + 31 * 86400
	split("/api/cart /api/checkout /api/search", routes, " ")
	n = 0
	for (t = start; t < end; t += 97) {
		seed = (seed * 1103515245 + 12345) % 2147483648
		u = seed / 2147483648
		rate = 0.005
		if (t >= end - 4 * 86400 && t < end - 4 * 86400 + 3600) rate = 0.30
		if (t >= end - 3 * 3600) rate = 0.08
		status = u < rate ? 503 : 200
		r = routes[(n % 3) + 1]
		lines[n] = sprintf("{\"ts\":%d,\"service\":\"shop\",\"route\":\"%s\",\"status\":%d,\"latency_ms\":%d}", t, r, status, 20 + n % 50)
		tsvl[n] = sprintf("%d %d %s", t, status, r)
		n++
	}
	# Reverse every run of 7 lines: out of order within minutes.
	for (i = 0; i < n; i += 7) {
		j = i + 6; if (j >= n) j = n - 1
		for (k = j; k >= i; k--) { print lines[k]; print tsvl[k] > tsv }
	}
}
