#!/bin/sh
# Runs each cmocka test program given; prints cmocka's own summaries and a
# closing "units: N passed, N failed" over all of them.  Exit 1 on failure.
pass=0 fail=0 failed_progs=
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^\[ *(PASSED|FAILED|==========) *\]|^\[  ERROR   \]|FAILED TEST' 
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ]; then
		[ -n "$f" ] || fail=$((fail + 1))
		failed_progs="$failed_progs $(basename "$t")"
		printf '%s\n' "$out" | tail -30
	fi
done
[ -z "$failed_progs" ] || echo "failing programs:$failed_progs"
echo "units: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ -z "$failed_progs" ]
