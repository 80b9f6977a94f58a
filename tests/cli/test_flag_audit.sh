# flag-audit: exit codes, formats, registry errors, hand-checked findings.
F="$FX/flag-audit"
FE="$EX/flags"

case_ "example: one finding of each kind, exit 1"
run flag-audit --registry "$FE/flags.yaml" "$FE/evaluations.ndjson"
code_is 1
for c in leak overexposed unknown evaluation_errors stale no_owner \
    fully_rolled_out never_evaluated; do
	out_has "\"check\":\"$c\""
done
is "example: eight findings" "$(wc -l <"$TMP/out" | tr -d ' ')" 8
out_has '"flag":"new-checkout","owner":"team-payments","figures":{"evaluations":1,"subjects":1,'
out_has '"examples":["u-1042"]'
# by hand: 30 treatment of 100 subjects, 5 errors in 100 evaluations
out_has '"figures":{"alpha_subjects":30,"subjects":100,"exposure":0.3,"max_exposure":0.1,'
out_has '"figures":{"errors":5,"evaluations":100,"error_rate":0.05,"max_error_rate":0.01}'
# holiday-theme: created 2026-09-01 + 40 d = 2026-10-11
out_has '"deadline":"2026-10-11T00:00:00Z","lifetime_days":40'
out_has '"figures":{"variant":"on","variant_evaluations":91,"evaluations":91,"since":"2026-11-01T00:00:00Z"}'
# most severe first
head -1 "$TMP/out" | grep -q '^{"check":"leak","severity":"critical",'
is "example: the leak comes first" $? 0

case_ "example from stdin, --fail-on critical still fails on the leak"
run flag-audit -r "$FE/flags.yaml" --fail-on critical <"$FE/evaluations.ndjson"
code_is 1

case_ "--where drops the leak: --fail-on critical passes"
run flag-audit -r "$FE/flags.yaml" --fail-on critical \
    --where 'flag != "new-checkout"' "$FE/evaluations.ndjson"
code_is 0
out_lacks '"check":"leak"'
out_has '"check":"overexposed"'

case_ "--examples, --max-error-rate, --settle"
run flag-audit -r "$FE/flags.yaml" --examples 0 --max-error-rate 5% \
    --settle 40d "$FE/evaluations.ndjson"
code_is 1
out_lacks '"examples":["'
out_lacks '"check":"evaluation_errors"'   # 5 % is not above 5 %
out_lacks '"check":"fully_rolled_out"'    # seen since Nov 1 only, not 40 d
run flag-audit -r "$FE/flags.yaml" --examples 2 --max-error-rate 0.049 \
    "$FE/evaluations.ndjson"
out_has '"examples":["r-7","r-27"]'
out_has '"check":"evaluation_errors"'

case_ "--summary adds one record per flag"
run flag-audit -r "$FE/flags.yaml" --summary "$FE/evaluations.ndjson"
code_is 1
is "summary records" "$(grep -c '"summary":"flag"' "$TMP/out")" 8
out_has '{"summary":"flag","flag":"search-v2","registered":true,"type":"experiment","stage":"alpha","owner":"team-search","age_days":10,"evaluations":100,"subjects":100,"subjects_estimated":false,"errors":0,"not_found":0,"variants":[{"variant":"control","evaluations":70,"share":0.7},{"variant":"treatment","evaluations":30,"share":0.3}]}'
# variants by first evaluation time, then name: both first served at 00:40
# (treatment read first), so control comes first, as after any merge

case_ "formats: table, markdown, junit"
run flag-audit -r "$FE/flags.yaml" --format table --summary "$FE/evaluations.ndjson"
code_is 1
out_has "SEVERITY CHECK"
out_has "critical leak              new-checkout"
out_has "EVALUATIONS"
run flag-audit -r "$FE/flags.yaml" --format markdown "$FE/evaluations.ndjson"
code_is 1
out_has "| Severity | Check | Flag | Detail |"
out_has "| **critical** | leak | new-checkout |"
out_has "| medium | stale | holiday-theme |"
run flag-audit -r "$FE/flags.yaml" --format junit "$FE/evaluations.ndjson"
code_is 1
out_has '<testsuites name="flag-audit" tests="57" failures="3" errors="0">'
out_has '<testcase classname="new-checkout" name="leak">'
out_has '<failure type="critical" message="alpha variant of &#39;new-checkout&#39;'
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$TMP/out" 2>/dev/null; is "junit is well-formed XML" $? 0
fi
run flag-audit -r "$FE/flags.yaml" --format prom "$FE/evaluations.ndjson"
code_is 2

case_ "clean log: exactly max_exposure (1 of 2 subjects, 50 %) passes, no output"
run flag-audit -r "$F/clean.yaml" "$F/clean.ndjson"
code_is 0
is "clean: no output" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
run flag-audit -r "$F/clean.yaml" --fail-on low --format table "$F/clean.ndjson"
code_is 0
out_has "no findings"

case_ "lifetimes cross --at: release created Nov 1, day 39, 40, 41"
run flag-audit -r "$F/lifetime.yaml" --at 2026-12-10T00:00:00Z </dev/null
code_is 0
out_lacks '"check":"stale"'
run flag-audit -r "$F/lifetime.yaml" --at 2026-12-11T00:00:00Z </dev/null
out_lacks '"check":"stale"'
run flag-audit -r "$F/lifetime.yaml" --at 2026-12-11T00:00:01Z </dev/null
out_has '"check":"stale"'
run flag-audit -r "$F/lifetime.yaml" --at 2026-12-12T00:00:00Z --fail-on medium </dev/null
code_is 1
out_has '"check":"stale","severity":"medium","flag":"checkout-v3"'
out_has '"deadline":"2026-12-11T00:00:00Z"'

case_ "--fail-on low: a never evaluated flag fails, by default it does not"
run flag-audit -r "$F/lifetime.yaml" --at 2026-11-02T00:00:00Z </dev/null
code_is 0
out_has '"check":"never_evaluated"'
run flag-audit -r "$F/lifetime.yaml" --at 2026-11-02T00:00:00Z --fail-on low </dev/null
code_is 1

case_ "empty input without --at: warning, never_evaluated only"
run flag-audit -r "$F/lifetime.yaml" </dev/null
code_is 0
err_has "no event time and no --at"
out_has '"check":"never_evaluated"'

case_ "registry typo: exit 2 at FILE:LINE:COL"
run flag-audit -r "$F/typo.yaml" </dev/null
code_is 2
err_has "typo.yaml:4:5: unknown key 'ownr'"
err_has "did you mean 'owner'"
run flag-audit -r "$F/badtype.yaml" </dev/null
code_is 2
err_has "badtype.yaml:4:11: unknown flag type 'relase'; did you mean 'release'?"
run flag-audit -r "$F/baddate.yaml" </dev/null
code_is 2
err_has "baddate.yaml:5:"
run flag-audit -r "$F/toplevel.yaml" </dev/null
code_is 2
err_has "toplevel.yaml:2:1: unknown key 'flag'"
run flag-audit -r "$F/no-such-registry.yaml" </dev/null
code_is 2
err_has "no-such-registry.yaml"

case_ "usage errors"
run flag-audit </dev/null
code_is 2
err_has "--registry"
for bad in "--fail-on urgent" "--examples -1" "--examples 101" \
    "--max-error-rate 2" "--settle 7" "--format html"; do
	# shellcheck disable=SC2086
	run flag-audit -r "$F/clean.yaml" $bad </dev/null
	code_is 2
done
run flag-audit --help
code_is 0
out_has "--registry FILE"

case_ "bad input lines: counted, over --max-bad exits 2"
run flag-audit -r "$F/clean.yaml" "$F/truncated.ndjson"
code_is 2
err_has "truncated.ndjson:2:"
run flag-audit -r "$F/clean.yaml" --max-bad 2 --fail-on critical "$F/truncated.ndjson"
code_is 0
err_has "2 of 3 input lines rejected"
# the one line left: 1 alpha subject of 1 is above 50 %
out_has '"check":"overexposed"'

case_ "a closed output: /dev/full exits 2"
if [ -w /dev/full ]; then
	flag-audit -r "$FE/flags.yaml" "$FE/evaluations.ndjson" >/dev/full 2>"$TMP/err"
	is "/dev/full exit" $? 2
fi

case_ "a leak hidden in 1 of 100,000 evaluations is found with its subject"
awk 'BEGIN {
	for (i = 0; i < 100000; i++) {
		if (i == 61803) { sub_ = "needle-7"; seg = "public"; v = "on" }
		else if (i % 50 == 0) { sub_ = "staff-" (i % 7); seg = "internal"; v = "on" }
		else { sub_ = "u-" (i % 9973); seg = "public"; v = "off" }
		printf "{\"kind\":\"flag\",\"ts\":%d,\"flag\":\"checkout-v3\",\"variant\":\"%s\",\"subject\":\"%s\",\"segment\":\"%s\"}\n", 1795000000 + i, v, sub_, seg
	}
}' >"$TMP/needle.ndjson"
run flag-audit -r "$F/clean.yaml" "$TMP/needle.ndjson"
code_is 1
# 2,000 evaluations with i % 50 == 0 plus the needle are alpha
out_has '"figures":{"evaluations":1,"subjects":1,"alpha_evaluations":2001,"alpha_subjects":8,'
out_has '"examples":["needle-7"]'

case_ "OTLP old and new attribute names give identical findings"
# The same 7 log-record evaluations and 1 span with a flag event, written
# with the semantic conventions before 1.28 (feature_flag.variant,
# feature_flag.evaluation.reason, enduser.id, feature_flag.provider_name,
# span event "feature_flag") and after (feature_flag.result.variant,
# feature_flag.result.reason, feature_flag.context.id / user.id, error.type,
# span event "feature_flag.evaluation").  By hand: u-9 (log) and u-10
# (span) got "on" outside the allow list qa-1, qa-2 and have no segment;
# gone-flag is unregistered, 2 evaluations both flag_not_found.
slo-ingest --preset otlp "$F/otlp-old.ndjson" >"$TMP/old.ndjson" 2>"$TMP/err"
is "ingest old names" $? 0
slo-ingest --preset otlp "$F/otlp-new.ndjson" >"$TMP/new.ndjson" 2>"$TMP/err"
is "ingest new names" $? 0
run flag-audit -r "$F/otlp-registry.yaml" --summary "$TMP/old.ndjson"
cp "$TMP/out" "$TMP/old.out"
code_is 1
out_has '"check":"leak","severity":"critical","flag":"new-checkout","owner":"team-payments","figures":{"evaluations":2,"subjects":2,"alpha_evaluations":4,"alpha_subjects":4,"unknown_segment":2,'
out_has '"examples":["u-9","u-10"]'
out_has '"check":"unknown","severity":"high","flag":"gone-flag","owner":null,"figures":{"registered":false,"evaluations":2,"subjects":2,"not_found":2,'
run flag-audit -r "$F/otlp-registry.yaml" --summary "$TMP/new.ndjson"
code_is 1
out_is "$TMP/old.out"

case_ "a flag event without a flag key is a rejected line"
printf '%s\n' '{"kind":"flag","ts":"2026-11-20T10:00:00Z","variant":"on","subject":"s1"}' \
    '{"kind":"flag","ts":"2026-11-20T10:00:00Z","flag":"checkout-v3","variant":"off","subject":"s1"}' >"$TMP/keyless.ndjson"
run flag-audit -r "$F/clean.yaml" "$TMP/keyless.ndjson"
code_is 2
err_has "keyless.ndjson:1:"
err_has "flag event without 'flag'"
run flag-audit -r "$F/clean.yaml" --max-bad 1 "$TMP/keyless.ndjson"
code_is 0

case_ "15.12: a kill switch or permission flag always on is not debt"
# each served one variant from Nov 1 to Nov 30: with --settle 7d only the
# release flag is ready for removal
for d in 01 10 20 30; do
	for k in kill-search admin-panel new-search; do
		printf '{"kind":"flag","ts":"2026-11-%sT00:00:00Z","flag":"%s","variant":"on","subject":"s"}\n' "$d" "$k"
	done
done >"$TMP/permanent.ndjson"
run flag-audit -r "$F/permanent.yaml" --fail-on low "$TMP/permanent.ndjson"
code_is 1
out_has '"check":"fully_rolled_out","severity":"low","flag":"new-search"'
out_lacks '"flag":"kill-search"'
out_lacks '"flag":"admin-panel"'

case_ "15.12: boolean variants in canonical events are variants true/false"
printf '%s\n' \
    '{"kind":"flag","ts":"2026-11-20T10:00:00Z","flag":"new-search","variant":true,"subject":"s1"}' \
    '{"kind":"flag","ts":"2026-11-20T10:00:01Z","flag":"new-search","variant":false,"subject":"s2"}' \
    '{"kind":"request","ts":"2026-11-20T10:00:02Z","status":200,"flags":{"new-search":true},"subject":"s3"}' \
    >"$TMP/bool.ndjson"
run flag-audit -r "$F/permanent.yaml" --summary "$TMP/bool.ndjson"
code_is 0
err_lacks "not a string"
out_has '"flag":"new-search","registered":true,"type":"release","stage":null,"owner":"team-search","age_days":19,"evaluations":3,"subjects":3,'
out_has '"variants":[{"variant":"true","evaluations":2,'
out_has '{"variant":"false","evaluations":1,'
# and slo-ingest passes them on as the strings
slo-ingest --preset canonical "$TMP/bool.ndjson" >"$TMP/bool.out" 2>"$TMP/err"
is "ingest canonical booleans" $? 0
grep -q '"variant":"true"' "$TMP/bool.out"; is "variant true written as a string" $? 0
grep -q '"flags":{"new-search":"true"}' "$TMP/bool.out"; is "flags member written as a string" $? 0
# GO Feature Flag's exporter with a boolean variation
printf '%s\n' '{"kind":"feature","contextKind":"user","userKey":"u1","creationDate":1795000000,"key":"new-search","variation":true,"value":true,"default":false}' |
    slo-ingest --preset goff >"$TMP/goff.out" 2>"$TMP/err"
is "goff boolean variation" $? 0
grep -q '"variant":"true"' "$TMP/goff.out"; is "goff variant true" $? 0

case_ "14.11: a malformed rollup line is rejected as by slo-eval; a good one passes"
printf '%s\n' '{"kind":"rollup","ts":"2026-12-01T00:00:00Z","width":"1m","count":"x"}' >"$TMP/badroll.ndjson"
run flag-audit -r "$F/clean.yaml" "$TMP/badroll.ndjson"
code_is 2
err_has "badroll.ndjson:1: bad rollup 'count': not a count"
run slo-eval --objective 99 --good 'status < 500' --window 1d "$TMP/badroll.ndjson"
code_is 2
err_has "badroll.ndjson:1: bad rollup 'count': not a count"
printf '{"ts":"2026-12-01T00:00:00Z","status":200}\n' |
    slo-ingest --preset canonical --rollup 1m >"$TMP/goodroll.ndjson" 2>"$TMP/err"
is "rollup made" $? 0
run flag-audit -r "$F/clean.yaml" "$TMP/goodroll.ndjson"
code_is 0
err_lacks "rejected"

case_ "14.4: past --max-groups (default 10000) unknown flags fold into '*', with a warning"
awk 'BEGIN { for (i = 0; i < 10050; i++)
	printf "{\"kind\":\"flag\",\"ts\":%d,\"flag\":\"ghost-%05d\",\"variant\":\"on\",\"subject\":\"s%d\"}\n", 1795000000 + i, i, i % 3 }' >"$TMP/ghosts.ndjson"
run flag-audit -r "$F/clean.yaml" "$TMP/ghosts.ndjson"
code_is 1
err_has "more than 10000 unregistered flags: 50 more (50 evaluations) folded into one overflow entry '*'"
out_has '"flag":"*","owner":null,"figures":{"registered":false,"overflow":true,"flags":50,"evaluations":50,"subjects":3,'
out_has '"flag":"ghost-09999"'
out_lacks '"flag":"ghost-10000"'
# 10000 told apart + the overflow entry
is "unknown findings" "$(grep -c '"check":"unknown"' "$TMP/out")" 10001
run flag-audit -r "$F/clean.yaml" --max-groups 20000 "$TMP/ghosts.ndjson"
code_is 1
err_lacks "overflow"
out_lacks '"flag":"*"'
is "unknown findings, no bound hit" "$(grep -c '"check":"unknown"' "$TMP/out")" 10050
run flag-audit -r "$F/clean.yaml" --max-groups 0 "$TMP/ghosts.ndjson"
# 10050 keys: past 4096 the count is a HyperLogLog estimate, said so
err_has "more than 0 unregistered flags: about "
err_has " more (10050 evaluations) folded"
is "everything folded" "$(grep -c '"check":"unknown"' "$TMP/out")" 1
for bad in -1 x 1e3 100000001; do
	run flag-audit -r "$F/clean.yaml" --max-groups "$bad" </dev/null
	code_is 2
	err_has "invalid --max-groups"
done

case_ "14.10: a registry that is not one says so without quoting it"
printf 'root:$6$Zq1secretsalt$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n' >"$TMP/shadow"
run flag-audit -r "$TMP/shadow" </dev/null
code_is 2
err_has "shadow:1:1: not the kind of file expected: no top-level key is 'slos', 'flags', 'promotion', 'sources' or 'severities' (its content is not shown)"
err_lacks "secret"
err_lacks "99999"
printf 'promotion:\n  criteria:\n    flag_leaks:\n      registry: %s\n' "$TMP/shadow" >"$TMP/crit.yaml"
run promote-check --criteria "$TMP/crit.yaml" </dev/null
code_is 2
err_has "not the kind of file expected"
err_lacks "secret"
