# Spec checks at load (issues 14.9, 15.10) and the default alert policy
# scaled to the SLO window, named in every output (15.8).
S="$FX/spec"

case_ "14.9: a window the engine cannot hold fails --validate at its node"
run slo-eval --validate "$S/window-12000d.yaml"
code_is 2
err_has "window-12000d.yaml:5:13: slo 'a': the engine cannot hold a '12000d' series of '1m' buckets"
# 12000d / 5m = 3456000 buckets, within the engine's 2^24
run slo-eval --validate --resolution 5m "$S/window-12000d.yaml"
code_is 0

case_ "14.9: and is a spec error before any input, not bad data"
printf '{"ts":"2026-12-01T00:00:00Z","status":200}\n' >"$TMP/ev"
run slo-eval --spec "$S/window-12000d.yaml" --max-bad 100% "$TMP/ev"
code_is 2
err_has "window-12000d.yaml:5:13:"
err_lacks "rejected"

case_ "15.10: objective 0.999 is refused with both fixes"
run slo-eval --validate "$S/objective-ratio.yaml"
code_is 2
err_has "objective-ratio.yaml:4:16: objective '0.999' reads as 0.999 %, not 99.9 %: for a ratio write 'target: 0.999' or 'objective: 99.9'"

case_ "15.8: a 7d SLO gets the workbook shares over 7d, named everywhere"
# by hand: 0.02 x 168h / 1h = 3.36; 0.05 x 168 / 6 = 1.4; 0.1 x 7 / 3
run slo-eval --spec "$S/two-windows.yaml" -f ndjson "$TMP/ev"
code_is 0
out_has '"slo":"weekly"'
out_has '"alert_policy":"google-7d","alerts":[{"severity":"page","long":"1h","short":"5m","threshold":3.36,'
out_has '"long":"6h","short":"30m","threshold":1.4,'
out_has '"alert_policy":"google-30d","alerts":[{"severity":"page","long":"1h","short":"5m","threshold":14.4,'
run slo-eval --spec "$S/two-windows.yaml" -f table "$TMP/ev"
out_has "alert policies: weekly google-7d, monthly google-30d"
run slo-eval --spec "$S/two-windows.yaml" -f markdown "$TMP/ev"
out_has "alert policies: weekly google-7d, monthly google-30d"
run slo-eval --spec "$S/two-windows.yaml" -f html "$TMP/ev"
out_has '<p class="meta">alert policies: weekly google-7d, monthly google-30d</p>'
run slo-eval --spec "$S/two-windows.yaml" -f prom "$TMP/ev"
out_has 'slo_alert_firing{slo="weekly",severity="page",long="1h",short="5m",policy="google-7d"} 0'
out_has 'slo_alert_firing{slo="monthly",severity="ticket",long="3d",short="6h",policy="google-30d"} 0'

case_ "15.8: one policy for all: said once; ad hoc has none by default"
run slo-eval --objective 99 --good 'status < 500' --window 1d -f table "$TMP/ev"
code_is 0
out_has "alert policy: none"
# google-WINDOW is taken back; by hand 0.02 x 24h / 1h = 0.48
run slo-eval --objective 99 --good 'status < 500' --window 1d \
    --alerts google-1d -f table "$TMP/ev"
code_is 0
out_has "alert policy: google-1d"
run slo-eval --objective 99 --good 'status < 500' --window 1d \
    --alerts google-1d -f ndjson "$TMP/ev"
out_has '"threshold":0.48,'
