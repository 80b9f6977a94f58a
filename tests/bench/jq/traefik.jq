# slo-ingest --preset traefik's mapping (lib/ingest/ingest_access.c
# ing_traefik) in jq, for make bench.
def urlpath: if . == null then null else sub("^[a-z]+://[^/?#]*"; "")
    | sub("[?#].*$"; "") | if . == "" then "/" else . end end;
{kind: "request", ts: (.StartUTC // .StartLocal),
 route: (.RouterName // .FrontendName // (.RequestPath | urlpath)),
 service: (.ServiceName // .BackendName),
 status: .DownstreamStatus, latency_ms: (.Duration / 1e6),
 ok: (.DownstreamStatus < 500), trace_id: .TraceId}
| with_entries(select(.value != null))
