/*
 * targets.h — the fuzz targets of tests/fuzz/targets.c: each takes any
 * bytes, returns 0, and aborts on a crash or a broken property.
 */
#ifndef SLO_FUZZ_TARGETS_H
#define SLO_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

int slo_fuzz_ndjson(const uint8_t *data, size_t size);
int slo_fuzz_jscan(const uint8_t *data, size_t size);
int slo_fuzz_expr(const uint8_t *data, size_t size);
int slo_fuzz_time(const uint8_t *data, size_t size);
int slo_fuzz_spec(const uint8_t *data, size_t size);
int slo_fuzz_flags(const uint8_t *data, size_t size);
int slo_fuzz_promote(const uint8_t *data, size_t size);
int slo_fuzz_map(const uint8_t *data, size_t size);
int slo_fuzz_ingest(const uint8_t *data, size_t size);
int slo_fuzz_rollup(const uint8_t *data, size_t size);
int slo_fuzz_eval(const uint8_t *data, size_t size);
int slo_fuzz_audit(const uint8_t *data, size_t size);
int slo_fuzz_gate(const uint8_t *data, size_t size);
int slo_fuzz_stats(const uint8_t *data, size_t size);

#endif
