#!/bin/sh
# make demo: real pipelines over examples/, each shown with its command and
# exit status.  Fails only when a step ends in an error (exit 2).
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/$BUILD/bin:$PATH"; export PATH
cd "$top" || exit 2
status=0

step() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	sh -c "$*"
	rc=$?
	printf '(exit %d)\n' "$rc"
	[ "$rc" -eq 2 ] && status=2
	return 0
}

if [ -x "$BUILD/bin/slo-ingest" ] && [ -d examples/ingest ]; then
	printf '\n== slo-ingest: real log exports to canonical events ==\n'
	for f in examples/ingest/*.ndjson examples/ingest/*.json examples/ingest/*.log; do
		[ -f "$f" ] || continue
		preset=$(basename "$f" | sed 's/[._-].*//')
		case $preset in nginx) continue ;; esac
		step "slo-ingest --preset $preset $f | head -2"
	done
	[ -f examples/ingest/nginx.map.yaml ] &&
	    step "slo-ingest --map examples/ingest/nginx.map.yaml examples/ingest/nginx.log | head -2"
	[ -f examples/ingest/envoy.ndjson ] &&
	    step "slo-ingest --preset envoy examples/ingest/envoy.ndjson | slo-eval --objective 99 --good 'ok' --window 1d --format table"
fi

printf '\n== slo-eval: SLOs over three days with an incident ==\n'
step "slo-eval --spec examples/eval/slos.yaml --format table examples/eval/events.ndjson"
step "slo-eval --spec examples/eval/openslo.yaml --format table examples/eval/events.ndjson"
step "slo-eval --spec examples/eval/slos.yaml --at 2026-11-24T15:00:00Z --format table examples/eval/events.ndjson"
step "slo-eval --validate examples/eval/slos.yaml examples/eval/openslo.yaml"
step "slo-eval --spec examples/eval/slos.yaml --format html examples/eval/events.ndjson > $BUILD/report.html; echo wrote $BUILD/report.html"

if [ -x "$BUILD/bin/flag-audit" ] && [ -d examples/flags ]; then
	printf '\n== flag-audit: leaks, exposure and flag debt ==\n'
	step "flag-audit --registry examples/flags/flags.yaml --format table examples/flags/evaluations.ndjson"
fi

if [ -x "$BUILD/bin/promote-check" ] && [ -d examples/promote ]; then
	printf '\n== promote-check: may the alpha go to beta? ==\n'
	for f in examples/promote/*.ndjson; do
		[ -f "$f" ] || continue
		crit=examples/promote/promote.yaml
		[ -f "$crit" ] && step "promote-check --criteria $crit --format table $f" ||
		    step "promote-check --format table $f"
	done
fi
if [ -x "$BUILD/bin/promote-check" ] && [ -d examples/rollout ]; then
	printf '\n== an alpha rollout: every kind of event, one gate ==\n'
	# examples/rollout/events.ndjson (made by gen.awk): requests of both
	# cohorts, deploys, contract and schema checks, resource samples (the
	# alpha's log shipper without a memory limit), costs, incidents with
	# their detection and mitigation, flag evaluations.
	r=examples/rollout
	step "slo-ingest --preset canonical $r/events.ndjson | promote-check --criteria $r/promote.yaml --format table"
	# The same gate without the sidecar's samples: the finding gone, the
	# alpha is promoted on resources, variance and the incident times.
	step "slo-ingest --preset canonical $r/events.ndjson | promote-check --criteria $r/promote.yaml --where '!(instance == \"alpha-log-shipper\")' --format table"
	# The scorecard the guides describe: the rollout's SLOs (requests,
	# deploys, contract and schema checks, time to detect, cost per
	# request) grouped by owner, with release cadence, error budget use
	# per owner and the active alpha flags of the registry.
	step "slo-eval --spec $r/slos.yaml --registry $r/promote.yaml --format table $r/events.ndjson"
fi
exit $status
