# test_completions.sh — the bash and zsh completions (issue 19, item 7):
# they parse, bash's offers every long option of each tool's --help and
# the closed value sets, zsh's names every one of them in the tool's own
# section, `make install` puts them where bash-completion and zsh look,
# and --help points to the man page.
# Sourced by tests/cli/run.sh (helpers there).

comp=$top/man/completions
tools="slo-ingest slo-eval flag-audit promote-check"

case_ "completion files parse"
if command -v bash >/dev/null 2>&1; then
	bash -n "$comp/slokit.bash" 2>"$TMP/err" && _pass || _fail "bash -n slokit.bash"
else
	echo "  notice: bash not installed: bash completion not checked"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$comp/_slokit" 2>"$TMP/err" && _pass || _fail "zsh -n _slokit"
else
	echo "  notice: zsh not installed: zsh -n not run on _slokit"
fi

# What bash offers after "TOOL WORD" (COMP_WORDS as bash fills them in).
bash_offers() {
	bash -c 'shopt -s extglob; . "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _slokit
		printf "%s\n" "${COMPREPLY[@]}"' sh "$comp/slokit.bash" "$@"
}

case_ "bash: every long option of --help is offered, and only the tool's"
if command -v bash >/dev/null 2>&1; then
	for t in $tools; do
		"$t" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$TMP/help.opts"
		[ -s "$TMP/help.opts" ] && _pass || _fail "$t --help lists no long option"
		bash_offers "$t" -- | sort -u >"$TMP/comp.opts"
		missing=$(comm -23 "$TMP/help.opts" "$TMP/comp.opts" | tr '\n' ' ')
		is "$t: options of --help the bash completion lacks" "$missing" ""
		extra=$(comm -13 "$TMP/help.opts" "$TMP/comp.opts" | tr '\n' ' ')
		is "$t: options the bash completion offers that --help lacks" "$extra" ""
	done
	is "slo-eval --format" "$(bash_offers slo-eval --format '' | tr '\n' ' ')" \
	    "ndjson table markdown csv tsv prom html junit "
	is "flag-audit -f" "$(bash_offers flag-audit -f '' | tr '\n' ' ')" \
	    "ndjson table markdown csv tsv junit "
	is "slo-ingest --preset e" "$(bash_offers slo-ingest --preset e | tr '\n' ' ')" \
	    "envoy ecs envoy-text "
	is "slo-eval --fail-on" "$(bash_offers slo-eval --fail-on '' | tr '\n' ' ')" \
	    "page ticket "
	is "promote-check --cohort takes a name, not a file" \
	    "$(bash_offers promote-check --cohort '' | grep -c .)" 0
	# the formats of each tool's --help, the same set
	for t in slo-eval flag-audit promote-check; do
		h=$("$t" --help | sed -n 's/.*output format: //p' | tr ' ' '\n' | sort | tr '\n' ' ')
		c=$(bash_offers "$t" --format '' | sort | tr '\n' ' ')
		is "$t: formats of --help and of the completion" "$c" "$h"
	done
	# a spec file is offered after --spec, a plain file is not
	mkdir -p "$TMP/cw" && : >"$TMP/cw/a.yaml" && : >"$TMP/cw/b.ndjson"
	is "slo-eval --spec offers YAML files" \
	    "$(cd "$TMP/cw" && bash_offers slo-eval --spec '' | tr '\n' ' ')" "a.yaml "
else
	echo "  notice: bash not installed: bash completion not run"
fi

case_ "zsh: every long option of --help is in the tool's section"
for t in $tools; do
	# the tool's case arm, plus the options common to all four
	awk -v t="$t" '$0 == t ")" { on = 1 } on && /^  ;;/ { on = 0 } on' "$comp/_slokit" >"$TMP/zsec"
	sed -n '/^common=(/,/^)/p' "$comp/_slokit" >>"$TMP/zsec"
	[ "$(wc -l <"$TMP/zsec")" -gt 10 ] && _pass || _fail "$t: no section in _slokit"
	missing=
	for o in $("$t" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -qE -- "$o[]=[}']" "$TMP/zsec" || missing="$missing $o"
	done
	is "$t: options of --help the zsh completion lacks" "$missing" ""
done
head -1 "$comp/_slokit" >"$TMP/out"
out_eq "#compdef $tools"

case_ "make install puts the completions where bash-completion and zsh look"
if [ "$BUILD" != build ]; then
	echo "  notice: completion install test runs for the plain build only"
else
	if make -s -C "$top" install DESTDIR="$TMP/dest" PREFIX=/usr >"$TMP/out" 2>"$TMP/err"
	then _pass; else _fail "make install failed"; fi
	for t in $tools; do
		cmp -s "$comp/slokit.bash" "$TMP/dest/usr/share/bash-completion/completions/$t" &&
		    _pass || _fail "bash completion not installed as $t"
	done
	cmp -s "$comp/_slokit" "$TMP/dest/usr/share/zsh/site-functions/_slokit" &&
	    _pass || _fail "zsh completion not installed"
	make -s -C "$top" uninstall DESTDIR="$TMP/dest" PREFIX=/usr >"$TMP/out" 2>"$TMP/err"
	left=$(find "$TMP/dest" -type f | sed "s|$TMP/dest||" | tr '\n' ' ')
	is "files left after make uninstall" "$left" ""
fi

case_ "--help points to the man page"
for t in $tools; do
	run "$t" --help
	code_is 0
	out_has "manual: man 1 $t"
	[ -f "$top/man/$t.1" ] && _pass || _fail "no man/$t.1 for $t --help to point to"
done
