# test_man.sh — the manual pages: each renders with groff's mdoc macros
# without a warning, and each page of a program has EXIT STATUS and
# EXAMPLES.  (libslo(3)'s example is compiled and run by test_install.sh.)
# Sourced by tests/cli/run.sh (helpers there).

case_ "man: every page renders without warnings"
if ! command -v groff >/dev/null 2>&1; then
	echo "  notice: groff not installed: man page check skipped"
else
	for m in "$top"/man/*.[1-8]; do
		w=$(groff -mdoc -ww -z "$m" 2>&1 | head -3)
		is "groff warnings in $(basename "$m")" "$w" ""
	done
fi

case_ "man: each program's page has EXIT STATUS and EXAMPLES"
for m in "$top"/man/*.1; do
	grep -q '^\.Sh EXIT STATUS' "$m" && _pass || _fail "$(basename "$m"): no EXIT STATUS"
	grep -q '^\.Sh EXAMPLES' "$m" && _pass || _fail "$(basename "$m"): no EXAMPLES"
done
