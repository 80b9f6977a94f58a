#!/usr/bin/env python3
"""Writes evaluations.ndjson, the example log for flags.yaml (deterministic)."""
import json
from datetime import datetime, timedelta, timezone

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)
out = []


def ev(day, minute, **kw):
    t = T0 + timedelta(days=day, minutes=minute)
    rec = {"kind": "flag", "ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
           "service": "web"}
    rec.update(kw)
    out.append(rec)


# fast-images: "on" to everyone every day of November (fully rolled out)
for d in range(30):
    for i in range(3):
        ev(d, i, flag="fast-images", variant="on", subject=f"u-{d * 3 + i}",
           segment="public", reason="static")
# new-checkout: internal staff and QA see "on", the public "off"; one leak
for d in range(9, 30):
    for i in range(4):
        ev(d, 10 + i, flag="new-checkout", variant="on",
           subject=f"staff-{i}", segment="internal", reason="targeting_match")
    for i in range(6):
        ev(d, 20 + i, flag="new-checkout", variant="off",
           subject=f"u-{i}", segment="public", reason="default")
    ev(d, 30, flag="new-checkout", variant="on", subject="qa-1",
       reason="targeting_match")
ev(27, 31, flag="new-checkout", variant="on", subject="u-1042",
   segment="public", reason="split")
# and as requests carrying flags (the segment from labels.segment)
for d in range(25, 30):
    out.append({"ts": (T0 + timedelta(days=d, hours=1)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"), "service": "web", "route": "/checkout",
        "status": 200, "latency_ms": 120, "subject": "staff-1",
        "labels": {"segment": "internal"},
        "flags": {"new-checkout": "on"}})
# search-v2: 30 of 100 subjects in "treatment", above 10 %
for i in range(100):
    ev(25, 40 + i % 60, flag="search-v2",
       variant="treatment" if i < 30 else "control", subject=f"s-{i}",
       segment="public", reason="split")
# recommendations: 5 of 100 evaluations erred
for i in range(100):
    if i % 20 == 7:
        ev(28, i, flag="recommendations", variant=None, subject=f"r-{i}",
           reason="error", error="PARSE_ERROR")
    else:
        ev(28, i, flag="recommendations", variant="b" if i % 2 else "a",
           subject=f"r-{i}", reason="split")
# holiday-theme: still evaluated, both variants
for d in range(20, 30):
    ev(d, 50, flag="holiday-theme", variant="snow", subject="u-1",
       reason="targeting_match")
    ev(d, 51, flag="holiday-theme", variant="plain", subject="u-2",
       reason="default")
# beta-banner: both variants, no owner in the registry
for d in range(20, 30):
    ev(d, 52, flag="beta-banner", variant="shown", subject="u-3",
       reason="targeting_match")
    ev(d, 53, flag="beta-banner", variant="hidden", subject="u-4",
       reason="default")
# legacy-banner: not registered; the provider no longer knows it either
for d in range(27, 30):
    ev(d, 54, flag="legacy-banner", variant="on", subject="u-5",
       reason="static")
    ev(d, 55, flag="legacy-banner", subject="u-6", reason="error",
       error="FLAG_NOT_FOUND")
ev(29, 720, flag="fast-images", variant="on", subject="u-last",
   segment="public", reason="static")

out.sort(key=lambda r: r["ts"])
with open("evaluations.ndjson", "w") as f:
    for r in out:
        r = {k: v for k, v in r.items() if v is not None}
        f.write(json.dumps(r, separators=(",", ":")) + "\n")
