# test_layers.sh — the layers of lib/ (issue 16.1): each folder includes
# only from itself, the layers before it and the public include/; public
# headers include only public headers; no header includes itself through
# others; the front end (lib/fe) stays out of libslo.a.
# Sourced by tests/cli/run.sh (helpers there).

layers="common event math spec engine ingest render fe"
rank() { i=0; for l in $layers; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }

# Where a quoted include resolves: "include", a layer name, or "" (nowhere).
home_of() {
	[ -f "$top/include/$1" ] && { echo include; return; }
	for l in $layers; do [ -f "$top/lib/$l/$1" ] && { echo "$l"; return; }; done
	echo ""
}

case_ "layers: every quoted include of lib/ points down or sideways"
bad=
for l in $layers; do
	r=$(rank "$l")
	for f in "$top"/lib/"$l"/*.[ch]; do
		[ -f "$f" ] || continue
		for h in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
			home=$(home_of "$h")
			case $home in
			include) ;;
			"") bad="$bad ${f#"$top"/}:$h(missing)" ;;
			*) [ "$(rank "$home")" -le "$r" ] || bad="$bad ${f#"$top"/}:$h(up:$home)" ;;
			esac
		done
	done
done
is "upward or missing includes" "${bad# }" ""

case_ "layers: public headers include only public headers"
bad=
for f in "$top"/include/*.h; do
	for h in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		[ -f "$top/include/$h" ] || bad="$bad ${f#"$top"/}:$h"
	done
	grep -qw 'json_t' "$f" && bad="$bad ${f#"$top"/}:json_t"
done
is "private names in public headers" "${bad# }" ""

case_ "layers: no include cycle among headers"
# Edges "a.h b.h" for every header including another; tsort reports a cycle.
for d in "$top"/include "$top"/lib/*; do
	for f in "$d"/*.h; do
		[ -f "$f" ] || continue
		b=$(basename "$f"); echo "$b $b"
		sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
		    while read -r h; do echo "$h $b"; done
	done
done >"$TMP/edges"
if tsort "$TMP/edges" >/dev/null 2>"$TMP/err"; then _pass; else _fail "cycle: $(head -3 "$TMP/err")"; fi

case_ "layers: the front end is not in libslo.a"
if [ -f "$top/$BUILD/libslo.a" ]; then
	is "front-end objects in libslo.a" \
	    "$(ar t "$top/$BUILD/libslo.a" | grep -E '^(cli|par|input|opts|fe_[a-z_]*)\.o$' | tr '\n' ' ')" ""
else
	_fail "no $BUILD/libslo.a"
fi
