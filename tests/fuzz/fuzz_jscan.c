/* libFuzzer entry for slo_fuzz_jscan() (tests/fuzz/targets.c). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return slo_fuzz_jscan(data, size);
}
