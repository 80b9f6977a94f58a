/* libFuzzer entry for slo_fuzz_stats() (tests/fuzz/targets.c). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return slo_fuzz_stats(data, size);
}
