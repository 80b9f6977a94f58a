# man-examples.awk — the examples of a man page's EXAMPLES section, one
# per record, for test_man_examples.sh.  Each literal display (.Bd
# -literal ... .Ed) and each .Dl line is one example, its mdoc escapes
# undone (\e is a backslash, \& nothing).  Output: a header line
# "@@ KIND LINE" (KIND: sh for shell commands, text for anything else,
# e.g. YAML or JSON; LINE: where the example starts), then the example.
# A shell example is cut into commands, a line continued after a
# trailing '\', '|' or '&&' joined to the next, one command per line.
function unescape(s) { gsub(/\\e/, "\\", s); gsub(/\\&/, "", s); return s }
function flush() {
	if (n == 0) return
	first = body[1]; sub(/^[ \t]+/, "", first)
	split(first, w, /[ \t]/)
	kind = (w[1] ~ /^[a-z][a-z0-9_.-]*$/ && w[1] !~ /:$/) ? "sh" : "text"
	print "@@ " kind " " start
	cmd = ""
	for (i = 1; i <= n; i++) {
		if (kind != "sh") { print body[i]; continue }
		line = body[i]; sub(/^[ \t]+/, "", line)
		cmd = cmd (cmd == "" ? "" : " ") line
		if (line ~ /(\\|\||&&)$/) continue
		sub(/ *\\$/, "", cmd); gsub(/ \\ /, " ", cmd)
		print cmd; cmd = ""
	}
	if (cmd != "") print cmd
	n = 0
}
/^\.Sh / { on = ($2 == "EXAMPLES"); next }
!on { next }
/^\.Bd -literal/ { lit = 1; start = NR + 1; next }
/^\.Ed/ { lit = 0; flush(); next }
lit { body[++n] = unescape($0); next }
/^\.Dl / { start = NR; s = substr($0, 5); sub(/^\$ /, "", s); body[++n] = unescape(s); flush() }
