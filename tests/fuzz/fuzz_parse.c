/*
 * fuzz_parse.c: the line classifier, the record splitter and every value
 * converter of parse.c.
 *
 * Input: one control byte, then lines.
 *   bits 0-1  the starting format: 0 the default v2, 1 the 29 v5 names,
 *             2 the v5 LogFormat (${...}), 3 the first line is the
 *             --format text (the default if it does not parse)
 *   bits 2-4  rec->want, the columns the caller reads: 0 all, -1 none,
 *             else one of 1 4 14 15 29 MAXCOLS+1
 *   bits 5-7  where find_literal looks for the line's first token (or
 *             its first 1..7 bytes): in the rest of the line, with or
 *             without case
 * Each line goes through line_classify as in flowgrep.c (headers switch
 * the format, tab-joined messages are split); every field of a record
 * is read as text, integer, time and address, and the line and its
 * tokens are also given to the parsers of values directly.  Results
 * are checked against what the functions promise.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>

#include "fuzz_common.h"
#include "../ref_ipv4.h"

/* May the caller read fid, given the columns it said it reads? */
static bool
readable(const struct record *r, int fid)
{
	const struct format *fmt = r->fmt;
	int c;

	if (r->want < 0)
		return fid == F_TIMESTAMP || fid == F_LOGSTREAM;
	if (r->want == 0 || r->want >= MAXCOLS)
		return true;
	if (fid == F_DURATION)
		return readable(r, F_START) && readable(r, F_END);
	c = fid >= 0 && fid < MAXFIELDS ? fmt->col_of[fid] : -1;
	return c < r->want;
}

static void
check_addr_roundtrip(const struct addr *a)
{
	char buf[64];
	struct addr b;
	size_t k = format_addr(a, buf);

	CHECK(k > 0 && k < sizeof buf && strlen(buf) == k);
	CHECK(parse_addr(buf, k, &b));
	CHECK(addr_cmp(a, &b) == 0);
	CHECK(addr_is_v4(a) == (memchr(buf, ':', k) == NULL));
}

static void
check_uint_type(int fid, uint64_t v)
{
	const struct field_info *fi = field_get(fid);

	if (fid == F_DURATION || fi == NULL)
		return;
	switch (fi->type) {
	case T_PORT:
		CHECK(v <= 65535);
		break;
	case T_PROTO: case T_FLAGS: case T_TPATH:
		CHECK(v <= 255);
		break;
	default:
		break;
	}
}

/* Read fid every way there is. */
static void
read_field(const struct record *r, int fid)
{
	struct slice s;
	uint64_t u;
	int64_t ms;
	struct addr a;
	enum valstate st;
	bool text;
	int c = fid >= 0 && fid < MAXFIELDS ? r->fmt->col_of[fid] : -1;

	text = rec_text(r, fid, &s);
	if (text) {
		CHECK(s.p != NULL);
		if (fid == F_TIMESTAMP || fid == F_LOGSTREAM)
			CHECK(inside(s, r->line.p, r->line.n));
		else
			CHECK(inside(s, r->body.p, r->body.n));
		touch(s);
	}
	if (c >= 0 && c < r->nstored && fid != F_TIMESTAMP &&
	    fid != F_LOGSTREAM)
		CHECK(text == !(rec_col(r, c).n == 1 && rec_col(r, c).p[0] == '-'));

	st = rec_uint(r, fid, &u);
	CHECK(st == V_OK || st == V_MISSING || st == V_BAD);
	if (fid != F_DURATION)
		CHECK((st == V_MISSING) == !text);
	if (st == V_OK) {
		check_uint_type(fid, u);
		if (fid == F_DURATION) {
			uint64_t a0, b0;

			CHECK(rec_uint(r, F_START, &a0) == V_OK &&
			    rec_uint(r, F_END, &b0) == V_OK && b0 - a0 == u);
		}
	}
	/* expr.c asks only for times (rec_uint of others may be > INT64_MAX/1000) */
	if (fid == F_TIMESTAMP || (field_get(fid) != NULL &&
	    field_get(fid)->type == T_TIME)) {
		st = rec_time_ms(r, fid, &ms);
		CHECK(st == V_OK || st == V_MISSING || st == V_BAD);
	}
	st = rec_addr(r, fid, &a);
	CHECK(st == V_OK || st == V_MISSING || st == V_BAD);
	if (st == V_OK)
		check_addr_roundtrip(&a);
}

static void
on_record(struct drive *d, struct record *r)
{
	(void)d;
	for (int f = -1; f <= F_LAST_PSEUDO + 1; f++)
		if (readable(r, f))
			read_field(r, f);
	for (int c = 0; c < r->fmt->ncols; c++)
		if (r->fmt->field_at[c] >= F_LAST_PSEUDO + 1 &&
		    readable(r, r->fmt->field_at[c]))
			read_field(r, r->fmt->field_at[c]);
	read_field(r, MAXFIELDS);
}

/* The parsers of values, on a text in a block of exactly n bytes. */
static void
check_values(const char *p, size_t n, int names)
{
	uint32_t v4, want4;
	uint64_t u;
	struct addr a, lo, hi;
	int64_t ms, span;
	int k, fid;
	char buf[64];

	if (parse_uint(p, n, &u)) {
		size_t z = 0;

		while (z + 1 < n && p[z] == '0')
			z++;
		CHECK(n <= 20);
		snprintf(buf, sizeof buf, "%" PRIu64, u);
		CHECK(strlen(buf) == n - z && memcmp(buf, p + z, n - z) == 0);
		check_uint_type(F_SRCPORT, u & 0xffff);
		k = (int)tcpflags_render((unsigned)u, buf);
		CHECK(k > 0 && (size_t)k == strlen(buf));
		(void)proto_name((unsigned)u);
		(void)tpath_name((unsigned)u);
	}
	CHECK(parse_ipv4(p, n, &v4) == ref_ipv4(p, n, &want4));
	if (ref_ipv4(p, n, &want4))
		CHECK(v4 == want4);
	if (parse_addr(p, n, &a))
		check_addr_roundtrip(&a);
	if ((k = parse_cidr(p, n, &lo, &hi)) >= 0) {
		CHECK(k <= 128);
		CHECK(addr_cmp(&lo, &hi) <= 0);
		check_addr_roundtrip(&lo);
		check_addr_roundtrip(&hi);
	}
	if (parse_iso_time(p, n, &ms, &span))
		CHECK(span == 1 || span == 10 || span == 100 || span == 1000 ||
		    span == 60000 || span == 86400000);
	if (names == 0)
		return;
	/* the dictionary is searched linearly: only for a few tokens */
	(void)format_is_header(p, n);
	if ((fid = field_lookup(p, n)) >= 0)
		CHECK(field_get(fid) != NULL && field_get(fid)->name != NULL);
	if (names > 1 && (fid = field_suggest(p, n)) >= 0)
		CHECK(field_is_known(fid));
	if ((k = proto_lookup(p, n)) >= 0)
		CHECK(k <= 255 && proto_name((unsigned)k) != NULL);
	if ((k = tcpflag_lookup(p, n)) >= 0)
		CHECK(k > 0 && k <= 128 && (k & (k - 1)) == 0);
	if ((k = tpath_lookup(p, n)) >= 0)
		CHECK(tpath_name((unsigned)k) != NULL);
}

/*
 * The line, and each of its first 64 tokens, to the value parsers; the
 * name lookups (a linear search folding every name, and an edit distance
 * per known name) only for a short line: they are what makes this
 * harness slow, and fuzz_expr exercises them on every field name.
 */
static void
check_tokens(const uint8_t *p, size_t n)
{
	size_t i = 0;
	int ntok = 0;
	char *c = exact_copy(p, n);

	check_values(c, n, n <= 32 ? 2 : n <= 64);
	free(c);
	while (i < n && ntok < 64) {
		size_t start;

		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		start = i;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		if (i == start)
			break;
		c = exact_copy(p + start, i - start);
		check_values(c, i - start, 0);
		free(c);
		ntok++;
	}
}

/* What find_literal should return: the first place of lit, or NULL. */
static const char *
naive_find(const char *p, size_t n, const char *lit, size_t k, bool icase)
{
	if (k == 0)
		return p;
	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;

		while (j < k && (icase ? tolower((unsigned char)p[i + j]) ==
		    tolower((unsigned char)lit[j]) : p[i + j] == lit[j]))
			j++;
		if (j == k)
			return p + i;
	}
	return NULL;
}

/*
 * The literal prefilter's search: a literal taken from the line (it never
 * holds a NUL, being cut from an expression), sought in the line and in
 * the rest of it, each in a block of exactly its size.
 */
static void
check_find(const uint8_t *p, size_t n, unsigned how, bool icase)
{
	size_t k = 0;
	char *lit, *hay;

	if (how == 0)
		while (k < n && p[k] != ' ' && p[k] != '\t')
			k++;
	else if ((k = how) > n)
		return;
	if (memchr(p, '\0', k) != NULL)
		return;
	lit = exact_copy(p, k);
	hay = exact_copy(p, n);
	CHECK(find_literal(hay, n, lit, k, icase) ==
	    naive_find(hay, n, lit, k, icase));
	CHECK(k == 0 || find_literal(hay, n, lit, k, icase) == hay);
	free(hay);
	hay = exact_copy(p + k, n - k);
	CHECK(find_literal(hay, n - k, lit, k, icase) ==
	    naive_find(hay, n - k, lit, k, icase));
	free(hay);
	free(lit);
}

static int want_choice;

static int
want_of(struct drive *d, const struct format *fmt)
{
	static const int wants[] = { 0, -1, 1, 4, 14, 15, 29, MAXCOLS + 1 };

	(void)d;
	(void)fmt;
	return wants[want_choice & 7];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct drive d;
	struct lines ls;
	const uint8_t *p;
	size_t n;
	unsigned ctl;

	fresh_dictionary();

	if (size == 0)
		return 0;
	ctl = data[0];
	data++;
	size--;
	want_choice = (int)(ctl >> 2 & 7);
	drive_init(&d, (int)(ctl & 3), on_record, NULL);
	d.want_of = want_of;
	ls = (struct lines){ data, size, 0 };
	if ((ctl & 3) == 3 && next_line(&ls, &p, &n)) {
		char err[96], *text = exact_copy(p, n);

		if (format_parse(&d.base, text, n, err, sizeof err) < 0) {
			CHECK(memchr(err, '\0', sizeof err) != NULL);
			format_default(&d.base);
		} else {
			CHECK(d.base.ncols > 0 && d.base.ncols <= MAXCOLS);
			for (int c = 0; c < d.base.ncols; c++) {
				int f = d.base.field_at[c];

				CHECK(f >= 0 && f < field_mark());
				CHECK(d.base.col_of[f] >= 0 &&
				    d.base.col_of[f] <= c);
				CHECK(d.base.name_at[c] != NULL);
			}
		}
		free(text);
	}
	for (unsigned lineno = 0; next_line(&ls, &p, &n); lineno++) {
		char *line = exact_copy(p, n);

		check_tokens(p, n);
		check_find(p, n, ctl >> 5 & 7, lineno & 1);
		drive_line(&d, line, n);
		free(line);
	}
	drive_free(&d);
	return 0;
}
