# slo-ingest --preset gcp's mapping (lib/ingest/ingest_access.c ing_gcp) in
# jq, for make bench: a LogEntry with httpRequest to a request.
def urlpath: if . == null then null else sub("^[a-z]+://[^/?#]*"; "")
    | sub("[?#].*$"; "") | if . == "" then "/" else . end end;
select(.httpRequest | type == "object")
| (.resource.labels // {}) as $l
| {kind: "request", ts: (.timestamp // .receiveTimestamp),
   service: ($l.service_name // $l.module_id // $l.function_name
             // $l.container_name // $l.backend_service_name),
   version: ($l.revision_name // $l.version_id),
   region: ($l.location // $l.region // $l.zone),
   route: (.httpRequest.requestUrl | urlpath),
   status: .httpRequest.status,
   latency_ms: (.httpRequest.latency
       | if . then rtrimstr("s") | tonumber * 1000 else null end),
   ok: (.httpRequest.status < 500),
   trace_id: (.trace | if . then split("/")[-1] else null end)}
| with_entries(select(.value != null))
