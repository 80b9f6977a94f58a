/*
 * slo_sketch_json.h — sketches to and from their JSON form (slo-events(5)
 * rollup lines), inside libslo: the public headers carry no json_t.
 */
#ifndef SLO_SKETCH_JSON_H
#define SLO_SKETCH_JSON_H

#include <jansson.h>
#include "slo_math.h"

json_t *slo_sketch_to_json(const slo_sketch *s);
slo_sketch *slo_sketch_from_json(json_t *j, slo_error *err);

#endif
