# test_rollout_scorecard.sh — the scorecard step of `make demo` (issue
# 21.5): examples/rollout/slos.yaml over the rollout's events, each SLO
# kind once, figures computed by hand (a second method: awk over the
# events file, shown with each case).
# Sourced by tests/cli/run.sh (helpers there).
#
# The hand computation (the events cover 10:00-11:00 on 2026-11-20; the
# default instant is the newest event's bucket, every window 1d):
#   alpha requests: 600, one with status >= 500 (awk over the lines without
#   "kind" and with cohort alpha); availability 599/600 = 99.833 %, budget
#   allowed 0.005 x 600 = 3, used 1/3 = 33.3 %.
#   alpha latency: 10 of 600 above 300 ms (the ndjson's bad), allowed
#   0.05 x 600 = 30, used 10/30 = 33.3 %; team-payments: worst 33.3 %,
#   sum 66.7 %.
#   cost: the 120 cost amounts sum to 0.24344 USD (awk), over 1200
#   requests = 0.000202866... USD a request, shown as 0.0002029 USD.
#   time to detect: INC-101 open 10:12, detected 10:14 (2 min); INC-102
#   10:44 -> 10:45 (1 min): both within 5 min, median 1m (the lower of
#   two, nearest rank), p90 2m.
#   checks: 12 contract passes; schema 5 passes and 1 skip (not counted).
#   deploys: 2 over the 1-day window: 2.00 a day.

R=$EX/rollout
rs() { run slo-eval --spec "$R/slos.yaml" --registry "$R/promote.yaml" "$@" "$R/events.ndjson"; }

case_ "rollout SLOs: the spec validates"
run slo-eval --spec "$R/slos.yaml" --validate
code_is 0

case_ "rollout scorecard: owners, budget use, cadence and alpha flags by hand"
COLUMNS=200 rs --format table
code_is 1
out_has "team-payments    2  1       0        1       0       2        2.00"
out_has "team-payments    2             33.3% alpha-availability alpha            66.7% 1: new-checkout"
out_has "team-finops      1                 - -                                       - 0"
out_has "0.0002029 USD <=0.0025 USD"
out_has "time-to-detect: open to detected, median 1m, p90 2m (2 incidents counted, 0 open, 0 overdue)"
out_has "cost-per-request: 0.24344 USD over 1200 request events"

case_ "rollout scorecard: the figures in ndjson"
rs --format ndjson
out_has '"slo":"alpha-availability","group":{"cohort":"alpha"}'
out_has '"events":600,"good_events":599'
out_has '"slo":"contract-checks","group":{},"status":"ok"'
out_has '"good":12,"bad":0,"total":12'
out_has '"good":5,"bad":0,"total":5'
out_has '"sum":0.24344,"cost_events":120,"per_events":1200'
out_has '"scorecard":"owner","owner":"team-payments","slos":2,"slos_with_data":2,"budget_used_worst":0.3333333333333333'
