# slo-ingest --preset ecs's mapping (lib/ingest/ingest_access.c ing_ecs) in
# jq, for make bench: ECS fields flat ("a.b") or nested, labels both ways.
def urlpath: if . == null then null else sub("^[a-z]+://[^/?#]*"; "")
    | sub("[?#].*$"; "") | if . == "" then "/" else . end end;
def f(p): if has(p) then .[p] else getpath(p | split(".")) end;
f("http.response.status_code") as $s
| {kind: "request", ts: f("@timestamp"),
   service: f("service.name"), version: f("service.version"),
   region: f("cloud.region"),
   route: ((f("url.path") // f("url.original")) | urlpath),
   status: $s,
   latency_ms: (f("event.duration") | if . then . / 1e6 else null end),
   ok: (if $s then $s < 500 else f("event.outcome") != "failure" end),
   trace_id: f("trace.id"), subject: f("user.id"),
   labels: ((.labels // {}) + (with_entries(select(.key
       | startswith("labels."))) | with_entries(.key |= .[7:])))}
| with_entries(select(.value != null and .value != {}))
