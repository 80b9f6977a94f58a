# slo-ingest --preset otlp's mapping of spans (lib/ingest/ingest_otlp.c) in
# jq, for make bench: server, consumer and unspecified spans to requests.
def attrs: map({(.key): (.value | (.stringValue // .intValue // .doubleValue
    // .boolValue))}) | add // {};
.resourceSpans[]? | ((.resource.attributes // []) | attrs) as $r
| (.scopeSpans // .instrumentationLibrarySpans)[]? | .spans[]?
| select((.kind // 0) as $k | $k == 0 or $k == 2 or $k == 5)
| ((.attributes // []) | attrs) as $a
| (($a["http.response.status_code"] // $a["http.status_code"]) | tonumber?)
    as $s
| {kind: "request",
   ts: ((.startTimeUnixNano | tonumber) / 1e9 | todate),
   service: $r["service.name"], version: $r["service.version"],
   region: $r["cloud.region"],
   route: ($a["http.route"] // $a["url.path"] // $a["http.target"]),
   status: $s,
   latency_ms: (((.endTimeUnixNano | tonumber) -
       (.startTimeUnixNano | tonumber)) / 1e6),
   ok: (if .status.code == 2 then false else ($s == null or $s < 500) end),
   trace_id: .traceId, subject: $a["enduser.id"]}
| with_entries(select(.value != null))
