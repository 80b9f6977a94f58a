/*
 * test_counts.c — a dense sketch's counts read by the library as built
 * (SSE2 blocks on x86-64) against the reference of counts_ref.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jscan_int.h"
#include "counts_ref.h"

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_random),
		cmocka_unit_test(test_counts_known),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
