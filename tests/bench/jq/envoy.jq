# slo-ingest --preset envoy's mapping (lib/ingest/ingest_access.c
# ing_envoy) in jq, for make bench: the same fields from the same members.
def unset: . == null or . == "" or . == "-";
def urlpath: if . == null then null else sub("^[a-z]+://[^/?#]*"; "")
    | sub("[?#].*$"; "") | if . == "" then "/" else . end end;
select(.response_code | unset | not)
| ((.upstream_cluster // "") | split("|")) as $c
| {kind: "request", ts: .start_time,
   service: (if ($c | length) == 4 then $c[3] | split(".")[0]
             else .upstream_cluster end),
   version: (if ($c | length) == 4 and $c[0] == "outbound" then $c[2]
             else null end),
   route: (if (.route_name | unset) or .route_name == "default"
           then .path | urlpath else .route_name end),
   status: .response_code, latency_ms: .duration,
   ok: (.response_code != 0 and .response_code < 500),
   trace_id: (.trace_id // (.traceparent | if . then .[3:35] else null end))}
| with_entries(select(.value != null))
