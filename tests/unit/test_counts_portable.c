/*
 * test_counts_portable.c — counts_ref.h on jscan.c built with
 * SLO_JSCAN_PORTABLE: the element-at-a-time path that machines without
 * SSE2 take, held to the same reference as the SSE2 blocks
 * (test_counts.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define SLO_JSCAN_PORTABLE 1
#include "../../lib/event/jscan.c"
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
