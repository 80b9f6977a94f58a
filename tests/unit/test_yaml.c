/* test_yaml.c — YAML trees with positions (include/slo_yaml.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slo_yaml.h"

static slo_ydoc *
load(const char *text, slo_error *err)
{
	return slo_ydoc_load_string("t.yaml", text, strlen(text), err);
}

/* Loading text fails with status st at line:col and a message holding msg. */
static void
fails_at(const char *text, slo_status st, long line, long col,
    const char *msg)
{
	slo_error err;
	slo_ydoc *d = load(text, &err);

	assert_null(d);
	if (err.status != st || err.line != line || err.col != col ||
	    strstr(err.msg, msg) == NULL)
		fail_msg("got %d %ld:%ld '%s', want %d %ld:%ld '%s'",
		    err.status, err.line, err.col, err.msg, st, line, col, msg);
	assert_string_equal(err.file, "t.yaml");
}

static void
test_positions(void **state)
{
	slo_error err;
	slo_ydoc *d;
	slo_ynode *root, *list, *v;

	(void)state;
	d = load("# comment\n"
	    "name: checkout\n"
	    "list:\n"
	    "  - one\n"
	    "  -   'two'\n"
	    "map: {a: 1, b: [x, y]}\n", &err);
	assert_non_null(d);
	assert_int_equal(slo_ydoc_count(d), 1);
	root = slo_ydoc_root(d, 0);
	assert_int_equal(root->type, SLO_Y_MAP);
	assert_int_equal(root->line, 2);
	assert_int_equal(root->col, 1);
	assert_int_equal(root->n, 3);
	assert_string_equal(root->keys[0]->str, "name");
	assert_int_equal(root->keys[0]->line, 2);
	assert_int_equal(root->keys[0]->col, 1);
	v = slo_ynode_get(root, "name");
	assert_string_equal(v->str, "checkout");
	assert_int_equal(v->len, 8);
	assert_int_equal(v->line, 2);
	assert_int_equal(v->col, 7);
	assert_false(v->quoted);
	list = slo_ynode_get(root, "list");
	assert_int_equal(list->type, SLO_Y_SEQ);
	assert_int_equal(list->n, 2);
	assert_int_equal(list->items[0]->line, 4);
	assert_int_equal(list->items[0]->col, 5);
	assert_int_equal(list->items[1]->line, 5);
	assert_int_equal(list->items[1]->col, 7);
	assert_true(list->items[1]->quoted);
	v = slo_ynode_get(slo_ynode_get(root, "map"), "b");
	assert_int_equal(v->type, SLO_Y_SEQ);
	assert_int_equal(v->line, 6);
	assert_int_equal(v->col, 16);
	assert_string_equal(v->items[1]->str, "y");
	assert_int_equal(v->items[1]->col, 20);
	assert_null(slo_ynode_get(root, "nope"));
	assert_null(slo_ynode_get(v, "b")); /* not a map */
	assert_string_equal(slo_ydoc_file(d), "t.yaml");
	slo_ydoc_free(d);
	slo_ydoc_free(NULL);
}

static void
test_documents(void **state)
{
	slo_error err;
	slo_ydoc *d;

	(void)state;
	d = load("a: 1\n---\nb: 2\n---\n---\nc: 3\n", &err);
	assert_non_null(d);
	assert_int_equal(slo_ydoc_count(d), 4);
	assert_non_null(slo_ynode_get(slo_ydoc_root(d, 0), "a"));
	assert_int_equal(slo_ydoc_root(d, 1)->line, 3);
	assert_null(slo_ydoc_root(d, 2)); /* an empty document */
	assert_non_null(slo_ynode_get(slo_ydoc_root(d, 3), "c"));
	assert_null(slo_ydoc_root(d, 4));
	slo_ydoc_free(d);

	d = load("", &err); /* an empty file has no documents */
	assert_non_null(d);
	assert_int_equal(slo_ydoc_count(d), 0);
	slo_ydoc_free(d);

	d = load("# only a comment\n\n", &err);
	assert_non_null(d);
	assert_int_equal(slo_ydoc_count(d), 0);
	slo_ydoc_free(d);
}

static void
test_aliases_shared(void **state)
{
	slo_error err;
	slo_ydoc *d;
	slo_ynode *root;

	(void)state;
	d = load("base: &b {window: 30d, objective: 99.9}\n"
	    "one: *b\n"
	    "two: *b\n", &err);
	assert_non_null(d);
	root = slo_ydoc_root(d, 0);
	/* the alias is the anchored node itself, not a copy */
	assert_ptr_equal(slo_ynode_get(root, "one"), slo_ynode_get(root, "base"));
	assert_ptr_equal(slo_ynode_get(root, "two"), slo_ynode_get(root, "base"));
	assert_string_equal(slo_ynode_get(slo_ynode_get(root, "two"),
	    "window")->str, "30d");
	slo_ydoc_free(d);

	fails_at("a: *nope\n", SLO_ESYNTAX, 1, 4, "undefined alias 'nope'");
	/* an anchor is known once its node is complete: no cycles */
	fails_at("a: &x [1, *x]\n", SLO_ESYNTAX, 1, 11, "undefined alias 'x'");
	/* anchors do not cross documents */
	fails_at("a: &x 1\n---\nb: *x\n", SLO_ESYNTAX, 3, 4,
	    "undefined alias 'x'");
}

/*
 * Billion laughs: each level is 9 aliases of the one before.  Counted as
 * expanded (keys not counted): root 1; a = 1 + 9 = 10; b = 1 + 9 x 10 =
 * 91; c = 820; d = 7381; e = 66430; f = 597871: 672604 after line 6.  g's
 * list makes 672605 and its first *f would add 597871, past 10^6: refused
 * at line 7, column 8, the first alias of g.
 */
static const char laughs[] =
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";

static void
test_billion_laughs(void **state)
{
	slo_error err;
	slo_ydoc *d;

	(void)state;
	/*
	 * The bound is on what aliases add beyond the nodes written (about
	 * 60 per document here): the same aliases pass it as when written
	 * nodes counted too, as the jumps are of 66430 nodes.
	 */
	fails_at(laughs, SLO_ELIMIT, 7, 8, "more than 1000000 nodes");
	/* the first six levels alone stay under the bound */
	d = load("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n", &err);
	assert_non_null(d);
	slo_ydoc_free(d);
	/*
	 * the bound is per file, over all its documents: 672603 after the
	 * first; the second reaches 747337 with f's list, and f's fourth *e
	 * (66430 each) passes 10^6 at line 13, column 20
	 */
	fails_at("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "---\n"
	    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
	    SLO_ELIMIT, 13, 20, "more than 1000000 nodes");
	/*
	 * merges are counted as what they expand to: m = 1 + 7 x 66430
	 * brings the total to 539744; n's map and the 465011 of its `<<: *m`
	 * pass 10^6 at that alias, line 7, column 9
	 */
	fails_at("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "m: &m {k1: *e, k2: *e, k3: *e, k4: *e, k5: *e, k6: *e, k7: *e}\n"
	    "n: {<<: *m, x: 1}\n"
	    "o: {<<: *m, x: 1}\n",
	    SLO_ELIMIT, 7, 9, "more than 1000000 nodes");
}

/*
 * Issue 14.11: written nodes are bounded by the file size, not by the alias
 * bound: 1100000 list items load; two aliases of a 600001-node list add
 * 1200002 nodes to the text and are refused at the second, line 3 col 4.
 */
static void
test_large_without_aliases(void **state)
{
	slo_buf b = { 0 };
	slo_error err;
	slo_ydoc *d;
	size_t i;

	(void)state;
	for (i = 0; i < 1100000; i++)
		assert_int_equal(slo_buf_puts(&b, "- 1\n"), SLO_OK);
	d = slo_ydoc_load_string("big.yaml", b.data, b.len, &err);
	assert_non_null(d);
	assert_int_equal(slo_ydoc_root(d, 0)->n, 1100000);
	slo_ydoc_free(d);

	slo_buf_reset(&b);
	assert_int_equal(slo_buf_puts(&b, "a: &a ["), SLO_OK);
	for (i = 0; i < 600000; i++)
		assert_int_equal(slo_buf_puts(&b, "1,"), SLO_OK);
	assert_int_equal(slo_buf_puts(&b, "]\nb: *a\nc: *a\n"), SLO_OK);
	d = slo_ydoc_load_string("t.yaml", b.data, b.len, &err);
	assert_null(d);
	assert_int_equal(err.status, SLO_ELIMIT);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.col, 4);
	assert_string_equal(err.msg,
	    "more than 1000000 nodes from aliases once expanded");
	slo_buf_release(&b);
}

static void
test_depth(void **state)
{
	char buf[1200];
	slo_error err;
	slo_ydoc *d;
	int i;

	(void)state;
	for (i = 0; i < 300; i++)
		buf[i] = '[';
	for (i = 0; i < 300; i++)
		buf[300 + i] = ']';
	buf[600] = '\0';
	fails_at(buf, SLO_ELIMIT, 1, 258, "nested deeper than 256");
	buf[200] = '\0';
	memset(buf + 100, ']', 100);
	d = load(buf, &err);
	assert_non_null(d);
	slo_ydoc_free(d);
}

static void
test_merge_keys(void **state)
{
	slo_error err;
	slo_ydoc *d;
	slo_ynode *m;

	(void)state;
	d = load("defaults: &def {window: 30d, objective: 99.9, alerts: none}\n"
	    "more: &more {window: 7d, budgeting: occurrences}\n"
	    "slo:\n"
	    "  objective: 99.5\n"
	    "  <<: [*def, *more]\n"
	    "  name: x\n", &err);
	assert_non_null(d);
	m = slo_ynode_get(slo_ydoc_root(d, 0), "slo");
	/* own keys win over merged ones; the first merged map wins next */
	assert_int_equal(m->n, 5);
	assert_string_equal(slo_ynode_get(m, "objective")->str, "99.5");
	assert_string_equal(slo_ynode_get(m, "window")->str, "30d");
	assert_string_equal(slo_ynode_get(m, "budgeting")->str, "occurrences");
	assert_string_equal(slo_ynode_get(m, "alerts")->str, "none");
	assert_null(slo_ynode_get(m, "<<"));
	/* a merged key keeps the position where it was written */
	assert_int_equal(slo_ynode_get(m, "window")->line, 1);
	slo_ydoc_free(d);

	d = load("b: &b {x: 1}\nc: {<<: *b}\n", &err);
	assert_non_null(d);
	assert_string_equal(slo_ynode_get(slo_ynode_get(slo_ydoc_root(d, 0),
	    "c"), "x")->str, "1");
	slo_ydoc_free(d);

	fails_at("a: {<<: 5}\n", SLO_EINVAL, 1, 9, "merge key '<<'");
	fails_at("a: {<<: [{x: 1}, 5]}\n", SLO_EINVAL, 1, 18, "merge key '<<'");
	/* a quoted "<<" is an ordinary key */
	d = load("a: {'<<': 5}\n", &err);
	assert_non_null(d);
	assert_string_equal(slo_ynode_get(slo_ynode_get(slo_ydoc_root(d, 0),
	    "a"), "<<")->str, "5");
	slo_ydoc_free(d);
}

static void
test_duplicate_keys(void **state)
{
	char big[2000];
	size_t len = 0;
	int i;

	(void)state;
	fails_at("name: a\nwindow: 30d\nname: b\n", SLO_EINVAL, 3, 1,
	    "duplicate key 'name'");
	fails_at("a: {x: 1, y: 2, x: 3}\n", SLO_EINVAL, 1, 17,
	    "duplicate key 'x'");
	/* "a" and 'a' are the same key */
	fails_at("a: 1\n'a': 2\n", SLO_EINVAL, 2, 1, "duplicate key 'a'");
	/* a large map takes the sorting path; still the first repeat */
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(big + len, sizeof big - len,
		    "k%02d: %d\n", i, i);
	len += (size_t)snprintf(big + len, sizeof big - len, "k07: again\n");
	snprintf(big + len, sizeof big - len, "k03: again\n");
	fails_at(big, SLO_EINVAL, 41, 1, "duplicate key 'k07'");
	fails_at("{[a]: 1}\n", SLO_EINVAL, 1, 2, "a key must be a scalar");
	fails_at("? {a: 1}\n: 2\n", SLO_EINVAL, 1, 3, "a key must be a scalar");
}

static void
test_syntax_errors(void **state)
{
	slo_error err;
	slo_ydoc *d;

	(void)state;
	d = load("a: [1, 2\n", &err);
	assert_null(d);
	assert_int_equal(err.status, SLO_ESYNTAX);
	assert_int_equal(err.line, 2);
	assert_true(strstr(err.msg, "invalid yaml") != NULL);

	/* libyaml's own words and its mark, made 1-based */
	d = load("a: b\n  c: d\n", &err);
	assert_null(d);
	assert_int_equal(err.status, SLO_ESYNTAX);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 4);
	assert_true(strstr(err.msg, "mapping values are not allowed") != NULL);

	d = load("a: 'open\n", &err);
	assert_null(d);
	assert_int_equal(err.status, SLO_ESYNTAX);

	d = load("{\"json\": [1, 2, }\n", &err);
	assert_null(d);
	assert_int_equal(err.status, SLO_ESYNTAX);

	/* invalid UTF-8: libyaml gives a byte offset; we give line and col */
	d = load("ok: 1\nname: ab\xff\n", &err);
	assert_null(d);
	assert_int_equal(err.status, SLO_EUTF8);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 9);

	/* a NUL byte is not YAML */
	d = slo_ydoc_load_string("t.yaml", "a: b\0c\n", 7, &err);
	assert_null(d);
	assert_int_not_equal(err.status, SLO_OK);
}

static void
test_files(void **state)
{
	slo_error err;
	slo_ydoc *d;
	char path[] = "/tmp/test_yaml_XXXXXX";
	FILE *fp;
	int fd;

	(void)state;
	d = slo_ydoc_load_file("/nonexistent/spec.yaml", &err);
	assert_null(d);
	assert_int_equal(err.status, SLO_ENOTFOUND);
	assert_string_equal(err.file, "/nonexistent/spec.yaml");
	d = slo_ydoc_load_file("tests", &err); /* a directory */
	assert_null(d);
	assert_int_equal(err.status, SLO_EIO);
	assert_string_equal(err.msg, "cannot read: Is a directory");

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("slos:\n  - name: x\n", fp);
	fclose(fp);
	d = slo_ydoc_load_file(path, &err);
	assert_non_null(d);
	assert_string_equal(slo_ydoc_file(d), path);
	assert_int_equal(slo_ydoc_root(d, 0)->items[0]->items[0]->line, 2);
	slo_ydoc_free(d);
	remove(path);
}

/* Read key of the single map in text with reader f; return its status. */
#define READ(text, f, out, err) read_one((text), (err), \
	(slo_status (*)(const slo_ydoc *, const slo_ynode *, void *, \
	slo_error *))(f), (out))

static slo_status
read_one(const char *text, slo_error *err,
    slo_status (*f)(const slo_ydoc *, const slo_ynode *, void *, slo_error *),
    void *out)
{
	slo_error e;
	slo_ydoc *d = load(text, &e);
	slo_status st;

	assert_non_null(d);
	st = f(d, slo_ynode_get(slo_ydoc_root(d, 0), "v"), out, err);
	slo_ydoc_free(d);
	return st;
}

static void
test_numbers(void **state)
{
	slo_error err;
	double x;

	(void)state;
	assert_int_equal(READ("v: 1.5", slo_ynode_number, &x, &err), SLO_OK);
	assert_true(x == 1.5);
	assert_int_equal(READ("v: -2", slo_ynode_number, &x, &err), SLO_OK);
	assert_true(x == -2);
	assert_int_equal(READ("v: 1e3", slo_ynode_number, &x, &err), SLO_OK);
	assert_true(x == 1000);
	assert_int_equal(READ("v: .5", slo_ynode_number, &x, &err), SLO_OK);
	assert_true(x == 0.5);
	assert_int_equal(READ("v: 99.9", slo_ynode_number, &x, &err), SLO_OK);
	assert_true(x == 99.9);
	/* strtod would take these; a spec must not */
	static const char *const bad[] = { "v: 0x10", "v: inf", "v: .nan",
	    "v: 1,5", "v: 1.5ms", "v: 1e999", "v: e3", "v: 1e", "v: --1",
	    "v: '1.5'", "v: \"2\"", "v:", "v: [1]", "v: {a: 1}", "v: ~",
	    "v: nan", "v: .inf" };
	size_t i;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (READ(bad[i], slo_ynode_number, &x, &err) != SLO_EINVAL)
			fail_msg("'%s' read as a number", bad[i]);
		assert_int_equal(err.line, 1);
	}
	READ("v: '1.5'", slo_ynode_number, &x, &err);
	assert_string_equal(err.msg, "expected a number, got the string '1.5'");
	assert_int_equal(err.col, 4);
	READ("v: [1]", slo_ynode_number, &x, &err);
	assert_string_equal(err.msg, "expected a number, got a list");
	READ("v:", slo_ynode_number, &x, &err);
	assert_string_equal(err.msg, "expected a number, got nothing");
}

static void
test_bools(void **state)
{
	slo_error err;
	int b = -1;

	(void)state;
	assert_int_equal(READ("v: true", slo_ynode_bool, &b, &err), SLO_OK);
	assert_int_equal(b, 1);
	assert_int_equal(READ("v: false", slo_ynode_bool, &b, &err), SLO_OK);
	assert_int_equal(b, 0);
	assert_int_equal(READ("v: True", slo_ynode_bool, &b, &err), SLO_OK);
	assert_int_equal(b, 1);
	assert_int_equal(READ("v: FALSE", slo_ynode_bool, &b, &err), SLO_OK);
	assert_int_equal(b, 0);
	/* YAML 1.2 core schema: these are strings */
	assert_int_equal(READ("v: yes", slo_ynode_bool, &b, &err), SLO_EINVAL);
	assert_string_equal(err.msg, "expected true or false, got 'yes'");
	assert_int_equal(READ("v: on", slo_ynode_bool, &b, &err), SLO_EINVAL);
	assert_int_equal(READ("v: 1", slo_ynode_bool, &b, &err), SLO_EINVAL);
	assert_int_equal(READ("v: 'true'", slo_ynode_bool, &b, &err),
	    SLO_EINVAL);
}

static void
test_strings(void **state)
{
	slo_error err;
	const char *s;

	(void)state;
	assert_int_equal(READ("v: plain text", slo_ynode_string, &s, &err),
	    SLO_OK);
	assert_int_equal(READ("v: 123", slo_ynode_string, &s, &err), SLO_OK);
	assert_int_equal(READ("v: ''", slo_ynode_string, &s, &err), SLO_OK);
	assert_int_equal(READ("v:", slo_ynode_string, &s, &err), SLO_EINVAL);
	assert_string_equal(err.msg, "expected a string, got nothing");
	assert_int_equal(READ("v: {a: b}", slo_ynode_string, &s, &err),
	    SLO_EINVAL);
	assert_string_equal(err.msg, "expected a string, got a map");
	assert_int_equal(READ("v: \"a\\0b\"", slo_ynode_string, &s, &err),
	    SLO_EINVAL);
}

static void
test_durations(void **state)
{
	slo_error err;
	slo_ns ns;

	(void)state;
	assert_int_equal(READ("v: 30d", slo_ynode_duration, &ns, &err), SLO_OK);
	assert_true(ns == 30 * SLO_NS_PER_DAY);
	assert_int_equal(READ("v: 1h30m", slo_ynode_duration, &ns, &err),
	    SLO_OK);
	assert_true(ns == 90 * SLO_NS_PER_MIN);
	assert_int_equal(READ("v: '300ms'", slo_ynode_duration, &ns, &err),
	    SLO_OK);
	assert_true(ns == 300 * SLO_NS_PER_MS);
	/* the column is that of the offending character */
	assert_int_equal(READ("v: 30x", slo_ynode_duration, &ns, &err),
	    SLO_EINVAL);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 6);
	assert_true(strstr(err.msg, "invalid duration '30x'") != NULL);
	assert_int_equal(READ("v: \"5x\"", slo_ynode_duration, &ns, &err),
	    SLO_EINVAL);
	assert_int_equal(err.col, 6); /* after the quote */
	assert_int_equal(READ("v: 30", slo_ynode_duration, &ns, &err),
	    SLO_EINVAL);
	assert_int_equal(READ("v: -5m", slo_ynode_duration, &ns, &err),
	    SLO_EINVAL);
	assert_int_equal(READ("v: [5m]", slo_ynode_duration, &ns, &err),
	    SLO_EINVAL);
	assert_int_equal(err.col, 4);
}

static void
test_shares(void **state)
{
	slo_error err;
	double x;

	(void)state;
	/* "99.9%" is the double nearest 0.999, not 99.9 / 100 */
	assert_int_equal(READ("v: 99.9%", slo_ynode_share, &x, &err), SLO_OK);
	assert_true(x == 0.999);
	assert_int_equal(READ("v: 10%", slo_ynode_share, &x, &err), SLO_OK);
	assert_true(x == 0.1);
	assert_int_equal(READ("v: 0.5", slo_ynode_share, &x, &err), SLO_OK);
	assert_true(x == 0.5);
	assert_int_equal(READ("v: '95%'", slo_ynode_share, &x, &err), SLO_OK);
	assert_true(x == 0.95);
	assert_int_equal(READ("v: 0%", slo_ynode_share, &x, &err), SLO_OK);
	assert_true(x == 0);
	assert_int_equal(READ("v: 100%", slo_ynode_share, &x, &err), SLO_OK);
	assert_true(x == 1);
	assert_int_equal(READ("v: 1.5", slo_ynode_share, &x, &err), SLO_ERANGE);
	assert_true(strstr(err.msg, "write '1.5%'") != NULL);
	assert_int_equal(READ("v: 150%", slo_ynode_share, &x, &err), SLO_ERANGE);
	assert_int_equal(READ("v: -1%", slo_ynode_share, &x, &err), SLO_ERANGE);
	assert_int_equal(READ("v: abc", slo_ynode_share, &x, &err), SLO_EINVAL);
	assert_int_equal(READ("v: 1e1%", slo_ynode_share, &x, &err), SLO_EINVAL);
	assert_int_equal(READ("v: '%'", slo_ynode_share, &x, &err), SLO_EINVAL);
	assert_int_equal(READ("v: 5 %", slo_ynode_share, &x, &err), SLO_EINVAL);
}

static void
test_times(void **state)
{
	slo_error err;
	slo_ns t;

	(void)state;
	/* `date -u -d 2026-11-01 +%s` gives 1793491200 */
	assert_int_equal(READ("v: 2026-11-01", slo_ynode_time, &t, &err), SLO_OK);
	assert_true(t == 1793491200LL * SLO_NS_PER_SEC);
	assert_int_equal(READ("v: 2026-11-01T09:30:00Z", slo_ynode_time, &t,
	    &err), SLO_OK);
	assert_true(t == (1793491200LL + 9 * 3600 + 30 * 60) * SLO_NS_PER_SEC);
	assert_int_equal(READ("v: 2026-11-01T10:30:00+01:00", slo_ynode_time,
	    &t, &err), SLO_OK);
	assert_true(t == (1793491200LL + 9 * 3600 + 30 * 60) * SLO_NS_PER_SEC);
	assert_int_equal(READ("v: 2026-13-01", slo_ynode_time, &t, &err),
	    SLO_EINVAL);
	assert_int_equal(err.col, 9); /* the month */
	assert_int_equal(READ("v: 2026-11-01T09:30", slo_ynode_time, &t, &err),
	    SLO_EINVAL);
	assert_int_equal(READ("v: tomorrow", slo_ynode_time, &t, &err),
	    SLO_EINVAL);
	assert_int_equal(READ("v: 20261101", slo_ynode_time, &t, &err),
	    SLO_EINVAL);
}

static void
test_check_keys(void **state)
{
	static const char *const allowed[] = { "name", "window", "objective",
	    "group_by", NULL };
	slo_error err;
	slo_ydoc *d;
	slo_status st;

	(void)state;
	d = load("name: x\nwindw: 30d\n", &err);
	st = slo_ynode_check_keys(d, slo_ydoc_root(d, 0), allowed, &err);
	assert_int_equal(st, SLO_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	assert_string_equal(err.msg,
	    "unknown key 'windw'; did you mean 'window'?");
	slo_ydoc_free(d);

	/* a transposition is one edit */
	d = load("name: x\n  # c\nwidnow: 30d\n", &err);
	slo_ynode_check_keys(d, slo_ydoc_root(d, 0), allowed, &err);
	assert_string_equal(err.msg,
	    "unknown key 'widnow'; did you mean 'window'?");
	assert_int_equal(err.line, 3);
	slo_ydoc_free(d);

	/* three edits away: no guess */
	d = load("{name: x, wdw: 30d}\n", &err);
	slo_ynode_check_keys(d, slo_ydoc_root(d, 0), allowed, &err);
	assert_string_equal(err.msg, "unknown key 'wdw'");
	assert_int_equal(err.col, 11);
	slo_ydoc_free(d);

	d = load("{name: x, groupby: [a]}\n", &err);
	slo_ynode_check_keys(d, slo_ydoc_root(d, 0), allowed, &err);
	assert_string_equal(err.msg,
	    "unknown key 'groupby'; did you mean 'group_by'?");
	slo_ydoc_free(d);

	d = load("{name: x, window: 1d}\n", &err);
	assert_int_equal(slo_ynode_check_keys(d, slo_ydoc_root(d, 0), allowed,
	    &err), SLO_OK);
	slo_ydoc_free(d);

	d = load("[name]\n", &err);
	assert_int_equal(slo_ynode_check_keys(d, slo_ydoc_root(d, 0), allowed,
	    &err), SLO_EINVAL);
	assert_string_equal(err.msg, "expected a map, got a list");
	slo_ydoc_free(d);

	assert_string_equal(slo_suggest("objectiv", allowed), "objective");
	assert_null(slo_suggest("zzzzzz", allowed));
	assert_null(slo_suggest("", allowed));
}

/*
 * Issue 14.10: an error about a file that is not the kind expected says so
 * without its content; quoted keys and values are bounded and escaped.
 */
static void
test_no_content_echoed(void **state)
{
	static const char *const top[] = { "slos", "flags", "promotion", NULL };
	char q[SLO_YQUOTE_BUFSZ], long_key[200];
	slo_error err;
	slo_ydoc *d;
	const slo_ynode *r;

	(void)state;
	/* shadow(5) lines read as YAML keys: 'root:$6$...:7::' */
	d = slo_ydoc_load_file("tests/unit/fixtures/spec/shadow-like", &err);
	assert_non_null(d);
	assert_int_equal(slo_ynode_check_keys(d, slo_ydoc_root(d, 0), top,
	    &err), SLO_EINVAL);
	assert_string_equal(err.msg, "not the kind of file expected: no "
	    "top-level key is 'slos', 'flags' or 'promotion' (its content is "
	    "not shown)");
	assert_int_equal(err.line, 1);
	assert_null(strstr(err.msg, "root"));
	assert_null(strstr(err.msg, "secret"));
	slo_ydoc_free(d);

	/* one known key: a typo beside it is quoted, as in a spec */
	d = load("slos: []\nfoo: 1\n", &err);
	slo_ynode_check_keys(d, slo_ydoc_root(d, 0), top, &err);
	assert_string_equal(err.msg, "unknown key 'foo'");
	slo_ydoc_free(d);
	/* a near miss at the top is a typo, not a foreign file */
	d = load("slo: []\n", &err);
	slo_ynode_check_keys(d, slo_ydoc_root(d, 0), top, &err);
	assert_string_equal(err.msg, "unknown key 'slo'; did you mean 'slos'?");
	slo_ydoc_free(d);
	/* below the top, unknown keys are the document's: quoted */
	d = load("slos: {colour: red}\n", &err);
	r = slo_ynode_get(slo_ydoc_root(d, 0), "slos");
	slo_ynode_check_keys(d, r, top, &err);
	assert_string_equal(err.msg, "unknown key 'colour'");
	slo_ydoc_free(d);

	/* bounded: 48 bytes then "..." */
	memset(long_key, 'k', 150);
	strcpy(long_key + 150, ": 1\nslos: []\n");
	d = load(long_key, &err);
	slo_ynode_check_keys(d, slo_ydoc_root(d, 0), top, &err);
	assert_string_equal(err.msg, "unknown key "
	    "'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'");
	slo_ydoc_free(d);

	/* escaped: a terminal escape in a value is shown, not obeyed */
	d = load("w: \"1\\e[31mx\"\n", &err);
	{
		slo_ns ns;

		assert_int_equal(slo_ynode_duration(d, slo_ynode_get(
		    slo_ydoc_root(d, 0), "w"), &ns, &err), SLO_EINVAL);
	}
	assert_non_null(strstr(err.msg, "invalid duration '1\\x1b[31mx'"));
	assert_null(strchr(err.msg, 0x1b));
	slo_ydoc_free(d);

	/* slo_yquote: cut before a UTF-8 sequence; backslash doubled */
	assert_string_equal(slo_yquote("a\\b\tc", q), "a\\\\b\\x09c");
	memset(long_key, 'x', 47);
	strcpy(long_key + 47, "\xc3\xa9tail"); /* é straddles byte 48 */
	assert_string_equal(slo_yquote(long_key, q) + 47, "...");
	assert_int_equal(strlen(slo_yquote("short", q)), 5);
}

static void
test_scalar_positions(void **state)
{
	slo_error err;
	slo_ydoc *d;
	slo_ynode *root;
	long line, col;

	(void)state;
	d = load("a: status >= 500\n"
	    "b:   'status >= 500'\n"
	    "c: \"status >= 500\"\n"
	    "d: |\n"
	    "    status >= 500 &&\n"
	    "\n"
	    "    route == 1\n"
	    "e: >\n"
	    "    folded\n"
	    "    text\n", &err);
	assert_non_null(d);
	root = slo_ydoc_root(d, 0);
	slo_ynode_pos(d, slo_ynode_get(root, "a"), 7, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 11); /* '>' */
	slo_ynode_pos(d, slo_ynode_get(root, "b"), 7, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 14);
	slo_ynode_pos(d, slo_ynode_get(root, "c"), 0, &line, &col);
	assert_int_equal(col, 5);
	/* literal block: value "status >= 500 &&\n\nroute == 1\n" */
	slo_ynode_pos(d, slo_ynode_get(root, "d"), 7, &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 12);
	slo_ynode_pos(d, slo_ynode_get(root, "d"), 24, &line, &col);
	assert_int_equal(line, 7);
	assert_int_equal(col, 11); /* the '=' after route */
	/* folded block: the scalar's own position */
	slo_ynode_pos(d, slo_ynode_get(root, "e"), 3, &line, &col);
	assert_int_equal(line, 8);
	assert_int_equal(col, 4);
	slo_ydoc_free(d);
}

static void
test_expect_null(void **state)
{
	slo_error err;
	slo_ydoc *d;
	slo_ynode *root;

	(void)state;
	d = load("a: ~\nb: null\nc:\nd: 'null'\ne: [1]\n", &err);
	root = slo_ydoc_root(d, 0);
	assert_true(slo_ynode_is_null(slo_ynode_get(root, "a")));
	assert_true(slo_ynode_is_null(slo_ynode_get(root, "b")));
	assert_true(slo_ynode_is_null(slo_ynode_get(root, "c")));
	assert_false(slo_ynode_is_null(slo_ynode_get(root, "d")));
	assert_false(slo_ynode_is_null(slo_ynode_get(root, "e")));
	assert_true(slo_ynode_is_null(NULL));
	assert_int_equal(slo_ynode_expect(d, slo_ynode_get(root, "e"),
	    SLO_Y_SEQ, &err), SLO_OK);
	assert_int_equal(slo_ynode_expect(d, slo_ynode_get(root, "e"),
	    SLO_Y_MAP, &err), SLO_EINVAL);
	assert_string_equal(err.msg, "expected a map, got a list");
	assert_int_equal(err.line, 5);
	assert_int_equal(slo_ynode_expect(d, slo_ynode_get(root, "a"),
	    SLO_Y_SCALAR, &err), SLO_EINVAL);
	assert_string_equal(err.msg, "expected a scalar, got nothing");
	slo_ynode_error(d, root, SLO_EINVAL, &err, "custom %d", 7);
	assert_string_equal(err.msg, "custom 7");
	assert_string_equal(err.file, "t.yaml");
	slo_ydoc_free(d);
}

static void
test_kv(void **state)
{
	static const char *const keys[] = { "name", "objective", "good" };
	static const char *const vals[] = { "adhoc", "99.9", "status < 500" };
	static const char *const dupk[] = { "name", "name" };
	slo_error err;
	slo_ydoc *d;
	slo_ynode *root;
	double x;

	(void)state;
	d = slo_ydoc_new_kv("command line", keys, vals, 3, &err);
	assert_non_null(d);
	root = slo_ydoc_root(d, 0);
	assert_int_equal(root->n, 3);
	assert_int_equal(slo_ynode_number(d, slo_ynode_get(root, "objective"),
	    &x, &err), SLO_OK);
	assert_true(x == 99.9);
	assert_int_equal(slo_ynode_get(root, "good")->line, 3);
	slo_ydoc_free(d);
	assert_null(slo_ydoc_new_kv("command line", dupk, vals, 2, &err));
	assert_string_equal(err.msg, "duplicate key 'name'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_aliases_shared),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_large_without_aliases),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_bools),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_no_content_echoed),
		cmocka_unit_test(test_scalar_positions),
		cmocka_unit_test(test_expect_null),
		cmocka_unit_test(test_kv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
