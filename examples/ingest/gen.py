#!/usr/bin/env python3
"""Writes the slo-ingest examples: one small log per preset, the same
traffic told in each format (a checkout service, an alpha cohort on
version 1.5.0-rc1 beside the 1.4.2 baseline, a few 5xx and one slow
route), plus an nginx escape=json log for examples/ingest/nginx.map.yaml.
Deterministic (seeded); rerun with:  python3 examples/ingest/gen.py"""
import json, os, random

here = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(20261126)
T0 = 1795680000  # 2026-11-26T08:00:00Z
ROUTES = ["/api/cart", "/api/cart/{id}", "/api/pay", "/api/search", "/healthz"]


def traffic(n):
    out = []
    t = T0 * 10**9
    for i in range(n):
        t += rnd.randint(200, 4000) * 10**6 + rnd.randint(0, 999999)
        alpha = rnd.random() < 0.3
        route = rnd.choice(ROUTES)
        lat = rnd.lognormvariate(3.0, 0.6) * 10**6  # ns, ~20 ms
        if route == "/api/search":
            lat *= 4
        status = 200
        r = rnd.random()
        if r < (0.05 if alpha else 0.01):
            status = rnd.choice([500, 502, 503])
        elif r < 0.08:
            status = rnd.choice([400, 404, 429])
        elif route == "/api/pay" and r < 0.15:
            status = 201
        out.append(dict(t=t, lat=int(lat), status=status, route=route,
                        alpha=alpha, user="user-%d" % rnd.randint(1, 40),
                        trace="%032x" % rnd.getrandbits(128),
                        span="%016x" % rnd.getrandbits(64),
                        version="1.5.0-rc1" if alpha else "1.4.2"))
    return out


def rfc(ns, digits=9):
    s, frac = divmod(ns, 10**9)
    import datetime
    d = datetime.datetime.fromtimestamp(s, datetime.timezone.utc)
    base = d.strftime("%Y-%m-%dT%H:%M:%S")
    if digits == 0:
        return base + "Z"
    return base + "." + ("%09d" % frac)[:digits] + "Z"


def path_of(route):
    return route.replace("{id}", str(rnd.randint(1, 999)))


def write(name, lines):
    with open(os.path.join(here, name), "w") as f:
        for l in lines:
            f.write(json.dumps(l, separators=(",", ":")) + "\n")


def kv(k, v):
    if isinstance(v, bool):
        return {"key": k, "value": {"boolValue": v}}
    if isinstance(v, int):
        return {"key": k, "value": {"intValue": str(v)}}
    return {"key": k, "value": {"stringValue": v}}


def otlp(ev):
    lines = []
    for i in range(0, len(ev), 4):
        batch = ev[i:i + 4]
        spans = []
        for e in batch:
            span = {"traceId": e["trace"], "spanId": e["span"],
                    "name": "GET " + e["route"], "kind": 2,
                    "startTimeUnixNano": str(e["t"]),
                    "endTimeUnixNano": str(e["t"] + e["lat"]),
                    "attributes": [kv("http.request.method", "GET"),
                                   kv("http.route", e["route"]),
                                   kv("url.path", path_of(e["route"])),
                                   kv("http.response.status_code", e["status"]),
                                   kv("enduser.id", e["user"])],
                    "status": {"code": 2} if e["status"] >= 500 else {}}
            spans.append(span)
        res = {"attributes": [kv("service.name", "checkout"),
                              kv("service.version", batch[0]["version"]),
                              kv("cloud.region", "europe-west1"),
                              kv("deployment.environment",
                                 "alpha" if batch[0]["alpha"] else "baseline")]}
        lines.append({"resourceSpans": [{"resource": res, "scopeSpans": [
            {"scope": {"name": "io.opentelemetry.servlet-5.0", "version": "2.10.0"},
             "spans": spans}]}]})
        if i % 12 == 0:
            e = batch[0]
            lines.append({"resourceLogs": [{"resource": res, "scopeLogs": [
                {"scope": {"name": "dev.openfeature"}, "logRecords": [
                    {"timeUnixNano": str(e["t"]), "observedTimeUnixNano": str(e["t"] + 1000),
                     "eventName": "feature_flag.evaluation",
                     "attributes": [kv("feature_flag.key", "new-checkout"),
                                    kv("feature_flag.result.variant", "on" if e["alpha"] else "off"),
                                    kv("feature_flag.context.id", e["user"]),
                                    kv("feature_flag.result.reason", "TARGETING_MATCH"),
                                    kv("feature_flag.provider.name", "flagd")]}]}]}]})
    return lines


def envoy(ev):
    out = []
    for e in ev:
        sub = "canary" if e["alpha"] else "stable"
        out.append({"start_time": rfc(e["t"], 3), "route_name": "default",
                    "method": "GET", "path": path_of(e["route"]) + "?src=web",
                    "protocol": "HTTP/1.1", "response_code": e["status"],
                    "response_flags": "-", "response_code_details": "via_upstream",
                    "connection_termination_details": None, "bytes_received": 0,
                    "bytes_sent": rnd.randint(200, 4000), "duration": e["lat"] // 10**6,
                    "upstream_service_time": str(max(0, e["lat"] // 10**6 - 1)),
                    "x_forwarded_for": None, "user_agent": "Mozilla/5.0",
                    "request_id": "%08x-0000-4000-8000-%012x" % (rnd.getrandbits(32), rnd.getrandbits(48)),
                    "authority": "checkout.shop:8080", "upstream_host": "10.0.3.7:8080",
                    "upstream_cluster": "outbound|8080|%s|checkout.shop.svc.cluster.local" % sub,
                    "upstream_local_address": "10.0.1.4:51234",
                    "downstream_local_address": "10.0.3.7:8080",
                    "downstream_remote_address": "10.0.1.4:40000",
                    "requested_server_name": None,
                    "upstream_transport_failure_reason": None})
    return out


def gcp(ev):
    out = []
    for e in ev:
        rev = "checkout-00043-rc1" if e["alpha"] else "checkout-00042-abc"
        out.append({"httpRequest": {"requestMethod": "GET",
                                    "requestUrl": "https://checkout-xyz-ew.a.run.app" + path_of(e["route"]),
                                    "status": e["status"], "responseSize": str(rnd.randint(200, 4000)),
                                    "userAgent": "Mozilla/5.0", "remoteIp": "203.0.113.7",
                                    "latency": "%d.%09ds" % divmod(e["lat"], 10**9),
                                    "protocol": "HTTP/1.1"},
                    "insertId": "%024x" % rnd.getrandbits(96),
                    "logName": "projects/shop-prod/logs/run.googleapis.com%2Frequests",
                    "receiveTimestamp": rfc(e["t"] + 50 * 10**6),
                    "resource": {"type": "cloud_run_revision", "labels": {
                        "configuration_name": "checkout", "location": "europe-west1",
                        "project_id": "shop-prod", "revision_name": rev,
                        "service_name": "checkout"}},
                    "severity": "ERROR" if e["status"] >= 500 else "INFO",
                    "timestamp": rfc(e["t"]),
                    "trace": "projects/shop-prod/traces/" + e["trace"]})
    return out


def ecs(ev):
    out = []
    for i, e in enumerate(ev):
        if i % 2:  # nested objects and dotted keys, mixed as shippers do
            out.append({"@timestamp": rfc(e["t"], 3), "ecs.version": "8.11.0",
                        "event.duration": e["lat"], "http.request.method": "GET",
                        "http.response.status_code": e["status"],
                        "url.path": path_of(e["route"]), "service.name": "checkout",
                        "service.version": e["version"], "cloud.region": "europe-west1",
                        "trace.id": e["trace"], "user.id": e["user"]})
        else:
            out.append({"@timestamp": rfc(e["t"], 3), "ecs": {"version": "8.11.0"},
                        "event": {"kind": "event", "category": ["web"], "duration": e["lat"],
                                  "outcome": "failure" if e["status"] >= 500 else "success"},
                        "http": {"request": {"method": "GET"}, "response": {"status_code": e["status"]}},
                        "url": {"path": path_of(e["route"])},
                        "service": {"name": "checkout", "version": e["version"]},
                        "cloud": {"region": "europe-west1"}, "trace": {"id": e["trace"]},
                        "user": {"id": e["user"]}})
    return out


def traefik(ev):
    out = []
    for e in ev:
        svc = "checkout-canary@kubernetescrd" if e["alpha"] else "checkout@kubernetescrd"
        out.append({"ClientAddr": "203.0.113.7:51234", "ClientHost": "203.0.113.7",
                    "DownstreamContentSize": rnd.randint(200, 4000),
                    "DownstreamStatus": e["status"], "Duration": e["lat"],
                    "OriginDuration": e["lat"] - 100000, "OriginStatus": e["status"],
                    "Overhead": 100000, "RequestAddr": "shop.example", "RequestCount": 1,
                    "RequestHost": "shop.example", "RequestMethod": "GET",
                    "RequestPath": path_of(e["route"]), "RequestProtocol": "HTTP/2.0",
                    "RequestScheme": "https", "RetryAttempts": 0,
                    "RouterName": "shop-checkout-" + e["route"].strip("/").replace("/", "-").replace("{id}", "id") + "@kubernetescrd",
                    "ServiceName": svc, "StartUTC": rfc(e["t"]),
                    "entryPointName": "websecure", "level": "info", "msg": "",
                    "time": rfc(e["t"], 0)})
    return out


def goff(ev):
    out = []
    for e in ev[::2]:
        on = e["alpha"]
        out.append({"kind": "feature", "contextKind": "user", "userKey": e["user"],
                    "creationDate": e["t"] // 10**9, "key": "new-checkout",
                    "variation": "on" if on else "off", "value": on, "default": False,
                    "version": "", "source": "SERVER"})
    return out


def unleash(ev):
    out = []
    for i, e in enumerate(ev[::2]):
        base = {"eventId": "%08x-1111-4222-8333-%012x" % (rnd.getrandbits(32), rnd.getrandbits(48)),
                "context": {"userId": e["user"], "sessionId": "s-%d" % rnd.randint(1, 99),
                            "environment": "production", "appName": "checkout-web",
                            "currentTime": rfc(e["t"], 3)},
                "enabled": e["alpha"], "featureName": "new-checkout"}
        if i % 3 == 0:
            base.update(eventType="getVariant", featureName="button-color",
                        enabled=True, variant=rnd.choice(["blue", "green"]))
        else:
            base.update(eventType="isEnabled")
        out.append(base)
    return out


def nginx(ev):
    out = []
    for e in ev:
        s, ms = divmod(e["t"] // 10**6, 1000)
        lat_ms = max(1, e["lat"] // 10**6)
        out.append({"time_iso8601": rfc(e["t"], 0).replace("Z", "+00:00"),
                    "msec": "%d.%03d" % (s, ms), "remote_addr": "203.0.113.7",
                    "request_method": "GET", "request_uri": path_of(e["route"]) + "?src=web",
                    "uri": path_of(e["route"]), "status": str(e["status"]),
                    "body_bytes_sent": str(rnd.randint(200, 4000)),
                    "request_time": "%d.%03d" % divmod(lat_ms, 1000),
                    "upstream_response_time": "-" if e["status"] == 502 else "%d.%03d" % divmod(max(0, lat_ms - 1), 1000),
                    "upstream_addr": "10.0.3.7:8080", "http_user_agent": "Mozilla/5.0",
                    "http_x_cohort": "alpha" if e["alpha"] else "",
                    "host": "shop.example", "request_id": "%032x" % rnd.getrandbits(128)})
    return out


def canonical(ev):
    """slo-events(5) as a service might write it itself: every kind, ts in
    RFC 3339 or epoch seconds, ok given or left to status, and a field of
    its own (tenant) that slo-ingest carries through."""
    out = [{"kind": "deploy", "ts": rfc(ev[0]["t"] - 60 * 10**9, 0),
            "service": "checkout", "version": "1.5.0-rc1", "cohort": "alpha",
            "result": "success"}]
    for i, e in enumerate(ev):
        line = {"ts": rfc(e["t"], 3) if i % 2 else round(e["t"] / 1e9, 3),
                "service": "checkout", "cohort": "alpha" if e["alpha"] else "baseline",
                "version": e["version"], "route": e["route"], "status": e["status"],
                "latency_ms": round(e["lat"] / 1e6, 3), "subject": e["user"],
                "flags": {"new-checkout": "on" if e["alpha"] else "off"},
                "tenant": rnd.choice(["acme", "globex", "initech"])}
        if e["route"] == "/api/search":
            line["ok"] = e["status"] < 500 and e["lat"] < 150 * 10**6
        out.append(line)
        if i % 10 == 0:
            out.append({"kind": "flag", "ts": rfc(e["t"], 3), "flag": "new-checkout",
                        "variant": "on" if e["alpha"] else "off", "subject": e["user"],
                        "segment": "internal" if e["alpha"] else "everyone",
                        "reason": "targeting_match"})
    t = ev[len(ev) // 2]["t"]
    out.append({"kind": "alert", "ts": rfc(t, 0), "id": "CVE-2026-0001",
                "source": "security", "severity": "medium", "service": "checkout"})
    out.append({"kind": "incident", "ts": rfc(t, 0), "id": "INC-7", "state": "open",
                "service": "checkout"})
    out.append({"kind": "incident", "ts": rfc(t + 600 * 10**9, 0), "id": "INC-7",
                "state": "resolved", "service": "checkout"})
    return out


ev = traffic(60)
write("otlp.ndjson", otlp(ev))
write("envoy.ndjson", envoy(ev))
write("gcp.ndjson", gcp(ev))
write("ecs.ndjson", ecs(ev))
write("traefik.ndjson", traefik(ev))
write("goff.ndjson", goff(ev))
write("unleash.ndjson", unleash(ev))
write("nginx.log", nginx(ev))
write("canonical.ndjson", canonical(ev))
