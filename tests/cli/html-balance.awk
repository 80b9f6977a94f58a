# html-balance.awk — is an HTML page well formed?  Every element opened is
# closed in order (void elements self-closed, as in XHTML); prints the first
# problem and exits 1, else prints "ok".  Skips the doctype and comments.
{ doc = doc $0 "\n" }
END {
	n = 0
	while (match(doc, /<[^>]*>/)) {
		tag = substr(doc, RSTART + 1, RLENGTH - 2)
		doc = substr(doc, RSTART + RLENGTH)
		if (tag ~ /^[!?]/ || tag ~ /\/$/) continue
		if (tag ~ /^\//) {
			name = substr(tag, 2)
			if (n == 0 || stack[n] != name) { print "unbalanced </" name ">"; exit 1 }
			n--
			continue
		}
		sub(/[ \t\n].*/, "", tag)
		stack[++n] = tag
	}
	if (n != 0) { print "unclosed <" stack[n] ">"; exit 1 }
	print "ok"
}
