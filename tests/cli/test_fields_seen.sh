# slo-eval: a field an SLO reads that no event carried (issue 15.11) is
# warned about at the end of the run, with a did-you-mean; --strict makes
# it exit 2; -j 2 says the same as -j 1.

# 4000 requests over two routes and two tenants, 1 in 40 failing
awk 'BEGIN { for (i = 0; i < 4000; i++)
	printf "{\"kind\":\"request\",\"ts\":%d,\"status\":%d,\"route\":\"/r%d\",\"labels\":{\"tenant\":\"t%d\"}}\n",
	    1793491200 + i, i % 40 ? 200 : 503, i % 2, i % 3 }' >"$TMP/fs.ndjson"
cat >"$TMP/fs.yaml" <<'EOF'
slos:
  - name: typo
    good: 'staus < 500'
    objective: 99
    window: 1h
    group_by: [rout]
  - name: fine
    good: 'status < 500 && labels.tenant != "t9"'
    objective: 90
    window: 1h
    group_by: [route]
  - name: label-typo
    where: 'labels.tenat == "t1"'
    good: 'status < 500'
    objective: 90
    window: 1h
EOF

case_ "issue 15.11: a field no event carried is warned about, with a hint"
run slo-eval --spec "$TMP/fs.yaml" -j 1 --format ndjson "$TMP/fs.ndjson"
code_is 1   # typo: every event bad, so breached
err_has "slo-eval: warning: slo 'typo': field 'staus' never appeared in any event (did you mean 'status'?)"
err_has "slo-eval: warning: slo 'typo': field 'rout' never appeared in any event (did you mean 'route'?)"
err_has "slo-eval: warning: slo 'label-typo': field 'labels.tenat' never appeared in any event (did you mean 'labels.tenant'?)"
err_lacks "slo 'fine'"
is "warning lines" "$(grep -c 'never appeared' "$TMP/err")" 3
# the verdicts are all still there
is "verdict lines" "$(wc -l <"$TMP/out" | tr -d ' ')" 4
cp "$TMP/err" "$TMP/fs.err1"
cp "$TMP/out" "$TMP/fs.out1"

case_ "issue 15.11: -j 2 gives the same warnings"
run slo-eval --spec "$TMP/fs.yaml" -j 2 --format ndjson "$TMP/fs.ndjson"
code_is 1
out_is "$TMP/fs.out1"
is "stderr of -j 2" "$(cat "$TMP/err")" "$(cat "$TMP/fs.err1")"

case_ "issue 15.11: --strict makes it an error"
run slo-eval --spec "$TMP/fs.yaml" --strict -j 2 --format ndjson "$TMP/fs.ndjson"
code_is 2
err_has "slo-eval: slo 'typo': field 'staus' never appeared in any event (did you mean 'status'?)"
err_lacks "warning:"
run slo-eval --strict --objective 99 --good 'status < 600' --format ndjson "$TMP/fs.ndjson"
code_is 0
err_lacks "never appeared"

case_ "issue 15.11: ad hoc, a field with nothing near it gets no hint"
run slo-eval --objective 99 --good 'qqqqqq == 1' --format ndjson "$TMP/fs.ndjson"
err_has "slo-eval: warning: slo 'adhoc': field 'qqqqqq' never appeared in any event"
err_lacks "did you mean"
run slo-eval --objective 99 --good 'staus < 500' --format ndjson /dev/null
code_is 3
err_lacks "never appeared"   # no event at all: nothing to compare with
