# Issue 16: one walker of dotted paths, so a map's `path:`, a map's `expr:`
# and --where read the same member of a record that has a field both
# nested and flat: the longest key wins (slo_jpath.h).
printf '%s\n' 'ts: ts' 'status: status' 'route: a.b' \
    "service: {expr: 'a.b'}" >"$TMP/paths.map"
printf '%s\n' \
    '{"ts":"2026-11-01T00:00:00Z","status":200,"a":{"b":"nested"},"a.b":"flat"}' \
    >"$TMP/paths.in"

case_ "16: --map path and expr read the flat key of {a:{b}, a.b}"
run slo-ingest --map "$TMP/paths.map" "$TMP/paths.in"
code_is 0
out_has '"service":"flat","route":"flat"'
out_lacks 'nested'

case_ "16: --where reads the same member as --map"
run slo-ingest --map "$TMP/paths.map" --where 'route == "flat"' "$TMP/paths.in"
code_is 0
out_has '"route":"flat"'
printf '%s\n' '{"ts":"2026-11-01T00:00:00Z","status":200,"a":{"b":1},"a.b":2}' \
    >"$TMP/paths.ev"
run slo-ingest --where 'a.b == 2' "$TMP/paths.ev"
code_is 0
out_has '"a.b":2'
run slo-ingest --where 'a.b == 1' "$TMP/paths.ev"
code_is 0
is "lines written" "$(wc -c <"$TMP/out")" 0

case_ "16: slo-eval --where reads it too"
run slo-eval -f ndjson --objective 99 --good 'status < 500' --window 1h \
    --where 'a.b == 2' "$TMP/paths.ev"
code_is 0
out_has '"total":1'
run slo-eval -f ndjson --objective 99 --good 'status < 500' --window 1h \
    --where 'a.b == 1' "$TMP/paths.ev"
code_is 3
out_has '"status":"no_data"'

case_ "16: a map path longer than a walker reads is refused at its node"
p=k; i=1; while [ $i -le 32 ]; do p="$p.k"; i=$((i + 1)); done
printf '%s\n' 'ts: ts' "route: $p" >"$TMP/long.map"
run slo-ingest --map "$TMP/long.map" "$TMP/paths.in"
code_is 2
err_has 'long.map:2:8: field path too long (over 32 parts)'
