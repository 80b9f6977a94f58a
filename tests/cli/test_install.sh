# test_install.sh — `make install` as a user of libslo sees it (issues 16.3
# and 19.7): the files land with their modes, and `pkg-config --cflags
# --libs slo` (plain and --static) compiles and links a small C program
# that runs.  Only for the plain build: a sanitizer build's archive needs
# its runtime to link.
# Sourced by tests/cli/run.sh (helpers there).

case_ "make install: files, modes, and pkg-config links a program"
if [ "$BUILD" != build ] || ! command -v pkg-config >/dev/null 2>&1; then
	echo "  notice: install test runs for the plain build with pkg-config only"
else
	pre=$TMP/prefix
	if make -s -C "$top" install PREFIX="$pre" >"$TMP/out" 2>"$TMP/err"
	then _pass; else _fail "make install failed"; fi
	for f in bin/slo-eval bin/slo-ingest bin/flag-audit bin/promote-check \
	    lib/libslo.a lib/libslo.so lib/libslo.so.0 lib/pkgconfig/slo.pc include/slo/slo.h \
	    share/man/man1/slo-eval.1 share/man/man5/slo-spec.5; do
		[ -f "$pre/$f" ] && _pass || _fail "not installed: $f"
	done
	is "header mode" "$(stat -c %a "$pre/include/slo/slo.h")" 644
	is "binary mode" "$(stat -c %a "$pre/bin/slo-eval")" 755
	cat >"$TMP/use.c" <<'C'
#include <stdio.h>
#include "slo.h"
int main(void)
{
	slo_buf b = { 0 };

	if (slo_buf_text_cstr(&b, SLO_TEXT_PLAIN, "a\nb") != SLO_OK)
		return 1;
	printf("%.*s %s %s\n", (int)b.len, b.data, slo_strerror(SLO_ENOMEM),
	    slo_version());
	slo_buf_release(&b);
	return 0;
}
C
	# Plain: libslo.so, which carries its own dependencies.  --static: a
	# wholly static program, which needs Requires.private/Libs.private.
	for static in "" --static; do
		flags=$(PKG_CONFIG_PATH="$pre/lib/pkgconfig" pkg-config --cflags --libs $static slo)
		[ -n "$static" ] && flags="-static $flags"
		# shellcheck disable=SC2086
		if cc -o "$TMP/use" "$TMP/use.c" $flags 2>"$TMP/err" &&
		    LD_LIBRARY_PATH="$pre/lib" "$TMP/use" >"$TMP/out"
		then out_eq "a\\nb out of memory $(sed -n 's/^VERSION *= *//p' "$top/Makefile")"
		else _fail "pkg-config $static: could not build or run: $(head -c 300 "$TMP/err")"; fi
	done
	# the last program built is the static one: no libslo.so in it
	if command -v ldd >/dev/null 2>&1; then
		LD_LIBRARY_PATH="$pre/lib" ldd "$TMP/use" >"$TMP/out" 2>&1
		out_lacks "libslo"
	fi
	cc -o "$TMP/use" "$TMP/use.c" $(PKG_CONFIG_PATH="$pre/lib/pkgconfig" pkg-config --cflags --libs slo) 2>/dev/null
	LD_LIBRARY_PATH="$pre/lib" ldd "$TMP/use" >"$TMP/out" 2>&1
	out_has "libslo.so.0 => $pre/lib/libslo.so.0"

	case_ "libslo.so exports what include/ declares, and nothing else"
	nm -D --defined-only "$pre/lib/libslo.so" | awk '{ print $3 }' | sort >"$TMP/exported"
	sed -n 's/^SLO_API [^(]*[ *]\([a-z_0-9]*\)(.*/\1/p' "$top"/include/*.h | sort >"$TMP/declared"
	is "exported but not declared SLO_API" "$(comm -23 "$TMP/exported" "$TMP/declared" | tr '\n' ' ')" ""
	is "declared SLO_API but not exported" "$(comm -13 "$TMP/exported" "$TMP/declared" | tr '\n' ' ')" ""
	is "public declarations without SLO_API" \
	    "$(grep -hE '^(const |void |int |size_t |double |uint64_t |slo_[a-z_]+ \*?)[a-z_0-9 *]*\(' "$top"/include/*.h | head -3)" ""

	case_ "libslo(3): its example builds both ways and agrees with slo-eval"
	# The program between .Bd -literal and .Ed of EXAMPLES, unescaped.
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh SEE ALSO/p' "$top/man/libslo.3" |
	    sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d;$d' |
	    sed 's/\\e/\\/g' >"$TMP/example.c"
	grep -q 'slo_eval_add_line' "$TMP/example.c" && _pass || _fail "no example in libslo(3)"
	slo-eval -s "$EX/eval/slos.yaml" -f ndjson "$EX/eval/events.ndjson" \
	    >"$TMP/want" 2>/dev/null
	want_code=$?
	for static in "" --static; do
		flags=$(PKG_CONFIG_PATH="$pre/lib/pkgconfig" pkg-config --cflags --libs $static slo)
		[ -n "$static" ] && flags="-static $flags"
		# shellcheck disable=SC2086
		if cc -std=c11 -Wall -Wextra -Werror -o "$TMP/example" "$TMP/example.c" \
		    $flags 2>"$TMP/err"; then
			LD_LIBRARY_PATH="$pre/lib" "$TMP/example" "$EX/eval/slos.yaml" \
			    <"$EX/eval/events.ndjson" >"$TMP/out" 2>"$TMP/err"
			is "example $static exit code" "$?" "$want_code"
			out_is "$TMP/want"
		else
			_fail "libslo(3) example $static does not build: $(head -c 300 "$TMP/err")"
		fi
	done
fi
