/*
 * test_freeze2_portable.c — test_freeze2.c's checks of the frozen form
 * against sketch.c built here without SSE2 (SLO_FROZEN_PORTABLE): its
 * portable group packing and reading, which non-x86 machines run, must
 * write the reference's bytes as the SSE2 path (in libslo) does.  This
 * program's own copy of sketch.c's functions stands in for libslo's.
 */
#define SLO_FROZEN_PORTABLE 1
#include "../../lib/math/sketch.c"
#include "test_freeze2.c"
