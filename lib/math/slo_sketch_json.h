/*
 * slo_sketch_json.h — sketches to and from their JSON form (slo-events(5)
 * rollup lines), inside libslo: the public headers carry no json_t.
 */
#ifndef SLO_SKETCH_JSON_H
#define SLO_SKETCH_JSON_H

#include <jansson.h>
#include "slo_math.h"
#include "jscan_int.h"

json_t *slo_sketch_to_json(const slo_sketch *s);
slo_sketch *slo_sketch_from_json(json_t *j, slo_error *err);

/*
 * The sketch object at the scanner's cursor, read without a jansson tree:
 * the very sketch slo_sketch_from_json() gives when it accepts the object,
 * else NULL with nothing reported (out of memory too), and the caller
 * hands its line to jansson.  pairs is the caller's scratch for the bins.
 */
slo_sketch *slo_sketch_from_jscan(jscan *sc, slo_buf *pairs);

#endif
