# test_locale.sh — libslo ignores the locale a program sets: test_num runs
# in a decimal-comma locale (de_DE, built here with localedef(1) into a
# scratch LOCPATH) and must pass without skipping.  Skipped, with a notice,
# where localedef or the de_DE source is missing.
# Sourced by tests/cli/run.sh (helpers there).

case_ "numbers in a decimal-comma locale read and write as in C"
if ! command -v localedef >/dev/null 2>&1 || [ ! -x "$top/$BUILD/tests/test_num" ]; then
	echo "  notice: localedef or $BUILD/tests/test_num missing: locale test skipped"
elif ! mkdir -p "$TMP/loc" || ! localedef -i de_DE -f UTF-8 "$TMP/loc/de_DE.UTF-8" >/dev/null 2>&1 &&
    [ ! -d "$TMP/loc/de_DE.UTF-8" ]; then
	echo "  notice: localedef could not build de_DE.UTF-8: locale test skipped"
else
	# glibc's setlocale() keeps 25 bytes of a LOCPATH locale for good
	# (__argz_add_sep): not ours, so LeakSanitizer is off for this run.
	LOCPATH="$TMP/loc" SLO_TEST_COMMA_LOCALE=de_DE.UTF-8 \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    run "$top/$BUILD/tests/test_num"
	code_is 0
	err_lacks "skipped"
	cat "$TMP/out" "$TMP/err" | grep -q "PASSED  \] 3 test" && _pass || _fail "not 3 passed: $(cat "$TMP/out")"
fi
