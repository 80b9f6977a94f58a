# oracle-windows.awk — the independent answer for test_slo_eval.sh: counts
# events and good events (status < 500) in rolling windows straight from a
# TSV of "epoch_seconds status route", with no slokit code involved.
# A rolling window of W seconds at instant `at` with 60 s buckets is
# [floor(at/60)*60 + 60 - W, floor(at/60)*60 + 60)   (DESIGN.md section 4).
# Prints "NAME GROUP events good" for each window and route.
# usage: awk -v windows="1h:3600 6h:21600" -f oracle-windows.awk events.tsv
{ ts[NR] = $1; st[NR] = $2; rt[NR] = $3; if (NR == 1 || $1 > at) at = $1 }
END {
	end = (at - at % 60) + 60
	n = split(windows, ws, " ")
	for (i = 1; i <= n; i++) {
		split(ws[i], kv, ":")
		from = end - kv[2]
		ev = 0; good = 0
		delete gev; delete ggood
		for (k = 1; k <= NR; k++) {
			if (ts[k] >= from && ts[k] < end) {
				ev++; gev[rt[k]]++
				if (st[k] < 500) { good++; ggood[rt[k]]++ }
			}
		}
		printf "%s - %d %d\n", kv[1], ev, good
		for (r in gev)
			printf "%s %s %d %d\n", kv[1], r, gev[r], ggood[r] + 0
	}
}
