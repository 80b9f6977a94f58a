/*
 * checks.c — the renderer invariants of the fuzz targets, #included by
 * targets.c.  Each check_NAME(what, out, len) looks at one rendered report
 * and calls slo_fuzz_fail("NAME: ...") when the output breaks a promise of
 * its format.  Each is switched on by its name (see render_on()), so that
 * an invariant that today's code is known to break can be left off while
 * fuzzing for the rest, and switched on once the fix is merged:
 *
 *   SLO_FUZZ_STRICT_RENDER unset or "1"   every invariant on (the default,
 *                                         under libFuzzer and in the replay)
 *   SLO_FUZZ_STRICT_RENDER=0              every invariant off (crashes and
 *                                         sanitizers only)
 *   SLO_FUZZ_STRICT_RENDER=all,-table-ctl every invariant but table-ctl
 *   SLO_FUZZ_STRICT_RENDER=json,xml       only those
 *
 * The invariants, by name:
 *   json        every NDJSON line parses with jansson as one object
 *   json-dup    ... and has no key twice in one object
 *   xml         junit and html are well formed: tags balanced, known tag
 *               names in known places, attributes quoted, '&' only as an
 *               entity; html tables have as many cells in every body row
 *   xml-ctl     no raw C0 control byte but tab, CR, LF in junit or html
 *               text (XML 1.0 forbids them; HTML calls them parse errors)
 *   prom        every line is a comment (# HELP / # TYPE) or a sample
 *               name{label="value",...} number, label values escaped, a
 *               metric's samples follow its TYPE line
 *   prom-series no series (metric name and label set) twice
 *   prom-labels no label twice within one sample
 *   table-ctl   no byte below 0x20 but '\n' (and ANSI SGR colour codes
 *               when colour was asked for) in a table
 *   md-ctl      no byte below 0x20 but '\n' in markdown
 *   md-lt       no '<' in markdown that is not backslash-escaped (a raw one
 *               can only come from the input: the renderers write none)
 *   md-cells    every markdown table row has the header's number of cells
 *   utf8        the output is valid UTF-8 (the input strings always are:
 *               jansson and libyaml refuse anything else)
 */

/* ---- switches --------------------------------------------------------- */

/*
 * Whether invariant name is on, from SLO_FUZZ_STRICT_RENDER: a list of
 * names separated by ',' read left to right, "all" or "1" turning all on,
 * "0" all off, "-name" one off.  Unset: all on.
 */
static int
render_on(const char *name)
{
	const char *env = getenv("SLO_FUZZ_STRICT_RENDER");
	size_t len = strlen(name);
	int on;

	if (env == NULL || *env == '\0')
		return 1;
	on = 0;
	while (*env != '\0') {
		size_t n = strcspn(env, ",");
		int neg = *env == '-';
		const char *w = env + neg;
		size_t wn = n - (size_t)neg;

		if ((wn == 3 && strncmp(w, "all", 3) == 0) ||
		    (wn == 1 && *w == '1'))
			on = !neg;
		else if (wn == 1 && *w == '0')
			on = 0;
		else if (wn == len && strncmp(w, name, len) == 0)
			on = !neg;
		env += n + (env[n] == ',');
	}
	return on;
}

/* ---- utf8, control bytes ---------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (RFC 3629), 0 when invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t need;
	unsigned min, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (n < need + 1)
		return 0;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need + 1;
}

static void
check_utf8(const char *what, const char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)out;

	if (!render_on("utf8"))
		return;
	for (size_t i = 0; i < len; ) {
		size_t k = utf8_seq(s + i, len - i);

		if (k == 0) {
			slo_fuzz_fail("utf8: %s: invalid UTF-8 at byte %zu: "
			    "'%.*s'", what, i, (int)(len - i > 40 ? 40 : len - i),
			    out + i);
			return;
		}
		i += k;
	}
}

/* An ANSI SGR sequence "\033[" digits and ';' "m" at s: its length, or 0. */
static size_t
sgr_len(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 3 || s[0] != '\033' || s[1] != '[')
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
		i++;
	return i < n && s[i] == 'm' ? i + 1 : 0;
}

/* No control byte but '\n' (and tab); colour codes when color is set. */
static void
check_ctl(const char *inv, const char *what, const char *out, size_t len,
    int color)
{
	if (!render_on(inv))
		return;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		size_t k;

		if (c >= 0x20 || c == '\n' || c == '\t')
			continue;
		if (color && (k = sgr_len(out + i, len - i)) > 0) {
			i += k - 1;
			continue;
		}
		slo_fuzz_fail("%s: %s: raw control byte 0x%02x at %zu: '%.*s'",
		    inv, what, c, i, (int)(len - i > 40 ? 40 : len - i), out + i);
		return;
	}
}

/* ---- ndjson ----------------------------------------------------------- */

static void
check_ndjson(const char *what, const char *out, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *p = out + i;
		const char *nl = memchr(p, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - p) : len - i;
		json_error_t je;
		json_t *j;

		if (nl == NULL && render_on("json"))
			slo_fuzz_fail("json: %s: last line without a newline", what);
		j = json_loadb(p, n, 0, &je);
		if ((j == NULL || !json_is_object(j)) && render_on("json"))
			slo_fuzz_fail("json: %s: line is not a json object (%s): "
			    "'%.*s'", what, j == NULL ? je.text : "not an object",
			    (int)(n > 300 ? 300 : n), p);
		json_decref(j);
		if (j != NULL && render_on("json-dup") &&
		    (j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je)) == NULL)
			slo_fuzz_fail("json-dup: %s: %s: '%.*s'", what, je.text,
			    (int)(n > 300 ? 300 : n), p);
		json_decref(j);
		i += n + 1;
	}
}

/* ---- xml (junit) and html --------------------------------------------- */

/*
 * The tags a renderer writes and where: "name:parent|parent" (an empty
 * parent is the top).  A tag from the input would be unknown, or out of
 * place, or unbalanced.
 */
static const char *const junit_tags[] = {
	"testsuites:", "testsuite:testsuites", "properties:testsuite",
	"property:properties", "testcase:testsuite",
	"failure:testcase", "skipped:testcase", "error:testcase",
	"system-out:testcase|testsuite", "system-err:testcase|testsuite",
	NULL
};

static const char *const html_tags[] = {
	"html:", "head:html", "body:html", "meta:head", "title:head",
	"style:head", "h1:body", "h2:body|section", "p:body|section",
	"span:h1|h2|p", "table:body|section|details", "thead:table", "tbody:table",
	"tr:thead|tbody|table", "th:tr", "td:tr", "section:body",
	"svg:section|body|td", "rect:svg", "line:svg", "text:svg",
	"polyline:svg", "path:svg", "g:svg", "title:svg|circle|rect", "circle:svg",
	"dl:body", "dt:dl", "dd:dl", "br:dd", "details:body", "summary:details",
	NULL
};

static const char *const html_void[] = { "meta", "br", "hr", "img", "link",
	"input", NULL };

/* Whether tag (n bytes) may sit in parent (NULL: top) per the table. */
static int
tag_allowed(const char *const *tags, const char *tag, size_t n,
    const char *parent)
{
	for (size_t i = 0; tags[i] != NULL; i++) {
		const char *colon = strchr(tags[i], ':');
		const char *p;

		if ((size_t)(colon - tags[i]) != n || strncmp(tags[i], tag, n) != 0)
			continue;
		if (parent == NULL)
			return colon[1] == '\0';
		for (p = colon + 1; *p != '\0'; ) {
			size_t k = strcspn(p, "|");

			if (k == strlen(parent) && strncmp(p, parent, k) == 0)
				return 1;
			p += k + (p[k] == '|');
		}
	}
	return 0;
}

static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' ||
	    c == '.';
}

/* An entity at s ('&'): "&name;", "&#123;" or "&#x1f;"; its length or 0. */
static size_t
entity_len(const char *s, size_t n)
{
	size_t i = 1;

	if (i < n && s[i] == '#') {
		i++;
		if (i < n && s[i] == 'x') {
			i++;
			while (i < n && strchr("0123456789abcdefABCDEF", s[i]) &&
			    s[i] != '\0')
				i++;
		} else
			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
	} else
		while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z')))
			i++;
	return i > 1 && i < n && s[i] == ';' && s[i - 1] != '#' &&
	    s[i - 1] != 'x' ? i + 1 : 0;
}

#define XML_DEPTH 32

/*
 * A small well-formedness check for what slokit writes as XML (junit) or
 * HTML (html): text with entities, tags from tags[] in their places,
 * attributes name="value", html's void elements and <!DOCTYPE>, xml's
 * <?xml ...?> prolog; <style> content is skipped to its end tag.
 */
static void
check_markup(const char *what, const char *out, size_t len, int html)
{
	const char *const *tags = html ? html_tags : junit_tags;
	char stack[XML_DEPTH][32];
	size_t depth = 0, i = 0;
	long cells = -1, row_cells = 0, in_body = 0;

	if (!render_on("xml"))
		return;
#define XFAIL(...) do { slo_fuzz_fail(__VA_ARGS__); return; } while (0)
	while (i < len) {
		unsigned char c = (unsigned char)out[i];
		size_t k, nstart, nlen;
		int closing = 0, selfclose = 0, is_void = 0;

		if (c == '&') {
			if ((k = entity_len(out + i, len - i)) == 0)
				XFAIL("xml: %s: raw '&' at %zu: '%.*s'", what, i,
				    (int)(len - i > 40 ? 40 : len - i), out + i);
			i += k;
			continue;
		}
		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' &&
		    render_on("xml-ctl"))
			XFAIL("xml-ctl: %s: raw control byte 0x%02x at %zu: '%.*s'",
			    what, c, i, (int)(len - i > 40 ? 40 : len - i), out + i);
		if (c != '<') {
			i++;
			continue;
		}
		/* A prolog, a doctype or a comment. */
		if (len - i >= 5 && strncmp(out + i, "<?xml", 5) == 0 && !html &&
		    i == 0) {
			const char *e = strstr(out, "?>");

			if (e == NULL)
				XFAIL("xml: %s: prolog without an end", what);
			i = (size_t)(e - out) + 2;
			continue;
		}
		if (html && len - i >= 9 && strncmp(out + i, "<!DOCTYPE", 9) == 0 &&
		    depth == 0) {
			const char *e = memchr(out + i, '>', len - i);

			if (e == NULL)
				XFAIL("xml: %s: doctype without an end", what);
			i = (size_t)(e - out) + 1;
			continue;
		}
		i++;
		if (i < len && out[i] == '/')
			closing = 1, i++;
		nstart = i;
		while (i < len && is_name_char(out[i]))
			i++;
		nlen = i - nstart;
		if (nlen == 0 || nlen >= sizeof stack[0])
			XFAIL("xml: %s: raw '<' at %zu: '%.*s'", what, nstart - 1 -
			    (size_t)closing, (int)(len - nstart > 40 ? 40 :
			    len - nstart), out + nstart);
		if (closing) {
			if (i >= len || out[i] != '>')
				XFAIL("xml: %s: bad end tag at %zu", what, nstart);
			i++;
			if (depth == 0 || strlen(stack[depth - 1]) != nlen ||
			    strncmp(stack[depth - 1], out + nstart, nlen) != 0)
				XFAIL("xml: %s: end tag '%.*s' closes '%s' at %zu",
				    what, (int)nlen, out + nstart,
				    depth ? stack[depth - 1] : "(nothing)", nstart);
			depth--;
			if (html && nlen == 2 && strncmp(out + nstart, "tr", 2) == 0 &&
			    in_body) {
				if (cells >= 0 && row_cells != cells)
					XFAIL("xml: %s: a body row of %ld cells, "
					    "others have %ld", what, row_cells, cells);
				cells = row_cells;
			}
			if (html && nlen == 5 && strncmp(out + nstart, "tbody", 5) == 0)
				in_body = 0;
			continue;
		}
		if (!tag_allowed(tags, out + nstart, nlen,
		    depth ? stack[depth - 1] : NULL))
			XFAIL("xml: %s: tag '%.*s' not expected in '%s' at %zu",
			    what, (int)nlen, out + nstart,
			    depth ? stack[depth - 1] : "(top)", nstart);
		/* Attributes: name="value", value without '<' or a raw '&'. */
		for (;;) {
			size_t an;

			while (i < len && (out[i] == ' ' || out[i] == '\n'))
				i++;
			if (i >= len)
				XFAIL("xml: %s: tag without an end", what);
			if (out[i] == '>' || (out[i] == '/' && i + 1 < len &&
			    out[i + 1] == '>'))
				break;
			an = i;
			while (i < len && is_name_char(out[i]))
				i++;
			if (i == an || i + 1 >= len || out[i] != '=' ||
			    out[i + 1] != '"')
				XFAIL("xml: %s: bad attribute at %zu: '%.*s'", what,
				    an, (int)(len - an > 40 ? 40 : len - an),
				    out + an);
			i += 2;
			while (i < len && out[i] != '"') {
				if (out[i] == '<' || ((unsigned char)out[i] < 0x20 &&
				    out[i] != '\t'))
					XFAIL("xml: %s: raw 0x%02x in an attribute "
					    "at %zu", what, (unsigned char)out[i], i);
				if (out[i] == '&') {
					if ((k = entity_len(out + i, len - i)) == 0)
						XFAIL("xml: %s: raw '&' in an attribute "
						    "at %zu", what, i);
					i += k;
				} else
					i++;
			}
			if (i >= len)
				XFAIL("xml: %s: attribute without an end", what);
			i++;
			if (i < len && out[i] != ' ' && out[i] != '>' &&
			    out[i] != '/' && out[i] != '\n')
				XFAIL("xml: %s: no blank after an attribute at %zu",
				    what, i);
		}
		if (out[i] == '/')
			selfclose = 1, i++;
		i++; /* '>' */
		for (size_t v = 0; html && html_void[v] != NULL; v++)
			if (strlen(html_void[v]) == nlen &&
			    strncmp(html_void[v], out + nstart, nlen) == 0)
				is_void = 1;
		if (html && ((nlen == 2 && strncmp(out + nstart, "td", 2) == 0) ||
		    (nlen == 2 && strncmp(out + nstart, "th", 2) == 0)))
			row_cells++;
		if (html && nlen == 2 && strncmp(out + nstart, "tr", 2) == 0)
			row_cells = 0;
		if (html && nlen == 5 && strncmp(out + nstart, "tbody", 5) == 0)
			in_body = 1;
		if (html && nlen == 5 && strncmp(out + nstart, "style", 5) == 0 &&
		    !selfclose) {
			const char *e = strstr(out + i, "</style>");

			if (e == NULL)
				XFAIL("xml: %s: style without an end", what);
			i = (size_t)(e - out) + 8;
			continue;
		}
		if (selfclose || is_void)
			continue;
		if (depth == XML_DEPTH)
			XFAIL("xml: %s: nested deeper than %d", what, XML_DEPTH);
		memcpy(stack[depth], out + nstart, nlen);
		stack[depth][nlen] = '\0';
		depth++;
	}
	if (depth != 0)
		XFAIL("xml: %s: '%s' not closed at the end", what, stack[depth - 1]);
#undef XFAIL
}

/* ---- markdown --------------------------------------------------------- */

/* Unescaped '|' on a line; the first and last count as cell edges. */
static long
md_pipes(const char *p, size_t n)
{
	long pipes = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\') {
			i++;
			continue;
		}
		pipes += p[i] == '|';
	}
	return pipes;
}

static void
check_markdown(const char *what, const char *out, size_t len)
{
	long header = -1;
	size_t i = 0;

	check_ctl("md-ctl", what, out, len, 0);
	check_utf8(what, out, len);
	if (render_on("md-lt"))
		for (size_t k = 0; k < len; k++) {
			size_t bs = 0;

			if (out[k] != '<')
				continue;
			while (bs < k && out[k - 1 - bs] == '\\')
				bs++;
			if (bs % 2 == 0) {
				slo_fuzz_fail("md-lt: %s: raw '<' at %zu: '%.*s'",
				    what, k, (int)(len - k > 40 ? 40 : len - k),
				    out + k);
				break;
			}
		}
	if (!render_on("md-cells"))
		return;
	/* Table rows start with '|'; a table is rows in a run. */
	while (i < len) {
		const char *p = out + i;
		const char *nl = memchr(p, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - p) : len - i;

		if (n > 0 && p[0] == '|') {
			long pipes = md_pipes(p, n);

			if (header < 0)
				header = pipes;
			else if (pipes != header) {
				slo_fuzz_fail("md-cells: %s: a row of %ld '|', the "
				    "header has %ld: '%.*s'", what, pipes, header,
				    (int)(n > 200 ? 200 : n), p);
				return;
			}
		} else
			header = -1;
		i += n + 1;
	}
}

/* ---- prom ------------------------------------------------------------- */

static int
prom_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':';
}

static int
prom_name_char(char c)
{
	return prom_name_start(c) || (c >= '0' && c <= '9');
}

/* The value of a sample: a float as Go's ParseFloat reads it. */
static int
prom_value_ok(const char *s, size_t n)
{
	char buf[64], *end;

	if (n == 0 || n >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strcmp(buf, "NaN") == 0 || strcmp(buf, "+Inf") == 0 ||
	    strcmp(buf, "-Inf") == 0)
		return 1;
	if (strspn(buf, "0123456789+-.eE") != n)
		return 0;
	(void)strtod(buf, &end);
	return *end == '\0';
}

typedef struct prom_label {
	const char *name, *value;
	size_t nlen, vlen;
} prom_label;

static int
cmp_label(const void *a, const void *b)
{
	const prom_label *x = a, *y = b;
	size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
	int c = memcmp(x->name, y->name, n);

	if (c != 0)
		return c;
	if (x->nlen != y->nlen)
		return x->nlen < y->nlen ? -1 : 1;
	n = x->vlen < y->vlen ? x->vlen : y->vlen;
	if ((c = memcmp(x->value, y->value, n)) != 0)
		return c;
	return x->vlen < y->vlen ? -1 : x->vlen > y->vlen;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

#define PROM_MAX_LABELS 64

/*
 * One sample line: name, labels, value.  Returns its series key (name and
 * sorted labels, malloc'd) or NULL after a failure (or out of memory).
 */
static char *
prom_sample_line(const char *what, const char *p, size_t n, char *metric,
    size_t msz)
{
	prom_label lab[PROM_MAX_LABELS];
	size_t nl = 0, i = 0, nend;
	slo_buf key = { 0 };

	while (i < n && prom_name_char(p[i]))
		i++;
	nend = i;
	if (nend == 0 || !prom_name_start(p[0]) || nend >= msz) {
		slo_fuzz_fail("prom: %s: bad metric name: '%.*s'", what,
		    (int)(n > 200 ? 200 : n), p);
		return NULL;
	}
	memcpy(metric, p, nend);
	metric[nend] = '\0';
	if (i < n && p[i] == '{') {
		i++;
		while (i < n && p[i] != '}') {
			size_t ns = i, vs;

			while (i < n && prom_name_char(p[i]) && p[i] != ':')
				i++;
			if (i == ns || (p[ns] >= '0' && p[ns] <= '9') || i + 1 >= n ||
			    p[i] != '=' || p[i + 1] != '"') {
				slo_fuzz_fail("prom: %s: bad label at %zu: '%.*s'",
				    what, ns, (int)(n > 200 ? 200 : n), p);
				return NULL;
			}
			i += 2;
			vs = i;
			while (i < n && p[i] != '"') {
				if (p[i] == '\\') {
					if (i + 1 >= n || strchr("\\\"n", p[i + 1]) ==
					    NULL || p[i + 1] == '\0') {
						slo_fuzz_fail("prom: %s: bad escape in a "
						    "label value: '%.*s'", what,
						    (int)(n > 200 ? 200 : n), p);
						return NULL;
					}
					i++;
				}
				i++;
			}
			if (i >= n) {
				slo_fuzz_fail("prom: %s: label value without an end: "
				    "'%.*s'", what, (int)(n > 200 ? 200 : n), p);
				return NULL;
			}
			if (nl < PROM_MAX_LABELS)
				lab[nl++] = (prom_label){ p + ns, p + vs,
				    vs - 2 - ns, i - vs };
			i++;
			if (i < n && p[i] == ',')
				i++;
			else if (i < n && p[i] != '}') {
				slo_fuzz_fail("prom: %s: no ',' between labels: '%.*s'",
				    what, (int)(n > 200 ? 200 : n), p);
				return NULL;
			}
		}
		if (i >= n) {
			slo_fuzz_fail("prom: %s: labels without an end: '%.*s'",
			    what, (int)(n > 200 ? 200 : n), p);
			return NULL;
		}
		i++;
	}
	if (i >= n || p[i] != ' ' || !prom_value_ok(p + i + 1, n - i - 1)) {
		slo_fuzz_fail("prom: %s: bad value: '%.*s'", what,
		    (int)(n > 200 ? 200 : n), p);
		return NULL;
	}
	qsort(lab, nl, sizeof lab[0], cmp_label);
	for (size_t k = 1; k < nl; k++)
		if (lab[k].nlen == lab[k - 1].nlen && memcmp(lab[k].name,
		    lab[k - 1].name, lab[k].nlen) == 0 && render_on("prom-labels")) {
			slo_fuzz_fail("prom-labels: %s: label '%.*s' twice: '%.*s'",
			    what, (int)lab[k].nlen, lab[k].name,
			    (int)(n > 200 ? 200 : n), p);
			break;
		}
	slo_buf_append(&key, p, nend);
	for (size_t k = 0; k < nl; k++) {
		slo_buf_putc(&key, '\x01');
		slo_buf_append(&key, lab[k].name, lab[k].nlen);
		slo_buf_putc(&key, '\x02');
		slo_buf_append(&key, lab[k].value, lab[k].vlen);
	}
	if (slo_buf_putc(&key, '\0') != SLO_OK) {
		slo_buf_release(&key);
		return NULL;
	}
	return key.data;
}

static void
check_prom(const char *what, const char *out, size_t len)
{
	char metric[256], typed[256] = "", **keys = NULL;
	size_t nkeys = 0, cap = 0, i = 0;

	if (!render_on("prom"))
		return;
	while (i < len) {
		const char *p = out + i;
		const char *nl = memchr(p, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - p) : len - i;
		char *key;

		i += n + 1;
		if (nl == NULL) {
			slo_fuzz_fail("prom: %s: last line without a newline", what);
			break;
		}
		if (n >= 7 && strncmp(p, "# TYPE ", 7) == 0) {
			size_t k = strcspn(p + 7, " ");

			if (k == 0 || k >= sizeof typed || 7 + k >= n) {
				slo_fuzz_fail("prom: %s: bad TYPE line", what);
				break;
			}
			memcpy(typed, p + 7, k);
			typed[k] = '\0';
			continue;
		}
		if (n >= 1 && p[0] == '#')
			continue;
		if ((key = prom_sample_line(what, p, n, metric,
		    sizeof metric)) == NULL)
			break;
		if (strcmp(metric, typed) != 0) {
			slo_fuzz_fail("prom: %s: sample of '%s' under TYPE '%s'",
			    what, metric, typed);
			free(key);
			break;
		}
		if (nkeys == cap) {
			char **k2 = realloc(keys, (cap = cap ? 2 * cap : 64) *
			    sizeof *keys);

			if (k2 == NULL) {
				free(key);
				break;
			}
			keys = k2;
		}
		keys[nkeys++] = key;
	}
	if (render_on("prom-series") && nkeys > 1) {
		qsort(keys, nkeys, sizeof *keys, cmp_str);
		for (size_t k = 1; k < nkeys; k++)
			if (strcmp(keys[k], keys[k - 1]) == 0) {
				char *s = keys[k];

				for (char *q = s; *q; q++)
					if (*q == '\x01' || *q == '\x02')
						*q = *q == '\x01' ? ',' : '=';
				slo_fuzz_fail("prom-series: %s: series twice: %s",
				    what, s);
				break;
			}
	}
	for (size_t k = 0; k < nkeys; k++)
		free(keys[k]);
	free(keys);
}

/* Every renderer's output through the checks of its format. */
static void
check_render(const char *what, int fmt, int color, const slo_buf *b)
{
	const char *out = b->data != NULL ? b->data : "";

	switch (fmt) {
	case SLO_FMT_NDJSON:
		check_ndjson(what, out, b->len);
		break;
	case SLO_FMT_TABLE:
		check_ctl("table-ctl", what, out, b->len, color);
		break;
	case SLO_FMT_PROM:
		check_prom(what, out, b->len);
		break;
	case SLO_FMT_JUNIT:
		check_markup(what, out, b->len, 0);
		break;
	case SLO_FMT_MARKDOWN:
		check_markdown(what, out, b->len);
		return; /* utf8 checked */
	case SLO_FMT_HTML:
		check_markup(what, out, b->len, 1);
		break;
	}
	check_utf8(what, out, b->len);
}
