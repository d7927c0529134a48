/*
 * pushdown.c: the compiled expression as a query for the engines where
 * flow logs live: a CloudWatch Logs filter pattern, a Logs Insights
 * query, Athena (Trino) SQL.
 *
 * Every target reads the lowered tree that the evaluator runs, so the
 * language is parsed and checked once.  What keeps a translation safe:
 * once not is pushed down into the tests, and and or are monotone, so a
 * test replaced by true can only select more.  Insights and Athena say
 * every test exactly, or the translation fails and names the construct;
 * a filter pattern cannot say much, and what it cannot say becomes true:
 * a superset, with a note, that flowgrep after the pipe makes exact.
 *
 * A test that reads two sides (addr, port) is the or of its sides, or
 * when negated the and of the negated sides; that is exactly how the
 * evaluator judges it, missing values included.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flowgrep.h"

#define FP_MAX_LEN 1024         /* FilterPattern, in the Logs API */
#define FP_MAX_REGEX 2          /* regular expressions per pattern */
#define FP_MAX_ALTS 16          /* alternatives a slot may list */
#define INSIGHTS_MAX_LEN 10000  /* QueryString of StartQuery */
#define ATHENA_MAX_LEN 262144   /* QueryString of StartQueryExecution */
#define MAX_EXACT_DOUBLE (1ULL << 53)

/* --- text ---------------------------------------------------------- */

/* A quoted literal: q around it, q and backslash escaped by backslash. */
static void
put_quoted(struct strbuf *b, char q, const char *s, size_t n)
{
	sb_add(b, &q, 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == q || s[i] == '\\')
			sb_add(b, "\\", 1);
		sb_add(b, s + i, 1);
	}
	sb_add(b, &q, 1);
}

/* An SQL string literal: quotes doubled, backslash is plain. */
static void
put_sql_string(struct strbuf *b, const char *s, size_t n)
{
	sb_add(b, "'", 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			sb_add(b, "'", 1);
		sb_add(b, s + i, 1);
	}
	sb_add(b, "'", 1);
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* --- the translation's state ----------------------------------------- */

struct pd {
	enum pushdown_target to;
	const struct format *fmt;
	const struct pushdown_opts *o;
	bool failed;
	char *err;
	size_t errlen;
	struct strbuf notes;      /* what a filter pattern does not say */
	struct strbuf info;       /* what the caller should know all the same */
};

static void
fail(struct pd *pd, const char *fmt, ...)
{
	va_list ap;

	if (pd->failed)
		return;
	pd->failed = true;
	va_start(ap, fmt);
	vsnprintf(pd->err, pd->errlen, fmt, ap);
	va_end(ap);
}

static const char *
fname(int fid)
{
	return field_get(fid)->name;
}

static void
add_once(struct strbuf *b, const char *line)
{
	if (b->p != NULL && strstr(b->p, line) != NULL)
		return;
	if (b->n > 0)
		sb_puts(b, "; ");
	sb_puts(b, line);
}

/* A reason why a filter pattern selects more, said once. */
static void
note(struct pd *pd, const char *fmt, ...)
{
	char line[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	add_once(&pd->notes, line);
}

/* A field the format lacks: the translation is exact, but say so. */
static void
note_absent(struct pd *pd, int fid)
{
	char line[320];

	snprintf(line, sizeof line, "the format has no field '%s': it is "
	    "missing in every record", fname(fid));
	add_once(&pd->info, line);
}

/* How a node reads, for messages: the explain text, else the field. */
static const char *
shown(const struct node *n)
{
	return n->explain != NULL ? n->explain : fname(n->t->fid);
}

/* Does the record layout of this target have the field? */
static bool
has_field(const struct pd *pd, int fid)
{
	if (fid == F_DURATION)
		return has_field(pd, F_START) && has_field(pd, F_END);
	if (pd->to == TO_ATHENA && !pd->o->custom_format)
		return fid < F_TIMESTAMP;	/* the AWS table: versions 2 to 5 */
	return fid < MAXFIELDS && pd->fmt->col_of[fid] >= 0;
}

/* The largest valid value of a numeric field, as flowgrep reads it. */
static uint64_t
type_max(int fid)
{
	switch (field_get(fid)->type) {
	case T_PORT:
		return 65535;
	case T_PROTO: case T_FLAGS: case T_TPATH:
		return 255;
	case T_TIME:
		return (uint64_t)INT64_MAX / 1000;
	default:
		return UINT64_MAX;
	}
}

/* --- value sets ------------------------------------------------------ */

/* Sorted disjoint ranges of the values a numeric test wants. */
struct rset {
	struct urange *r;
	size_t n, cap;
};

static void
rset_add(struct rset *s, uint64_t lo, uint64_t hi)
{
	if (s->n > 0 && (lo <= s->r[s->n - 1].hi ||
	    lo - 1 == s->r[s->n - 1].hi)) {
		if (hi > s->r[s->n - 1].hi)
			s->r[s->n - 1].hi = hi;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->r = xreallocarray(s->r, s->cap, sizeof *s->r);
	}
	s->r[s->n].lo = lo;
	s->r[s->n++].hi = hi;
}

/*
 * The ranges of t in the unit the record stores (seconds for start and
 * end, milliseconds for @timestamp), within [0, max].  Times are kept
 * as keys of milliseconds: a whole second s is in [lo, hi] when s*1000
 * is, so the bounds round inwards.
 */
static void
test_ranges(const struct test *t, int fid, uint64_t max, struct rset *s)
{
	for (size_t i = 0; i < t->nur; i++) {
		uint64_t lo = t->ur[i].lo, hi = t->ur[i].hi;

		if (t->time) {
			int64_t a = time_of_key(lo), b = time_of_key(hi);

			if (b < 0)
				continue;
			if (a < 0)
				a = 0;
			if (fid != F_TIMESTAMP) {
				a = a / 1000 + (a % 1000 != 0);
				b = b / 1000;
				if (a > b)
					continue;
			}
			lo = (uint64_t)a;
			hi = (uint64_t)b;
		}
		if (lo > max)
			continue;
		rset_add(s, lo, hi < max ? hi : max);
	}
}

/* The values 0..max of which all the bits of one of t's masks are set. */
static void
mask_values(const struct test *t, uint64_t max, struct rset *s)
{
	struct rset both = { 0 };
	size_t i = 0;

	for (uint64_t v = 0; v <= max && v <= 255; v++)
		for (size_t k = 0; k < t->nmasks; k++)
			if ((v & t->masks[k]) == t->masks[k]) {
				/* merge with the ranges, keeping the order */
				while (i < s->n && s->r[i].lo <= v) {
					rset_add(&both, s->r[i].lo, s->r[i].hi);
					i++;
				}
				rset_add(&both, v, v);
				break;
			}
	for (; i < s->n; i++)
		rset_add(&both, s->r[i].lo, s->r[i].hi);
	free(s->r);
	*s = both;
}

/* The values of [0, max] that are not in s. */
static void
rset_complement(struct rset *s, uint64_t max)
{
	struct rset c = { 0 };
	uint64_t next = 0;
	bool done = false;

	for (size_t i = 0; i < s->n && !done; i++) {
		if (s->r[i].lo > next)
			rset_add(&c, next, s->r[i].lo - 1);
		if (s->r[i].hi >= max)
			done = true;
		else
			next = s->r[i].hi + 1;
	}
	if (!done)
		rset_add(&c, next, max);
	free(s->r);
	*s = c;
}

static uint64_t
rset_points(const struct rset *s)
{
	uint64_t k = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->r[i].hi - s->r[i].lo >= 1000000)
			return UINT64_MAX;
		k += s->r[i].hi - s->r[i].lo + 1;
	}
	return k;
}

/* --- address blocks ----------------------------------------------------- */

/* A CIDR block: plen of 128 bits; an IPv4 block lies in ::ffff:0:0/96. */
struct block {
	struct addr a;
	int plen;
};

struct blocks {
	struct block *b;
	size_t n, cap;
};

static const struct addr v4lo = { 0, 0xffff00000000ULL };
static const struct addr v4hi = { 0, 0xffffffffffffULL };

/* The low bits of an address, bits of them set. */
static struct addr
low_bits(int bits)
{
	struct addr m = { 0, 0 };

	if (bits >= 128)
		m.hi = m.lo = ~0ULL;
	else if (bits >= 64) {
		m.lo = ~0ULL;
		m.hi = bits == 64 ? 0 : ~0ULL >> (128 - bits);
	} else if (bits > 0)
		m.lo = ~0ULL >> (64 - bits);
	return m;
}

static void
blocks_add(struct blocks *bs, struct addr a, int plen)
{
	if (bs->n == bs->cap) {
		bs->cap = bs->cap ? bs->cap * 2 : 8;
		bs->b = xreallocarray(bs->b, bs->cap, sizeof *bs->b);
	}
	bs->b[bs->n].a = a;
	bs->b[bs->n++].plen = plen;
}

/* [lo, hi] as the fewest CIDR blocks, largest first where they fit. */
static void
range_blocks(struct addr lo, struct addr hi, struct blocks *bs)
{
	for (;;) {
		int bits = 128;
		struct addr m, end;

		for (;; bits--) {
			m = low_bits(bits);
			end = (struct addr){ lo.hi | m.hi, lo.lo | m.lo };
			if ((lo.hi & m.hi) == 0 && (lo.lo & m.lo) == 0 &&
			    addr_cmp(&end, &hi) <= 0)
				break;
		}
		blocks_add(bs, lo, 128 - bits);
		if (addr_cmp(&end, &hi) >= 0)
			return;
		lo = end;
		if (++lo.lo == 0)
			lo.hi++;
	}
}

static bool
block_is_v4(const struct block *b)
{
	return b->plen >= 96 && addr_is_v4(&b->a);
}

static int
cmp_arange(const void *a, const void *b)
{
	const struct arange *x = a, *y = b;

	return addr_cmp(&x->lo, &y->lo);
}

/* The IPv6 blocks of r: those not inside ::ffff:0:0/96. */
static void
range_six_blocks(struct arange r, struct blocks *bs)
{
	struct blocks all = { 0 };

	range_blocks(r.lo, r.hi, &all);
	for (size_t i = 0; i < all.n; i++)
		if (!block_is_v4(&all.b[i]))
			blocks_add(bs, all.b[i].a, all.b[i].plen);
	free(all.b);
}

/*
 * The blocks of a test's address ranges, IPv4 ones first.  An address
 * in ::ffff:0:0/96 is IPv4, to flowgrep as to Trino and Insights, which
 * keep the families apart: an IPv4 address is never in an IPv6 block.
 * So the IPv4 part of the ranges gets IPv4 blocks of its own, and for
 * the IPv6 blocks that part may as well be filled in: ::/0 stays one
 * block, with or without 0.0.0.0/0 carved out of it.
 */
/* Does b start within a, or right after it? */
static bool
adjoins(const struct arange *a, const struct arange *b)
{
	struct addr next = a->hi;

	if (addr_cmp(&b->lo, &a->hi) <= 0)
		return true;
	if (++next.lo == 0)
		next.hi++;
	return addr_cmp(&b->lo, &next) == 0;
}

static void
test_blocks(const struct test *t, struct blocks *bs)
{
	struct arange *six = xcalloc(t->nar + 1, sizeof *six);
	size_t n = 0;

	for (size_t i = 0; i < t->nar4; i++)	/* IPv4, in 32 bits */
		range_blocks((struct addr){ 0, v4lo.lo | t->ar4[i].lo },
		    (struct addr){ 0, v4lo.lo | t->ar4[i].hi }, bs);
	for (size_t i = 0; i < t->nar; i++) {
		struct addr lo = t->ar[i].lo, hi = t->ar[i].hi;

		if (addr_cmp(&hi, &v4lo) >= 0 && addr_cmp(&lo, &v4hi) <= 0)
			range_blocks(addr_cmp(&lo, &v4lo) > 0 ? lo : v4lo,
			    addr_cmp(&hi, &v4hi) < 0 ? hi : v4hi, bs);
		six[n++] = t->ar[i];
	}
	six[n++] = (struct arange){ v4lo, v4hi };	/* the fill */
	qsort(six, n, sizeof *six, cmp_arange);
	for (size_t i = 0; i < n; ) {
		struct arange r = six[i++];

		for (; i < n && adjoins(&r, &six[i]); i++)
			if (addr_cmp(&six[i].hi, &r.hi) > 0)
				r.hi = six[i].hi;
		range_six_blocks(r, bs);
	}
	free(six);
}


/* The block as text: 10.0.0.0/8, 2001:db8::/32. */
static void
put_block(struct strbuf *out, const struct block *b)
{
	char a[64];

	format_addr(&b->a, a);
	sb_printf(out, "%s/%d", a, block_is_v4(b) ? b->plen - 96 : b->plen);
}

/* --- regular expressions --------------------------------------------- */

/*
 * A PCRE2 construct that the target's regex engine lacks, or NULL.
 * Trino has Java's syntax; Insights has Hyperscan's, which matches
 * without backtracking.  The scan is deliberately plain: it looks at
 * the group openers and escapes, which is where the dialects part.
 */
static const char *
regex_lacks(const char *p, size_t n, enum pushdown_target to)
{
	bool java = to == TO_ATHENA;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n) {
			char c = p[++i];

			if (c == 'K')
				return "\\K (reset the match start)";
			if (c == 'g' || (c >= '1' && c <= '9') || c == 'k')
				return java && c != 'g' ? NULL :
				    "a back-reference";
			if (c == 'C' || c == 'R' || c == 'X')
				return java && c != 'C' ? NULL :
				    "\\C, \\R or \\X";
			continue;
		}
		if (p[i] == '[') {	/* skip a class: ( inside is plain */
			size_t j = i + 1;

			if (j < n && p[j] == '^')
				j++;
			if (j < n && p[j] == ']')
				j++;
			while (j < n && p[j] != ']') {
				if (p[j] == '\\')
					j++;
				j++;
			}
			i = j;
			continue;
		}
		if (p[i] == '(' && i + 1 < n && p[i + 1] == '*')
			return "a backtracking verb (*...)";
		if (p[i] == '(' && i + 2 < n && p[i + 1] == '?') {
			const char *q = p + i + 2;
			size_t left = n - i - 2;

			if (*q == '=' || *q == '!' || (left > 1 && *q == '<' &&
			    (q[1] == '=' || q[1] == '!')))
				return java ? NULL : "a lookaround assertion";
			if (*q == '>')
				return java ? NULL : "an atomic group";
			if (*q == '|')
				return "a branch reset group (?|...)";
			if (*q == '(')
				return "a conditional group (?(...)...)";
			if (*q == 'R' || *q == '&' || (*q >= '0' && *q <= '9') ||
			    *q == '+' || *q == '-' ? (*q == '-' || *q == '+' ?
			    left > 1 && q[1] >= '0' && q[1] <= '9' : true) : false)
				return "a recursion or subroutine call";
			if (left > 1 && *q == 'P' && (q[1] == '>' || q[1] == '='))
				return "a recursion or subroutine call";
			if (left > 1 && *q == 'P' && q[1] == '<')
				return java ? "a (?P<name>...) group" : NULL;
		}
		if (!java && (p[i] == '+') && i > 0 &&
		    strchr("*+?}", p[i - 1]) != NULL && (i < 2 ||
		    p[i - 2] != '\\'))
			return "a possessive quantifier";
	}
	return NULL;
}

/* --- Athena (Trino) SQL ------------------------------------------------- */

/* Trino's reserved words that a column could be named. */
static bool
sql_reserved(const char *s)
{
	static const char *const words[] = { "all", "and", "as", "between",
		"by", "case", "cast", "date", "describe", "distinct", "else",
		"end", "escape", "except", "exists", "extract", "false", "for",
		"from", "group", "having", "in", "is", "join", "like", "not",
		"null", "on", "or", "order", "select", "skip", "table", "then",
		"true", "union", "values", "when", "where", "with" };

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/*
 * The column of a field: its name with - as _, as the AWS documentation
 * names them; double-quoted when it is a reserved word ("end") or not a
 * plain lower-case name.
 */
static void
put_column(struct strbuf *out, int fid)
{
	const char *name = fname(fid);
	char col[128];
	size_t k = 0;
	bool plain = true;

	/* Athena keeps column names in lower case */
	for (size_t i = 0; name[i] != '\0' && k + 1 < sizeof col; i++) {
		char c = name[i] == '-' ? '_' : (char)ascii_lower(name[i]);

		if (!((c >= 'a' && c <= 'z') || c == '_' ||
		    (i > 0 && c >= '0' && c <= '9')))
			plain = false;
		col[k++] = c;
	}
	col[k] = '\0';
	if (plain && !sql_reserved(col))
		sb_puts(out, col);
	else
		put_quoted(out, '"', col, k);
}

/* The column types of the AWS CREATE TABLE, and the same rule beyond. */
enum sqltype { SQL_INT, SQL_BIGINT, SQL_STRING };

static enum sqltype
sql_type(int fid)
{
	switch (fid) {
	case F_VERSION: case F_SRCPORT: case F_DSTPORT: case F_TCP_FLAGS:
	case F_TRAFFIC_PATH:
		return SQL_INT;
	default:
		break;
	}
	switch (field_get(fid)->type) {
	case T_INT: case T_COUNT: case T_PORT: case T_PROTO: case T_FLAGS:
	case T_TPATH: case T_TIME:
		return SQL_BIGINT;
	default:
		return SQL_STRING;
	}
}

/* The largest value a test may compare with: the field's and column's. */
static uint64_t
sql_max(int fid)
{
	uint64_t m = type_max(fid);
	uint64_t col = fid == F_DURATION || sql_type(fid) == SQL_BIGINT ?
	    (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;

	return m < col ? m : col;
}

/*
 * The value of a field as SQL: strings with - as NULL (a text column
 * keeps the -, where LazySimpleSerDe has already made it NULL in a
 * number column), addresses as IPADDRESS (TRY_CAST: a plain CAST of
 * '-' would fail the whole query), duration only when end >= start.
 */
static void
sql_value(struct strbuf *out, int fid, enum tkind kind)
{
	if (fid == F_DURATION) {
		sb_puts(out, "CASE WHEN \"end\" >= \"start\" THEN \"end\" - "
		    "\"start\" END");
		return;
	}
	if (sql_type(fid) != SQL_STRING) {
		if (kind == K_REGEX) {
			sb_puts(out, "CAST(");
			put_column(out, fid);
			sb_puts(out, " AS VARCHAR)");
		} else
			put_column(out, fid);
		return;
	}
	if (field_get(fid)->type == T_ADDR && kind != K_REGEX &&
	    kind != K_STR)
		sb_puts(out, "TRY_CAST(");
	sb_puts(out, "NULLIF(");
	put_column(out, fid);
	sb_puts(out, ", '-')");
	if (field_get(fid)->type == T_ADDR && kind != K_REGEX &&
	    kind != K_STR)
		sb_puts(out, " AS IPADDRESS)");
}

/* A condition: constant, or text that is one term or needs brackets. */
enum ckind { C_FALSE, C_TRUE, C_TEXT };

struct cond {
	enum ckind kind;
	struct strbuf text;
	bool compound;        /* an and/or at its top */
};

static void
cond_text(struct cond *c, bool compound)
{
	c->kind = C_TEXT;
	c->compound = compound;
}

/* Terms joined by OR, in brackets when there are several. */
struct terms {
	struct strbuf text;
	int n;
};

static void
term_next(struct terms *ts)
{
	if (ts->n++ > 0)
		sb_puts(&ts->text, " OR ");
}

/*
 * The terms as the condition c, negated when neg.  No terms is false;
 * negated, it is "present", which the caller says in its own way.
 */
static void
terms_close(struct terms *ts, struct cond *c, bool neg)
{
	if (ts->n == 0) {
		c->kind = C_FALSE;
		sb_free(&ts->text);
		return;
	}
	/* NOT binds looser than a comparison: NOT x IN (...) is fine */
	cond_text(c, ts->n > 1 && !neg);
	if (neg)
		sb_puts(&c->text, ts->n > 1 ? "NOT (" : "NOT ");
	sb_add(&c->text, ts->text.p, ts->text.n);
	if (neg && ts->n > 1)
		sb_puts(&c->text, ")");
	sb_free(&ts->text);
}

/* Ranges of numbers as IN, BETWEEN, >= and <= terms. */
static void
sql_ranges(struct terms *ts, const struct strbuf *v, const struct rset *s,
    uint64_t max)
{
	int points = 0;

	for (size_t i = 0; i < s->n; i++)
		points += s->r[i].lo == s->r[i].hi;
	if (points > 0) {
		term_next(ts);
		sb_add(&ts->text, v->p, v->n);
		if (points == 1) {
			for (size_t i = 0; i < s->n; i++)
				if (s->r[i].lo == s->r[i].hi)
					sb_printf(&ts->text, " = %llu",
					    (unsigned long long)s->r[i].lo);
		} else {
			sb_puts(&ts->text, " IN (");
			for (size_t i = 0, k = 0; i < s->n; i++)
				if (s->r[i].lo == s->r[i].hi)
					sb_printf(&ts->text, "%s%llu", k++ ? ", " : "",
					    (unsigned long long)s->r[i].lo);
			sb_puts(&ts->text, ")");
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		unsigned long long lo = s->r[i].lo, hi = s->r[i].hi;

		if (lo == hi)
			continue;
		term_next(ts);
		sb_add(&ts->text, v->p, v->n);
		if (hi >= max)
			sb_printf(&ts->text, " >= %llu", lo);
		else if (lo == 0)
			sb_printf(&ts->text, " <= %llu", hi);
		else
			sb_printf(&ts->text, " BETWEEN %llu AND %llu", lo, hi);
	}
}

static void
sql_num(struct cond *c, const struct test *t, int fid, bool neg)
{
	struct strbuf v = { 0 };
	struct terms ts = { 0 };
	struct rset s = { 0 };
	uint64_t max = sql_max(fid);

	sql_value(&v, fid, K_NUM);
	test_ranges(t, fid, max, &s);
	if (t->nmasks == 0 && neg)	/* as its complement: no NOT */
		rset_complement(&s, max);
	sql_ranges(&ts, &v, &s, max);
	for (size_t i = 0; i < t->nmasks; i++) {
		term_next(&ts);
		sb_printf(&ts.text, "bitwise_and(%s, %u) = %u", v.p, t->masks[i],
		    t->masks[i]);
	}
	if (t->nmasks == 0 && neg && ts.n == 0)
		c->kind = C_FALSE;
	else
		terms_close(&ts, c, neg && t->nmasks > 0);
	free(s.r);
	sb_free(&v);
}

static void
sql_addr(struct cond *c, const struct test *t, int fid, bool neg)
{
	struct strbuf v = { 0 };
	struct terms ts = { 0 };
	struct blocks bs = { 0 };

	sql_value(&v, fid, K_ADDR);
	test_blocks(t, &bs);
	for (size_t i = 0; i < bs.n; i++) {
		term_next(&ts);
		sb_puts(&ts.text, "contains('");
		put_block(&ts.text, &bs.b[i]);
		sb_printf(&ts.text, "', %s)", v.p);
	}
	if (neg && ts.n == 0) {
		cond_text(c, false);
		sb_printf(&c->text, "%s IS NOT NULL", v.p);
		sb_free(&ts.text);
	} else
		terms_close(&ts, c, neg);
	free(bs.b);
	sb_free(&v);
}

/* A glob as a LIKE pattern: % for *, and \ before % _ \ of the text. */
static void
put_like(struct strbuf *out, const char *p, size_t n, bool lower)
{
	struct strbuf pat = { 0 };

	for (size_t i = 0; i < n; i++) {
		char c = lower ? (char)ascii_lower((unsigned char)p[i]) : p[i];

		if (c == '*')
			sb_add(&pat, "%", 1);
		else {
			if (c == '%' || c == '_' || c == '\\')
				sb_add(&pat, "\\", 1);
			sb_add(&pat, &c, 1);
		}
	}
	put_sql_string(out, pat.p != NULL ? pat.p : "", pat.n);
	sb_puts(out, " ESCAPE '\\'");
	sb_free(&pat);
}

static void
put_sql_lower_string(struct strbuf *out, const struct slice *s, bool lower)
{
	char *copy = xstrndup(s->p, s->n);

	if (lower)
		for (size_t i = 0; i < s->n; i++)
			copy[i] = (char)ascii_lower((unsigned char)copy[i]);
	put_sql_string(out, copy, s->n);
	free(copy);
}

static void
sql_str(struct cond *c, const struct test *t, int fid, bool neg)
{
	struct strbuf v = { 0 };
	struct terms ts = { 0 };

	if (t->icase)
		sb_puts(&v, "lower(");
	sql_value(&v, fid, K_STR);
	if (t->icase)
		sb_puts(&v, ")");
	if (t->nstrs > 0) {
		term_next(&ts);
		sb_add(&ts.text, v.p, v.n);
		sb_puts(&ts.text, t->nstrs == 1 ? " = " : " IN (");
		for (size_t i = 0; i < t->nstrs; i++) {
			if (i > 0)
				sb_puts(&ts.text, ", ");
			put_sql_lower_string(&ts.text, &t->strs[i], t->icase);
		}
		if (t->nstrs > 1)
			sb_puts(&ts.text, ")");
	}
	for (size_t i = 0; i < t->nglobs; i++) {
		term_next(&ts);
		sb_add(&ts.text, v.p, v.n);
		sb_puts(&ts.text, " LIKE ");
		put_like(&ts.text, t->globs[i].p, t->globs[i].n, t->icase);
	}
	if (neg && ts.n == 0) {
		cond_text(c, false);
		sb_printf(&c->text, "%s IS NOT NULL", v.p);
		sb_free(&ts.text);
	} else
		terms_close(&ts, c, neg);
	sb_free(&v);
}

static void
sql_regex(struct pd *pd, struct cond *c, const struct test *t, int fid,
    bool neg)
{
	const char *lacks = regex_lacks(t->pattern.p, t->pattern.n, TO_ATHENA);
	struct strbuf pat = { 0 };

	if (lacks != NULL) {
		fail(pd, "Athena cannot say %s ~ /%.*s/: Trino's regular "
		    "expressions have no %s", fname(t->fid), (int)t->pattern.n,
		    t->pattern.p, lacks);
		return;
	}
	if (t->icase)
		sb_puts(&pat, "(?i)");
	sb_add(&pat, t->pattern.p, t->pattern.n);
	cond_text(c, false);
	if (neg)
		sb_puts(&c->text, "NOT ");
	sb_puts(&c->text, "regexp_like(");
	sql_value(&c->text, fid, K_REGEX);
	sb_puts(&c->text, ", ");
	put_sql_string(&c->text, pat.p, pat.n);
	sb_puts(&c->text, ")");
	sb_free(&pat);
}

static void
sql_missing(struct cond *c, int fid, bool neg)
{
	cond_text(c, false);
	sql_value(&c->text, fid, K_MISSING);
	sb_puts(&c->text, neg ? " IS NOT NULL" : " IS NULL");
}

static enum relop
flip(enum relop r)
{
	static const enum relop flipped[] = { R_NE, R_EQ, R_GE, R_GT, R_LE,
		R_LT };

	return flipped[r];
}

static const char *const rel_text[] = { "=", "<>", "<", "<=", ">", ">=" };

static bool
is_numeric(int fid)
{
	enum ftype t = field_get(fid)->type;

	return t != T_STR && t != T_ENUM && t != T_ADDR;
}

/* field rel field; an address order needs both of one family. */
static void
sql_fields(struct cond *c, const struct test *t, int fid, bool neg)
{
	enum relop rel = neg ? flip(t->rel) : t->rel;
	bool addr = field_get(fid)->type == T_ADDR &&
	    field_get(t->rhs)->type == T_ADDR;
	bool words = field_get(fid)->type == T_ENUM &&
	    field_get(t->rhs)->type == T_ENUM;
	struct strbuf a = { 0 }, b = { 0 };

	if (words)
		sb_puts(&a, "lower("), sb_puts(&b, "lower(");
	sql_value(&a, fid, addr ? K_ADDR : K_FIELD);
	sql_value(&b, t->rhs, addr ? K_ADDR : K_FIELD);
	if (words)
		sb_puts(&a, ")"), sb_puts(&b, ")");
	cond_text(c, false);
	if (addr && rel != R_EQ && rel != R_NE) {
		sb_printf(&c->text, "(contains('0.0.0.0/0', %s) = contains("
		    "'0.0.0.0/0', %s) AND %s %s %s)", a.p, b.p, a.p,
		    rel_text[rel], b.p);
	} else
		sb_printf(&c->text, "%s %s %s", a.p, rel_text[rel], b.p);
	sb_free(&a);
	sb_free(&b);
}

/* One side of a test, as SQL. */
static void
sql_side(struct pd *pd, struct cond *c, const struct node *n, int fid,
    bool neg)
{
	const struct test *t = n->t;

	if (fid == F_TIMESTAMP || fid == F_LOGSTREAM) {
		fail(pd, "Athena cannot say %s: %s is a field of CloudWatch "
		    "Logs events, not of the flow-log records in S3", shown(n),
		    fname(fid));
		return;
	}
	if (!has_field(pd, fid) || (t->kind == K_FIELD &&
	    !has_field(pd, t->rhs))) {
		int f = !has_field(pd, fid) ? fid : t->rhs;

		fail(pd, "Athena cannot say %s: the table has no column for "
		    "%s (%s)", shown(n), fname(f), pd->o->custom_format ?
		    "the --format given has no such field" : "the AWS table "
		    "has the fields of versions 2 to 5; give --format for "
		    "others");
		return;
	}
	switch (t->kind) {
	case K_MISSING:
		sql_missing(c, fid, neg);
		break;
	case K_NUM:
		sql_num(c, t, fid, neg);
		break;
	case K_ADDR:
		sql_addr(c, t, fid, neg);
		break;
	case K_STR:
		sql_str(c, t, fid, neg);
		break;
	case K_REGEX:
		sql_regex(pd, c, t, fid, neg);
		break;
	case K_FIELD:
		sql_fields(c, t, fid, neg);
		break;
	}
}

/* --- Logs Insights ------------------------------------------------------ */

/* The name a parse step gives a field: fg_ and the name with _ for -. */
static void
put_ins_field(struct strbuf *out, int fid)
{
	const char *name = fname(fid);

	if (fid == F_TIMESTAMP) {
		sb_puts(out, "toMillis(@timestamp)");
		return;
	}
	if (fid == F_LOGSTREAM) {
		sb_puts(out, "@logStream");
		return;
	}
	sb_puts(out, "fg_");
	for (size_t i = 0; name[i] != '\0'; i++) {
		char c = name[i];

		if (!is_letter(c) && !(c >= '0' && c <= '9'))
			c = '_';
		sb_add(out, &c, 1);
	}
}

/* The value of fid, and its presence as a condition ("" when always). */
static void
ins_value(struct strbuf *v, struct strbuf *present, int fid)
{
	if (fid == F_DURATION) {
		sb_puts(v, "(fg_end - fg_start)");
		sb_puts(present, "fg_start != \"-\" and fg_end != \"-\" and "
		    "fg_end >= fg_start");
		return;
	}
	put_ins_field(v, fid);
	if (fid == F_TIMESTAMP || fid == F_LOGSTREAM)
		return;
	sb_add(present, v->p, v->n);
	sb_puts(present, " != \"-\"");
}

/* Insights: "present and test", or "present and not test". */
static void
ins_guard(struct cond *c, const struct strbuf *present, struct terms *ts,
    bool neg)
{
	cond_text(c, true);
	if (present->n > 0) {
		sb_add(&c->text, present->p, present->n);
		sb_puts(&c->text, " and ");
	} else
		c->compound = ts->n > 1 || neg;
	if (neg)
		sb_puts(&c->text, "not ");
	if (ts->n > 1 || neg)
		sb_puts(&c->text, "(");
	sb_add(&c->text, ts->text.p, ts->text.n);
	if (ts->n > 1 || neg)
		sb_puts(&c->text, ")");
}

static void
ins_next(struct terms *ts)
{
	if (ts->n++ > 0)
		sb_puts(&ts->text, " or ");
}

static void
ins_ranges(struct terms *ts, const struct strbuf *v, const struct rset *s,
    uint64_t max)
{
	int points = 0;

	for (size_t i = 0; i < s->n; i++)
		points += s->r[i].lo == s->r[i].hi;
	if (points > 0) {
		ins_next(ts);
		sb_add(&ts->text, v->p, v->n);
		sb_puts(&ts->text, points == 1 ? " = " : " in [");
		for (size_t i = 0, k = 0; i < s->n; i++)
			if (s->r[i].lo == s->r[i].hi)
				sb_printf(&ts->text, "%s%llu", k++ ? ", " : "",
				    (unsigned long long)s->r[i].lo);
		if (points > 1)
			sb_puts(&ts->text, "]");
	}
	for (size_t i = 0; i < s->n; i++) {
		unsigned long long lo = s->r[i].lo, hi = s->r[i].hi;

		if (lo == hi)
			continue;
		ins_next(ts);
		if (hi >= max)
			sb_printf(&ts->text, "%s >= %llu", v->p, lo);
		else if (lo == 0)
			sb_printf(&ts->text, "%s <= %llu", v->p, hi);
		else
			sb_printf(&ts->text, "(%s >= %llu and %s <= %llu)", v->p, lo,
			    v->p, hi);
	}
}

static void
ins_num(struct cond *c, const struct test *t, int fid, bool neg)
{
	struct strbuf v = { 0 }, present = { 0 };
	struct terms ts = { 0 };
	struct rset s = { 0 };
	uint64_t max = type_max(fid);

	ins_value(&v, &present, fid);
	test_ranges(t, fid, max, &s);
	/* no bitwise operators: the values with the bits, listed */
	if (t->nmasks > 0)
		mask_values(t, max, &s);
	if (neg)
		rset_complement(&s, max);
	ins_ranges(&ts, &v, &s, max);
	if (ts.n == 0)
		c->kind = C_FALSE;
	else if (s.n == 1 && s.r[0].lo == 0 && s.r[0].hi >= max) {
		/* every valid value */
		cond_text(c, false);
		sb_add(&c->text, present.n ? present.p : "1 = 1",
		    present.n ? present.n : 5);
		c->compound = present.n > 0 && fid == F_DURATION;
	} else
		ins_guard(c, &present, &ts, false);
	free(s.r);
	sb_free(&ts.text);
	sb_free(&v);
	sb_free(&present);
}

static void
ins_addr(struct cond *c, const struct test *t, int fid, bool neg)
{
	struct strbuf v = { 0 }, present = { 0 };
	struct terms ts = { 0 };
	struct blocks bs = { 0 };

	ins_value(&v, &present, fid);
	test_blocks(t, &bs);
	for (size_t i = 0; i < bs.n; i++) {
		ins_next(&ts);
		sb_printf(&ts.text, "%s(%s, \"", block_is_v4(&bs.b[i]) ?
		    "isIpv4InSubnet" : "isIpv6InSubnet", v.p);
		put_block(&ts.text, &bs.b[i]);
		sb_puts(&ts.text, "\")");
	}
	if (ts.n == 0) {
		if (neg) {
			cond_text(c, false);
			sb_printf(&c->text, "isValidIp(%s)", v.p);
		} else
			c->kind = C_FALSE;
	} else if (neg) {
		/* not in them, and an address: other text is missing */
		sb_free(&present);
		sb_printf(&present, "isValidIp(%s)", v.p);
		ins_guard(c, &present, &ts, true);
	} else {	/* a subnet test is false for - and other text */
		cond_text(c, ts.n > 1);
		sb_add(&c->text, ts.text.p, ts.text.n);
	}
	free(bs.b);
	sb_free(&ts.text);
	sb_free(&v);
	sb_free(&present);
}

/* Text for a /regex/ of Insights: / escaped. */
static void
put_ins_regex(struct strbuf *out, const char *p, size_t n, bool icase)
{
	sb_puts(out, "/");
	if (icase)
		sb_puts(out, "(?i)");
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n) {
			sb_add(out, p + i, 2);
			i++;
			continue;
		}
		if (p[i] == '/')
			sb_puts(out, "\\");
		sb_add(out, p + i, 1);
	}
	sb_puts(out, "/");
}

/* A glob as an anchored regex, the text between * quoted. */
static void
put_glob_regex(struct strbuf *out, const struct slice *g, bool icase)
{
	struct strbuf re = { 0 };

	sb_puts(&re, "^");
	for (size_t i = 0; i < g->n; i++) {
		if (g->p[i] == '*')
			sb_puts(&re, ".*");
		else {
			if (strchr("\\^$.|?+()[]{}/", g->p[i]) != NULL)
				sb_puts(&re, "\\");
			sb_add(&re, g->p + i, 1);
		}
	}
	sb_puts(&re, "$");
	/* the slashes are escaped already */
	sb_puts(out, "/");
	if (icase)
		sb_puts(out, "(?i)");
	sb_add(out, re.p, re.n);
	sb_puts(out, "/");
	sb_free(&re);
}

static void
ins_str(struct cond *c, const struct test *t, int fid, bool neg)
{
	struct strbuf v = { 0 }, present = { 0 }, lv = { 0 };
	struct terms ts = { 0 };

	ins_value(&v, &present, fid);
	if (t->icase)
		sb_printf(&lv, "tolower(%s)", v.p);
	else
		sb_add(&lv, v.p, v.n);
	if (t->nstrs > 0) {
		ins_next(&ts);
		sb_add(&ts.text, lv.p, lv.n);
		sb_puts(&ts.text, t->nstrs == 1 ? " = " : " in [");
		for (size_t i = 0; i < t->nstrs; i++) {
			char *s = xstrndup(t->strs[i].p, t->strs[i].n);

			if (t->icase)
				for (size_t k = 0; k < t->strs[i].n; k++)
					s[k] = (char)ascii_lower((unsigned char)s[k]);
			if (i > 0)
				sb_puts(&ts.text, ", ");
			put_quoted(&ts.text, '"', s, t->strs[i].n);
			free(s);
		}
		if (t->nstrs > 1)
			sb_puts(&ts.text, "]");
	}
	for (size_t i = 0; i < t->nglobs; i++) {
		ins_next(&ts);
		sb_add(&ts.text, v.p, v.n);
		sb_puts(&ts.text, " =~ ");
		put_glob_regex(&ts.text, &t->globs[i], t->icase);
	}
	if (ts.n == 0 && !neg)
		c->kind = C_FALSE;
	else if (ts.n == 0) {
		cond_text(c, false);
		sb_add(&c->text, present.n ? present.p : "1 = 1",
		    present.n ? present.n : 5);
	} else
		ins_guard(c, &present, &ts, neg);
	sb_free(&ts.text);
	sb_free(&v);
	sb_free(&lv);
	sb_free(&present);
}

static void
ins_regex(struct pd *pd, struct cond *c, const struct test *t, int fid,
    bool neg)
{
	const char *lacks = regex_lacks(t->pattern.p, t->pattern.n,
	    TO_INSIGHTS);
	struct strbuf v = { 0 }, present = { 0 };
	struct terms ts = { 0 };

	if (lacks != NULL) {
		fail(pd, "Logs Insights cannot say %s ~ /%.*s/: its regular "
		    "expressions have no %s", fname(t->fid), (int)t->pattern.n,
		    t->pattern.p, lacks);
		return;
	}
	if (fid == F_TIMESTAMP) {
		fail(pd, "Logs Insights cannot say %s ~ /%.*s/: its @timestamp "
		    "is not the text of an aws logs prefix", fname(fid),
		    (int)t->pattern.n, t->pattern.p);
		return;
	}
	ins_value(&v, &present, fid);
	ins_next(&ts);
	sb_add(&ts.text, v.p, v.n);
	sb_puts(&ts.text, " =~ ");
	put_ins_regex(&ts.text, t->pattern.p, t->pattern.n, t->icase);
	ins_guard(c, &present, &ts, neg);
	sb_free(&ts.text);
	sb_free(&v);
	sb_free(&present);
}

static void
ins_missing(struct cond *c, int fid, bool neg)
{
	struct strbuf v = { 0 }, present = { 0 };

	ins_value(&v, &present, fid);
	cond_text(c, fid == F_DURATION);
	if (present.n == 0)	/* @timestamp, @logStream: always there */
		c->kind = neg ? C_TRUE : C_FALSE;
	else if (fid == F_DURATION) {
		if (neg)
			sb_add(&c->text, present.p, present.n);
		else
			sb_puts(&c->text, "fg_start = \"-\" or fg_end = \"-\" or "
			    "fg_end < fg_start");
	} else
		sb_printf(&c->text, "%s %s \"-\"", v.p, neg ? "!=" : "=");
	sb_free(&v);
	sb_free(&present);
}

static void
ins_fields(struct pd *pd, struct cond *c, const struct node *n, int fid,
    bool neg)
{
	const struct test *t = n->t;
	enum relop rel = neg ? flip(t->rel) : t->rel;
	struct strbuf a = { 0 }, b = { 0 }, pa = { 0 }, pb = { 0 };
	bool words = field_get(fid)->type == T_ENUM &&
	    field_get(t->rhs)->type == T_ENUM;

	if (field_get(fid)->type == T_ADDR || field_get(t->rhs)->type == T_ADDR) {
		fail(pd, "Logs Insights cannot say %s: it has no comparison of "
		    "two addresses", shown(n));
		return;
	}
	if ((fid == F_TIMESTAMP) != (t->rhs == F_TIMESTAMP)) {
		fail(pd, "Logs Insights cannot say %s: @timestamp is in "
		    "milliseconds, the fields of a record in seconds", shown(n));
		return;
	}
	if ((!is_numeric(fid) || !is_numeric(t->rhs)) && rel != R_EQ &&
	    rel != R_NE) {
		fail(pd, "Logs Insights cannot say %s: it orders text "
		    "differently", shown(n));
		return;
	}
	ins_value(&a, &pa, fid);
	ins_value(&b, &pb, t->rhs);
	cond_text(c, true);
	if (pa.n > 0)
		sb_printf(&c->text, "%s and ", pa.p);
	if (pb.n > 0)
		sb_printf(&c->text, "%s and ", pb.p);
	/* parsed fields are text: a difference compares them as numbers */
	if (is_numeric(fid) && is_numeric(t->rhs))
		sb_printf(&c->text, "(%s - %s) %s 0", a.p, b.p, rel == R_NE ? "!=" :
		    rel_text[rel]);
	else if (words)
		sb_printf(&c->text, "tolower(%s) %s tolower(%s)", a.p,
		    rel == R_NE ? "!=" : rel_text[rel], b.p);
	else
		sb_printf(&c->text, "%s %s %s", a.p, rel == R_NE ? "!=" :
		    rel_text[rel], b.p);
	sb_free(&a);
	sb_free(&b);
	sb_free(&pa);
	sb_free(&pb);
}

static void
ins_side(struct pd *pd, struct cond *c, const struct node *n, int fid,
    bool neg)
{
	const struct test *t = n->t;

	switch (t->kind) {
	case K_MISSING:
		ins_missing(c, fid, neg);
		break;
	case K_NUM:
		ins_num(c, t, fid, neg);
		break;
	case K_ADDR:
		ins_addr(c, t, fid, neg);
		break;
	case K_STR:
		ins_str(c, t, fid, neg);
		break;
	case K_REGEX:
		ins_regex(pd, c, t, fid, neg);
		break;
	case K_FIELD:
		ins_fields(pd, c, n, fid, neg);
		break;
	}
}

/* --- the tree, for Insights and Athena ------------------------------------ */

/*
 * A field that the record format lacks is missing in every record: a
 * test of it is never true, but field=- always is.  (Athena names the
 * field in an error instead: a table has the columns it was made with.)
 */
static bool
absent_side(struct pd *pd, struct cond *c, const struct test *t, int fid,
    bool neg)
{
	if (pd->to == TO_ATHENA || fid == F_TIMESTAMP || fid == F_LOGSTREAM ||
	    (has_field(pd, fid) && (t->kind != K_FIELD ||
	    has_field(pd, t->rhs) || t->rhs == F_TIMESTAMP ||
	    t->rhs == F_LOGSTREAM)))
		return false;
	c->kind = t->kind == K_MISSING && !neg ? C_TRUE : C_FALSE;
	note_absent(pd, has_field(pd, fid) ? t->rhs : fid);
	return true;
}

static void join(struct pd *, struct cond *, struct cond *, int, bool);

static void
cond_side(struct pd *pd, struct cond *c, const struct node *n, int fid,
    bool neg)
{
	if (absent_side(pd, c, n->t, fid, neg))
		return;
	if (fid == F_DURATION && n->t->kind == K_REGEX) {
		c->kind = C_FALSE;	/* a number with no text: unknown */
		return;
	}
	if (pd->to == TO_ATHENA)
		sql_side(pd, c, n, fid, neg);
	else
		ins_side(pd, c, n, fid, neg);
}

/* A test: one side, or the or (negated: the and) of two. */
static void
cond_test(struct pd *pd, struct cond *c, const struct node *n)
{
	const struct test *t = n->t;
	struct cond sides[2];

	if (t->nsides == 1) {
		cond_side(pd, c, n, t->side[0], t->neg);
		return;
	}
	memset(sides, 0, sizeof sides);
	for (int s = 0; s < t->nsides; s++)
		cond_side(pd, &sides[s], n, t->side[s], t->neg);
	join(pd, c, sides, t->nsides, t->neg);
}

static void cond_node(struct pd *, struct cond *, const struct node *);

/* Kids joined by and (is_and) or or, constants folded. */
static void
join(struct pd *pd, struct cond *c, struct cond *kids, int n, bool is_and)
{
	const char *op = pd->to == TO_ATHENA ? (is_and ? " AND " : " OR ") :
	    (is_and ? " and " : " or ");
	int live = 0, last = -1;

	for (int i = 0; i < n; i++) {
		if (kids[i].kind == (is_and ? C_FALSE : C_TRUE)) {
			c->kind = kids[i].kind;
			goto done;
		}
		if (kids[i].kind == C_TEXT)
			live++, last = i;
	}
	c->kind = is_and ? C_TRUE : C_FALSE;
	if (live == 1) {
		*c = kids[last];
		kids[last].text = (struct strbuf){ 0 };
		goto done;
	}
	for (int i = 0, k = 0; i < n; i++) {
		bool brackets;

		if (kids[i].kind != C_TEXT)
			continue;
		brackets = kids[i].compound;
		if (k++ > 0)
			sb_puts(&c->text, op);
		if (brackets)
			sb_puts(&c->text, "(");
		sb_add(&c->text, kids[i].text.p, kids[i].text.n);
		if (brackets)
			sb_puts(&c->text, ")");
	}
	if (live > 1)
		cond_text(c, true);
done:
	for (int i = 0; i < n; i++)
		sb_free(&kids[i].text);
}

static void
cond_node(struct pd *pd, struct cond *c, const struct node *n)
{
	struct cond *kids;

	switch (n->kind) {
	case N_TRUE:
		c->kind = C_TRUE;
		return;
	case N_FALSE: case N_NOT:	/* no N_NOT after lowering */
		c->kind = C_FALSE;
		return;
	case N_TEST:
		cond_test(pd, c, n);
		return;
	case N_AND: case N_OR:
		break;
	}
	kids = xcalloc((size_t)n->nkids, sizeof *kids);
	for (int i = 0; i < n->nkids && !pd->failed; i++)
		cond_node(pd, &kids[i], n->kids[i]);
	join(pd, c, kids, n->nkids, n->kind == N_AND);
	free(kids);
}

/* --- Athena: the query ------------------------------------------------------ */

/* A span of record times that every selected record lies in. */
struct span {
	bool has_lo, has_hi;
	int64_t lo, hi;        /* epoch seconds */
};

static struct span
span_any(void)
{
	return (struct span){ false, false, 0, 0 };
}

/*
 * Where start or end of a selected record must lie, from a positive
 * time test on either (a record's end is close after its start, and
 * the day of widening below covers the gap).
 */
static struct span
test_span(const struct test *t, int fid)
{
	struct rset s = { 0 };
	struct span sp = span_any();

	if ((fid != F_START && fid != F_END) || t->kind != K_NUM)
		return sp;
	test_ranges(t, fid, type_max(fid), &s);
	if (t->neg)
		rset_complement(&s, type_max(fid));
	if (s.n == 0) {	/* nothing: any bound will do */
		sp = (struct span){ true, true, 0, -1 };
	} else {
		sp.has_lo = s.r[0].lo > 0;
		sp.lo = (int64_t)s.r[0].lo;
		sp.has_hi = s.r[s.n - 1].hi < type_max(fid);
		sp.hi = (int64_t)s.r[s.n - 1].hi;
	}
	free(s.r);
	return sp;
}

static struct span
node_span(const struct node *n)
{
	struct span sp = span_any();

	switch (n->kind) {
	case N_TEST:
		return n->t->nsides == 1 ? test_span(n->t, n->t->side[0]) : sp;
	case N_AND:
		for (int i = 0; i < n->nkids; i++) {
			struct span k = node_span(n->kids[i]);

			if (k.has_lo && (!sp.has_lo || k.lo > sp.lo))
				sp.lo = k.lo, sp.has_lo = true;
			if (k.has_hi && (!sp.has_hi || k.hi < sp.hi))
				sp.hi = k.hi, sp.has_hi = true;
		}
		return sp;
	case N_OR:
		for (int i = 0; i < n->nkids; i++) {
			struct span k = node_span(n->kids[i]);

			if (i == 0)
				sp = k;
			if (!k.has_lo || (sp.has_lo && k.lo < sp.lo))
				sp.lo = k.lo, sp.has_lo = k.has_lo;
			if (!k.has_hi || (sp.has_hi && k.hi > sp.hi))
				sp.hi = k.hi, sp.has_hi = k.has_hi;
		}
		return sp;
	default:
		return sp;
	}
}

static void
put_day(struct strbuf *out, int64_t secs, bool slashes)
{
	time_t t = (time_t)secs;
	struct tm tm;
	char day[32];

	gmtime_r(&t, &tm);
	strftime(day, sizeof day, slashes ? "%Y/%m/%d" : "%Y-%m-%d", &tm);
	if (slashes)
		sb_printf(out, "'%s'", day);
	else
		sb_printf(out, "DATE '%s'", day);
}

/*
 * Partition pruning: S3 objects are filed by the day they were written,
 * which follows the records in them by minutes or, past midnight, into
 * the next day; a day of margin on each side keeps every record.
 */
static void
athena_partition(struct pd *pd, const struct node *root, struct strbuf *out)
{
	struct span sp = node_span(root);
	bool slashes = pd->o->partition == PART_DAY;
	const char *col = slashes ? "day" : "\"date\"";

	if (pd->o->partition == PART_NONE || pd->o->invert ||
	    (!sp.has_lo && !sp.has_hi))
		return;
	if (sp.has_lo && sp.has_hi && sp.hi < sp.lo)
		return;	/* selects nothing: the condition says so */
	sb_puts(out, "\n  AND ");
	if (sp.has_lo && sp.has_hi) {
		sb_printf(out, "%s BETWEEN ", col);
		put_day(out, sp.lo - 86400, slashes);
		sb_puts(out, " AND ");
		put_day(out, sp.hi + 86400, slashes);
	} else {
		sb_printf(out, "%s %s ", col, sp.has_lo ? ">=" : "<=");
		put_day(out, sp.has_lo ? sp.lo - 86400 : sp.hi + 86400, slashes);
	}
}

/*
 * The condition with each operand of a top-level AND on a line of its
 * own.  A compound operand is in brackets, so an AND outside brackets
 * and quotes is a top-level one, unless it is BETWEEN's.
 */
static void
put_where(struct strbuf *out, const char *p)
{
	const char *q;
	int depth = 0;
	bool between = false;

	for (q = p; *q != '\0'; q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')')
			depth--;
		else if (*q == '\'' || *q == '"') {
			char quote = *q;

			for (q++; *q != '\0' && *q != quote; q++)
				;
			if (*q == '\0')
				break;
		} else if (depth == 0 && strncmp(q, " BETWEEN ", 9) == 0)
			between = true;
		else if (depth == 0 && strncmp(q, " AND ", 5) == 0 && between)
			between = false;
		else if (depth == 0 && strncmp(q, " AND ", 5) == 0) {
			sb_add(out, p, (size_t)(q - p));
			sb_puts(out, "\n  AND ");
			p = q + 5;
			q += 4;
		}
	}
	sb_puts(out, p);
}

static void
athena_query(struct pd *pd, const struct node *root, struct strbuf *out)
{
	struct cond c = { 0 };

	cond_node(pd, &c, root);
	if (pd->failed)
		goto done;
	sb_puts(out, "SELECT *\nFROM ");
	sb_puts(out, pd->o->table);
	sb_puts(out, "\nWHERE ");
	if (pd->o->invert) {
		/* false or unknown, as -v selects (Trino has no IS NOT TRUE) */
		if (c.kind == C_TEXT)
			sb_printf(out, "(%s) IS DISTINCT FROM TRUE", c.text.p);
		else
			sb_puts(out, c.kind == C_TRUE ? "FALSE" : "TRUE");
	} else if (c.kind == C_TEXT)
		put_where(out, c.text.p);
	else
		sb_puts(out, c.kind == C_TRUE ? "TRUE" : "FALSE");
	if (c.kind == C_TEXT)
		athena_partition(pd, root, out);
	sb_puts(out, "\n");
	if (out->n > ATHENA_MAX_LEN)
		fail(pd, "the query is %zu characters long; Athena takes %d at "
		    "most", out->n, ATHENA_MAX_LEN);
done:
	sb_free(&c.text);
}

/* --- Insights: the query ---------------------------------------------------- */

/* parse @message with a named capture per column, the whole line. */
static void
insights_parse(const struct format *fmt, struct strbuf *out)
{
	sb_puts(out, "| parse @message /^");
	for (int c = 0; c < fmt->ncols; c++) {
		int fid = fmt->field_at[c];

		sb_printf(out, "%s(?<", c > 0 ? " " : "");
		/* a column that repeats a field is read by the first one */
		if (fmt->col_of[fid] == c)
			put_ins_field(out, fid);
		else
			sb_printf(out, "fg_col%d", c + 1);
		sb_puts(out, ">\\S+)");
	}
	sb_puts(out, "$/\n");
}

static void
insights_query(struct pd *pd, const struct node *root, struct strbuf *out)
{
	struct cond c = { 0 };

	cond_node(pd, &c, root);
	if (pd->failed)
		goto done;
	sb_puts(out, "fields @timestamp, @message\n");
	insights_parse(pd->fmt, out);
	if (pd->o->invert && c.kind == C_TEXT)
		sb_printf(out, "| filter not (%s)\n", c.text.p);
	else if (c.kind == C_TEXT)
		sb_printf(out, "| filter %s\n", c.text.p);
	else if ((c.kind == C_FALSE) != pd->o->invert)
		sb_puts(out, "| filter 0 = 1\n");
	sb_puts(out, "| sort @timestamp desc\n");
	if (out->n > INSIGHTS_MAX_LEN)
		fail(pd, "the query is %zu characters long; Logs Insights "
		    "takes %d at most", out->n, INSIGHTS_MAX_LEN);
done:
	sb_free(&c.text);
}

/* --- filter patterns ------------------------------------------------------ */

/*
 * A space-delimited pattern names each column and may put a condition in
 * a column's slot: atoms joined all by || or all by && (how the two mix
 * is not documented).  Conditions of different slots are anded.  So the
 * translation computes, for each node, one condition per column that
 * every record it selects meets.
 */
enum join { J_ANY, J_ONE, J_OR, J_AND };

struct slot {
	enum join join;
	struct strbuf text;       /* the atoms, joined */
	size_t first;          /* length of the first atom */
	int nregex;
};

struct fpmap {
	bool never;            /* no record is selected */
	int ncols;
	struct slot *s;
};

static struct fpmap
map_any(int ncols)
{
	struct fpmap m = { false, ncols, xcalloc((size_t)ncols,
	    sizeof(struct slot)) };

	return m;
}

static void
map_free(struct fpmap *m)
{
	for (int c = 0; c < m->ncols; c++)
		sb_free(&m->s[c].text);
	free(m->s);
	m->s = NULL;
}

static void
slot_copy(struct slot *dst, const struct slot *src)
{
	sb_free(&dst->text);
	*dst = *src;
	dst->text = (struct strbuf){ 0 };
	if (src->text.n > 0)
		sb_add(&dst->text, src->text.p, src->text.n);
}

static void
slot_join(struct slot *dst, const struct slot *src, enum join how)
{
	if (dst->join == J_ANY) {
		slot_copy(dst, src);
		return;
	}
	sb_puts(&dst->text, how == J_OR ? " || " : " && ");
	sb_add(&dst->text, src->text.p, src->text.n);
	dst->join = how;
	dst->nregex += src->nregex;
}

/* dst: the first atom of src alone. */
static void
slot_first(struct slot *dst, const struct slot *src)
{
	sb_free(&dst->text);
	*dst = (struct slot){ J_ONE, { 0 }, src->first, 0 };
	sb_add(&dst->text, src->text.p, src->first);
	dst->nregex = memchr(src->text.p, '%', src->first) != NULL;
}

/* The slot of a column name as a pattern may write it. */
static void
put_slot_name(struct strbuf *out, const struct format *fmt, int c)
{
	const char *name = fmt->name_at[c];
	int fid = fmt->field_at[c];

	if (fmt->col_of[fid] != c) {	/* a repeated name */
		sb_printf(out, "col%d", c + 1);
		return;
	}
	for (size_t i = 0; name[i] != '\0'; i++) {
		char ch = name[i];

		if (!is_letter(ch) && !(ch >= '0' && ch <= '9'))
			ch = '_';
		sb_add(out, &ch, 1);
	}
}

/* An atom "name op value" for column c. */
static void
fp_atom(struct pd *pd, struct slot *s, int c, const char *op,
    const char *value, int nregex)
{
	struct slot a = { J_ONE, { 0 }, 0, nregex };

	put_slot_name(&a.text, pd->fmt, c);
	sb_printf(&a.text, "%s%s", op, value);
	a.first = a.text.n;
	slot_join(s, &a, s->join == J_ANY ? J_ONE : J_OR);
	sb_free(&a.text);
}

/* Ranges as atoms; false when they need more than the slot allows. */
static bool
fp_ranges(struct pd *pd, struct slot *s, int c, const struct rset *r,
    uint64_t max, bool *approx)
{
	uint64_t points = rset_points(r);
	char v[32];

	for (size_t i = 0; i < r->n; i++)
		if ((r->r[i].lo > MAX_EXACT_DOUBLE) ||
		    (r->r[i].hi > MAX_EXACT_DOUBLE && r->r[i].hi < max))
			return false;	/* compared as doubles */
	if (r->n == 1) {
		uint64_t lo = r->r[0].lo, hi = r->r[0].hi;

		if (lo == hi) {
			snprintf(v, sizeof v, "%llu", (unsigned long long)lo);
			fp_atom(pd, s, c, "=", v, 0);
		} else if (hi >= max || lo == 0) {
			snprintf(v, sizeof v, "%llu", (unsigned long long)
			    (hi >= max ? lo : hi));
			fp_atom(pd, s, c, hi >= max ? ">=" : "<=", v, 0);
		} else {
			struct slot b = { 0 };

			snprintf(v, sizeof v, "%llu", (unsigned long long)lo);
			fp_atom(pd, s, c, ">=", v, 0);
			snprintf(v, sizeof v, "%llu", (unsigned long long)hi);
			fp_atom(pd, &b, c, "<=", v, 0);
			slot_join(s, &b, J_AND);
			sb_free(&b.text);
		}
		return true;
	}
	if (points <= FP_MAX_ALTS) {
		for (size_t i = 0; i < r->n; i++)
			for (uint64_t x = r->r[i].lo; ; x++) {
				snprintf(v, sizeof v, "%llu", (unsigned long long)x);
				fp_atom(pd, s, c, "=", v, 0);
				if (x == r->r[i].hi)
					break;
			}
		return true;
	}
	/* one-sided ends and points can be or'ed; a middle range cannot */
	for (size_t i = 0; i < r->n; i++) {
		uint64_t lo = r->r[i].lo, hi = r->r[i].hi;

		if (lo != hi && lo != 0 && hi < max) {
			struct rset hull = { 0 };
			bool ok;

			rset_add(&hull, r->r[0].lo, r->r[r->n - 1].hi);
			sb_free(&s->text);
			*s = (struct slot){ 0 };
			ok = fp_ranges(pd, s, c, &hull, max, approx);
			free(hull.r);
			*approx = true;
			return ok;
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		uint64_t lo = r->r[i].lo, hi = r->r[i].hi;

		snprintf(v, sizeof v, "%llu", (unsigned long long)
		    (lo == hi || lo == 0 ? hi : lo));
		fp_atom(pd, s, c, lo == hi ? "=" : lo == 0 ? "<=" : ">=", v, 0);
	}
	return true;
}

/* Characters that stand unquoted in a pattern value without trouble. */
static bool
fp_plain(const char *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_letter(p[i]) && !(p[i] >= '0' && p[i] <= '9') &&
		    strchr("-_.:/@*+", p[i]) == NULL)
			return false;
	return true;
}

/*
 * One value as the body of a CloudWatch regex, anchored: letters as
 * [Aa] classes when case does not count, * as .*, . escaped.  The
 * regex syntax there has no groups and few characters, so false for
 * a value with others.
 */
static bool
fp_value_regex(struct strbuf *re, const struct slice *v, bool icase)
{
	sb_puts(re, "^");
	for (size_t i = 0; i < v->n; i++) {
		char ch = v->p[i];

		if (icase && is_letter(ch))
			sb_printf(re, "[%c%c]", ascii_lower(ch) - 'a' + 'A',
			    ascii_lower(ch));
		else if (ch == '*')
			sb_puts(re, ".*");
		else if (ch == '.')
			sb_puts(re, "\\.");
		else if (is_letter(ch) || (ch >= '0' && ch <= '9') ||
		    strchr("-_:/@", ch) != NULL)
			sb_add(re, &ch, 1);
		else
			return false;
	}
	sb_puts(re, "$");
	return true;
}

/* A PCRE2 pattern that CloudWatch's regex syntax takes as it is. */
static bool
fp_regex_ok(const struct slice *p, bool icase, struct strbuf *re)
{
	for (size_t i = 0; i < p->n; i++) {
		char ch = p->p[i];

		if (ch == '\\') {
			if (i + 1 == p->n || strchr("dDsSwW.*+?^$[]{}|\\-/",
			    p->p[i + 1]) == NULL)
				return false;
			sb_add(re, p->p + i, 2);
			i++;
		} else if (icase && is_letter(ch)) {
			if (memchr(p->p, '[', p->n) != NULL)
				return false;	/* a class would need folding */
			sb_printf(re, "[%c%c]", ascii_lower(ch) - 'a' + 'A',
			    ascii_lower(ch));
		} else if (is_letter(ch) || (ch >= '0' && ch <= '9') ||
		    strchr(":_#=@/;-^$?[]{}|*+.", ch) != NULL)
			sb_add(re, &ch, 1);
		else
			return false;
	}
	return p->n > 0;
}

static bool
is_dash(const struct slice *v)
{
	return v->n == 1 && v->p[0] == '-';
}

/* Would the glob match "-", the missing value, as text? */
static bool
glob_takes_dash(const struct slice *g)
{
	size_t dashes = 0;

	for (size_t i = 0; i < g->n; i++) {
		if (g->p[i] == '-')
			dashes++;
		else if (g->p[i] != '*')
			return false;
	}
	return dashes <= 1;
}

/* s && name!="-": a positive condition, made to leave out "-". */
static void
fp_and_not_dash(struct pd *pd, struct slot *s, int c)
{
	struct slot b = { 0 };

	fp_atom(pd, &b, c, "!=", "\"-\"", 0);
	slot_join(s, &b, J_AND);
	sb_free(&b.text);
}

/* No value but - (which is missing): the test is never true. */
static bool
fp_str_empty(const struct test *t)
{
	for (size_t i = 0; i < t->nstrs; i++)
		if (!is_dash(&t->strs[i]))
			return false;
	return t->nglobs == 0;
}

/* What a test became in a slot. */
enum said { SAID, UNSAID, NEVER };

/* A test of a string or word field, in slot s. */
static bool
fp_str_set(struct pd *pd, struct slot *s, int c, const struct test *t,
    bool neg, bool maybe)
{
	bool letters = false;

	for (size_t i = 0; i < t->nstrs + t->nglobs; i++) {
		const struct slice *v = i < t->nstrs ? &t->strs[i] :
		    &t->globs[i - t->nstrs];

		for (size_t k = 0; k < v->n; k++)
			letters |= is_letter(v->p[k]);
	}
	if (t->icase && letters) {
		/* one regex for the whole set */
		struct strbuf re = { 0 };
		bool ok = !neg;

		sb_puts(&re, "%");
		for (size_t i = 0, k = 0; ok && i < t->nstrs + t->nglobs; i++) {
			if (i < t->nstrs && is_dash(&t->strs[i]))
				continue;	/* - is missing, never a value */
			if (k++ > 0)
				sb_puts(&re, "|");
			ok = fp_value_regex(&re, i < t->nstrs ? &t->strs[i] :
			    &t->globs[i - t->nstrs], true);
		}
		if (maybe)
			sb_puts(&re, "|^-$");
		sb_puts(&re, "%");
		if (ok)
			fp_atom(pd, s, c, "=", re.p, 1);
		sb_free(&re);
		return ok;
	}
	for (size_t i = 0; i < t->nstrs + t->nglobs; i++) {
		const struct slice *v = i < t->nstrs ? &t->strs[i] :
		    &t->globs[i - t->nstrs];
		struct strbuf val = { 0 };
		struct slot one = { 0 };

		/* - is missing, never a value; and -v wants it */
		if (i < t->nstrs && is_dash(v) && (!neg || maybe))
			continue;
		if (i >= t->nstrs && !fp_plain(v->p, v->n)) {
			bool ok = !neg;

			sb_puts(&val, "%");
			ok = ok && fp_value_regex(&val, v, false);
			sb_puts(&val, "%");
			if (ok)
				fp_atom(pd, &one, c, "=", val.p, 1);
			sb_free(&val);
			if (!ok)
				return false;
		} else {
			if (i < t->nstrs)
				put_quoted(&val, '"', v->p, v->n);
			else
				sb_add(&val, v->p, v->n);
			fp_atom(pd, &one, c, neg ? "!=" : "=", val.p, 0);
			sb_free(&val);
		}
		slot_join(s, &one, neg ? J_AND : J_OR);
		sb_free(&one.text);
	}
	/* "-" is unknown: -v wants it, else it must stay out */
	if (maybe && !neg)
		fp_atom(pd, s, c, "=", "\"-\"", 0);
	else if (neg && !maybe && s->join != J_ANY)
		fp_and_not_dash(pd, s, c);
	return true;
}

/*
 * The set, and for a glob that would take the text "-" (a missing
 * value to flowgrep) the condition that the text is not "-", when the
 * slot can say it.
 */
static enum said
fp_str(struct pd *pd, struct slot *s, int c, const struct test *t,
    bool neg, bool maybe, bool *approx)
{
	bool dash = false;

	for (size_t i = 0; i < t->nglobs; i++)
		dash |= glob_takes_dash(&t->globs[i]);
	if (fp_str_empty(t) && !neg)
		return maybe ? UNSAID : NEVER;
	if ((dash && neg && maybe) || !fp_str_set(pd, s, c, t, neg, maybe))
		return UNSAID;
	if (dash && !neg && !maybe) {
		if (s->join == J_ONE)
			fp_and_not_dash(pd, s, c);
		else
			*approx = true;
	}
	return s->join != J_ANY ? SAID : UNSAID;
}

/* The dotted-quad wildcards of an IPv4 block aligned on an octet. */
static void
fp_v4_wildcard(struct strbuf *v, const struct block *b)
{
	uint32_t a = (uint32_t)b->a.lo;
	int octets = (b->plen - 96) / 8;

	if (octets == 4) {
		sb_printf(v, "\"%u.%u.%u.%u\"", a >> 24, (a >> 16) & 255,
		    (a >> 8) & 255, a & 255);
		return;
	}
	for (int k = 0; k < octets; k++)
		sb_printf(v, "%u.", (a >> (24 - 8 * k)) & 255);
	sb_puts(v, octets == 0 ? "*.*" : "*");
}

/* Is block b inside block a? */
static bool
block_within(const struct block *b, const struct block *a)
{
	struct addr m = low_bits(128 - a->plen);

	return b->plen >= a->plen && (b->a.hi & ~m.hi) == a->a.hi &&
	    (b->a.lo & ~m.lo) == a->a.lo;
}

/* Add b unless a block there holds it; drop the blocks b holds. */
static void
blocks_merge(struct blocks *bs, struct block b)
{
	size_t k = 0;

	for (size_t i = 0; i < bs->n; i++)
		if (block_within(&b, &bs->b[i]))
			return;
	for (size_t i = 0; i < bs->n; i++)
		if (!block_within(&bs->b[i], &b))
			bs->b[k++] = bs->b[i];
	bs->n = k;
	blocks_add(bs, b.a, b.plen);
}

/* b made the block of length plen (of 128) that holds it. */
static struct block
block_widen(struct block b, int plen)
{
	if (b.plen > plen) {
		struct addr m = low_bits(128 - plen);

		b.plen = plen;
		b.a.hi &= ~m.hi;
		b.a.lo &= ~m.lo;
	}
	return b;
}

/*
 * The IPv4 blocks as octet-aligned wildcards: a block between octets is
 * split into the aligned blocks it holds while they are few; else, when
 * widen allows, it is made the aligned block that holds it, and when
 * the slot would list too many, blocks are widened to /24, /16, /8 and
 * /0 in turn.  False when it cannot be said without widening.
 */
static bool
fp_v4_blocks(const struct blocks *bs, bool widen, struct blocks *out,
    bool *approx)
{
	for (size_t i = 0; i < bs->n; i++) {
		struct block b = bs->b[i];
		int len = b.plen - 96, up = (len + 7) / 8 * 8;

		if (up - len <= 4) {
			struct addr step = low_bits(128 - 96 - up);
			struct addr a = b.a;

			for (int k = 0; k < 1 << (up - len); k++) {
				blocks_merge(out, (struct block){ a, up + 96 });
				a.lo += step.lo + 1;
			}
		} else if (widen) {
			blocks_merge(out, block_widen(b, len / 8 * 8 + 96));
			*approx = true;
		} else
			return false;
	}
	for (int len = 24; out->n > FP_MAX_ALTS && len >= 0; len -= 8) {
		struct blocks wide = { 0 };

		if (!widen)
			return false;
		for (size_t i = 0; i < out->n; i++)
			blocks_merge(&wide, block_widen(out->b[i], len + 96));
		free(out->b);
		*out = wide;
		*approx = true;
	}
	return true;
}

static enum said
fp_addr(struct pd *pd, struct slot *s, int c, const struct test *t,
    bool neg, bool *approx)
{
	struct blocks bs = { 0 }, v4 = { 0 }, aligned = { 0 };
	bool v6 = false, ok;

	test_blocks(t, &bs);
	for (size_t i = 0; i < bs.n; i++) {
		if (block_is_v4(&bs.b[i]))
			blocks_add(&v4, bs.b[i].a, bs.b[i].plen);
		else
			v6 = true;
	}
	/* not in an IPv6 block cannot be said by text */
	ok = !(neg && v6) && fp_v4_blocks(&v4, !neg, &aligned, approx);
	for (size_t i = 0; ok && i < aligned.n; i++) {
		struct strbuf v = { 0 };
		struct slot one = { 0 };

		fp_v4_wildcard(&v, &aligned.b[i]);
		fp_atom(pd, &one, c, neg ? "!=" : "=", v.p, 0);
		slot_join(s, &one, neg ? J_AND : J_OR);
		sb_free(&one.text);
		sb_free(&v);
	}
	if (ok && neg && aligned.n > 0)
		fp_and_not_dash(pd, s, c);
	/*
	 * IPv6 text is not one spelling per address, and an IPv4 address
	 * may come as ::ffff:a.b.c.d: any text with a colon passes.
	 */
	if (ok && !neg && bs.n > 0) {
		fp_atom(pd, s, c, "=", "*:*", 0);
		note(pd, "%s: any IPv6 text passes (an IPv4 address may also "
		    "be written ::ffff:a.b.c.d)", pd->fmt->name_at[c]);
	}
	free(v4.b);
	free(aligned.b);
	if (bs.n == 0) {
		free(bs.b);
		return neg ? UNSAID : NEVER;
	}
	free(bs.b);
	return ok ? SAID : UNSAID;
}

/*
 * A numeric test in slot s: != for a few values, else the ranges it
 * wants (a negated set as its complement among the valid values).
 */
static enum said
fp_num(struct pd *pd, struct slot *s, int c, const struct test *t, int fid,
    bool neg, bool *approx)
{
	struct rset r = { 0 };
	uint64_t max = type_max(fid);
	enum said said;

	test_ranges(t, fid, max, &r);
	if (t->nmasks > 0)
		mask_values(t, max, &r);
	if (neg && t->nmasks == 0 && rset_points(&r) <= FP_MAX_ALTS &&
	    r.n > 0) {
		char v[32];

		for (size_t i = 0; i < r.n; i++)
			for (uint64_t x = r.r[i].lo; ; x++) {
				struct slot one = { 0 };

				snprintf(v, sizeof v, "%llu", (unsigned long long)x);
				fp_atom(pd, &one, c, "!=", v, 0);
				slot_join(s, &one, J_AND);
				sb_free(&one.text);
				if (x == r.r[i].hi)
					break;
			}
		free(r.r);
		return SAID;
	}
	if (neg)
		rset_complement(&r, max);
	if (r.n == 0)
		said = NEVER;
	else if (t->nmasks > 0 && rset_points(&r) > FP_MAX_ALTS)
		said = UNSAID;	/* a bit set: too many values to list */
	else
		said = fp_ranges(pd, s, c, &r, max, approx) ? SAID : UNSAID;
	free(r.r);
	return said;
}

/* What a pattern has no slot for: the note says where else it goes. */
static void
fp_elsewhere(struct pd *pd, const struct node *n, int fid)
{
	note(pd, "%s: %s", shown(n), fid == F_TIMESTAMP ? "give the times to "
	    "aws logs as --start-time and --end-time" : fid == F_LOGSTREAM ?
	    "give the stream to aws logs as --log-stream-names" :
	    fid == F_DURATION ? "duration is not a column" : "a pattern "
	    "compares a field with a constant only");
}

/* A regex: as it is when CloudWatch's syntax has it all. */
static enum said
fp_regex(struct pd *pd, struct slot *s, int c, const struct test *t,
    bool neg, bool maybe)
{
	struct strbuf re = { 0 }, v = { 0 };
	bool ok = !neg && fp_regex_ok(&t->pattern, t->icase, &re);

	if (ok) {
		sb_printf(&v, "%%%s%s%%", re.p, maybe ? "|^-$" : "");
		fp_atom(pd, s, c, "=", v.p, 1);
		if (!maybe)	/* it might match the text - */
			fp_and_not_dash(pd, s, c);
	}
	sb_free(&re);
	sb_free(&v);
	return ok ? SAID : UNSAID;
}

/*
 * field=- is the text "-" for a string; for others a value that does
 * not parse is missing too, which no slot condition can say.
 * field!=- is at least "not the text -".
 */
static enum said
fp_missing(struct pd *pd, struct slot *s, int c, int fid, bool neg)
{
	enum ftype type = field_get(fid)->type;

	if (!neg && type != T_STR && type != T_ENUM)
		return UNSAID;
	fp_atom(pd, s, c, neg ? "!=" : "=", "\"-\"", 0);
	return SAID;
}

/*
 * One side of a test as a map: a slot condition, nothing (any), or
 * never.  maybe: -v wants the records where the test is not true, so
 * where its side is unknown (missing) too.
 */
static void
fp_side(struct pd *pd, struct fpmap *m, const struct node *n, int fid,
    bool neg, bool maybe)
{
	const struct test *t = n->t;
	int c = fid < MAXFIELDS && fid >= 0 ? pd->fmt->col_of[fid] : -1;
	enum ftype type = field_get(fid)->type;
	bool text = type == T_STR || type == T_ENUM, approx = false;
	struct slot s = { 0 };
	enum said said = UNSAID;

	if (FIELD_PSEUDO(fid) || t->kind == K_FIELD) {
		fp_elsewhere(pd, n, fid);
		return;
	}
	if (c < 0) {	/* missing in every record */
		m->never = t->kind == K_MISSING ? neg : !maybe;
		note_absent(pd, fid);
		return;
	}
	if (t->kind == K_MISSING)
		said = fp_missing(pd, &s, c, fid, neg);
	else if (maybe && !(text && t->kind == K_STR))
		said = UNSAID;	/* unknown: a number or address that is not */
	else if (t->kind == K_NUM)
		said = fp_num(pd, &s, c, t, fid, neg, &approx);
	else if (t->kind == K_ADDR)
		said = fp_addr(pd, &s, c, t, neg, &approx);
	else if (t->kind == K_STR)
		said = fp_str(pd, &s, c, t, neg, maybe, &approx);
	else if (t->kind == K_REGEX)
		said = fp_regex(pd, &s, c, t, neg, maybe);
	if (said == NEVER)
		m->never = true;
	else if (said == UNSAID)
		note(pd, "%s%s", maybe ? "-v: " : "", shown(n));
	else {
		if (approx)
			note(pd, "%s (as a wider set)", shown(n));
		slot_copy(&m->s[c], &s);
	}
	sb_free(&s.text);
}

static void fp_node(struct pd *, struct fpmap *, const struct node *, bool,
    bool);

/* Maps anded: each column's conditions joined by &&. */
static void
fp_and(struct pd *pd, struct fpmap *m, struct fpmap *kids, int n)
{
	for (int i = 0; i < n; i++) {
		if (kids[i].never)
			m->never = true;
		for (int c = 0; c < m->ncols && !m->never; c++) {
			struct slot *a = &m->s[c], *b = &kids[i].s[c];

			if (b->join == J_ANY)
				continue;
			if (a->join == J_ANY)
				slot_copy(a, b);
			else if (a->join != J_OR && b->join != J_OR)
				slot_join(a, b, J_AND);
			else {
				/* || and && do not mix: keep one, the list */
				if (a->join != J_OR)
					slot_copy(a, b);
				note(pd, "two conditions on %s (one kept)",
				    pd->fmt->name_at[c]);
			}
		}
	}
}

/*
 * Maps ored: (a1 and b1) or (a2 and b2) implies (a1 or a2) and
 * (b1 or b2), so a column that every branch conditions keeps the or of
 * their conditions, and the others none.  Exact when all branches
 * condition the one same column.
 */
static void
fp_or(struct pd *pd, struct fpmap *m, struct fpmap *kids, int n)
{
	int live = 0, kept = 0;
	bool exact = true, weakened = false;

	m->never = true;
	for (int i = 0; i < n; i++)
		live += !kids[i].never;
	if (live == 0)
		return;
	m->never = false;
	for (int c = 0; c < m->ncols; c++) {
		bool all = true;

		for (int i = 0; i < n; i++)
			if (!kids[i].never && kids[i].s[c].join == J_ANY)
				all = false;
		for (int i = 0; i < n && all; i++) {
			struct slot b = { 0 };

			if (kids[i].never)
				continue;
			if (kids[i].s[c].join == J_AND) {
				/* a range, or "x && not -": its first atom */
				slot_first(&b, &kids[i].s[c]);
				weakened = true;
			} else
				slot_copy(&b, &kids[i].s[c]);
			slot_join(&m->s[c], &b, J_OR);
			sb_free(&b.text);
		}
		kept += all;
	}
	for (int i = 0; i < n; i++)
		for (int c = 0; c < m->ncols; c++)
			if (!kids[i].never && kids[i].s[c].join != J_ANY &&
			    m->s[c].join == J_ANY)
				exact = false;
	if (kept > 1)
		exact = false;
	if (!exact)
		note(pd, "an or across fields (a pattern has or within one field "
		    "only)");
	if (weakened)
		note(pd, "an or with a range or a negation (a field's conditions "
		    "are all || or all &&)");
}

static void
fp_test(struct pd *pd, struct fpmap *m, const struct node *n, bool neg,
    bool maybe)
{
	const struct test *t = n->t;
	bool tneg = t->neg != neg;
	struct fpmap sides[2];

	if (t->nsides == 1) {
		fp_side(pd, m, n, t->side[0], tneg, maybe);
		return;
	}
	for (int s = 0; s < t->nsides; s++) {
		sides[s] = map_any(m->ncols);
		fp_side(pd, &sides[s], n, t->side[s], tneg, maybe);
	}
	/* positive: either side; negated (or -v's not true): both */
	if (tneg)
		fp_and(pd, m, sides, t->nsides);
	else
		fp_or(pd, m, sides, t->nsides);
	for (int s = 0; s < t->nsides; s++)
		map_free(&sides[s]);
}

/*
 * neg walks not(n) as the lowering would have made it: and and or
 * swap, each test's neg flips.  maybe marks that walk for -v.
 */
static void
fp_node(struct pd *pd, struct fpmap *m, const struct node *n, bool neg,
    bool maybe)
{
	struct fpmap *kids;
	bool is_and = (n->kind == N_AND) != neg;

	switch (n->kind) {
	case N_TRUE: case N_FALSE:
		m->never = (n->kind == N_FALSE) != neg;
		return;
	case N_TEST:
		fp_test(pd, m, n, neg, maybe);
		return;
	case N_NOT:
		return;
	case N_AND: case N_OR:
		break;
	}
	kids = xcalloc((size_t)n->nkids, sizeof *kids);
	for (int i = 0; i < n->nkids; i++) {
		kids[i] = map_any(m->ncols);
		fp_node(pd, &kids[i], n->kids[i], neg, maybe);
	}
	if (is_and)
		fp_and(pd, m, kids, n->nkids);
	else
		fp_or(pd, m, kids, n->nkids);
	for (int i = 0; i < n->nkids; i++)
		map_free(&kids[i]);
	free(kids);
}

static void
fp_render(const struct format *fmt, const struct fpmap *m, struct strbuf *out)
{
	sb_puts(out, "[");
	for (int c = 0; c < fmt->ncols; c++) {
		if (c > 0)
			sb_puts(out, ", ");
		if (m->s[c].join == J_ANY)
			put_slot_name(out, fmt, c);
		else
			sb_add(out, m->s[c].text.p, m->s[c].text.n);
	}
	sb_puts(out, "]");
}

/* Drop the slot with the most regexes, or the longest. */
static void
fp_drop(struct fpmap *m, bool regex)
{
	int best = -1;

	for (int c = 0; c < m->ncols; c++) {
		if (m->s[c].join == J_ANY || (regex && m->s[c].nregex == 0))
			continue;
		if (best < 0 || (regex ? m->s[c].nregex > m->s[best].nregex :
		    m->s[c].text.n > m->s[best].text.n))
			best = c;
	}
	if (best >= 0) {
		sb_free(&m->s[best].text);
		m->s[best] = (struct slot){ 0 };
	}
}

static void
filter_pattern(struct pd *pd, const struct node *root, struct strbuf *out)
{
	struct fpmap m = map_any(pd->fmt->ncols);
	int nregex;
	bool any = false;

	fp_node(pd, &m, root, pd->o->invert, pd->o->invert);
	if (m.never) {
		/* a condition no value meets: the pattern matches nothing */
		map_free(&m);
		m = map_any(pd->fmt->ncols);
		fp_atom(pd, &m.s[0], 0, "=", "\"-\"", 0);
		fp_and_not_dash(pd, &m.s[0], 0);
		add_once(&pd->info, "the expression selects no record");
	}
	for (;;) {
		nregex = 0;
		for (int c = 0; c < m.ncols; c++)
			nregex += m.s[c].nregex;
		if (nregex <= FP_MAX_REGEX)
			break;
		fp_drop(&m, true);
		note(pd, "a pattern holds two regular expressions at most");
	}
	for (;;) {
		struct strbuf b = { 0 };

		fp_render(pd->fmt, &m, &b);
		if (b.n <= FP_MAX_LEN) {
			sb_free(&b);
			break;
		}
		sb_free(&b);
		fp_drop(&m, false);
		note(pd, "a pattern is %d characters at most", FP_MAX_LEN);
	}
	for (int c = 0; c < m.ncols; c++)
		any |= m.s[c].join != J_ANY;
	if (any)
		fp_render(pd->fmt, &m, out);
	else if (pd->notes.n > 0)
		add_once(&pd->info, "nothing in the expression can be said as "
		    "a filter pattern: the empty pattern matches every event");
	else
		add_once(&pd->info, "the expression selects every record: the "
		    "empty pattern matches every event");
	sb_puts(out, "\n");
	map_free(&m);
}

/* --- the interface ---------------------------------------------------------- */

int
pushdown_target_lookup(const char *name)
{
	if (strcmp(name, "filter-pattern") == 0)
		return TO_FILTER_PATTERN;
	if (strcmp(name, "insights") == 0)
		return TO_INSIGHTS;
	if (strcmp(name, "athena") == 0)
		return TO_ATHENA;
	return -1;
}

int
pushdown_print(enum pushdown_target to, const struct expr *e,
    const struct format *const *fmts, int nfmts,
    const struct pushdown_opts *o, FILE *out, char *msg, size_t msglen)
{
	struct pd pd = { to, fmts[0], o, false, msg, msglen, { 0 }, { 0 } };
	struct strbuf b = { 0 };
	static const char *const names[] = { "a filter pattern",
		"a Logs Insights query", "an Athena query" };

	msg[0] = '\0';
	if (nfmts > 1) {
		fail(&pd, "%s reads one record format; give one --format",
		    names[to]);
		return -1;
	}
	switch (to) {
	case TO_FILTER_PATTERN:
		filter_pattern(&pd, expr_root(e), &b);
		break;
	case TO_INSIGHTS:
		insights_query(&pd, expr_root(e), &b);
		break;
	case TO_ATHENA:
		athena_query(&pd, expr_root(e), &b);
		break;
	}
	if (!pd.failed) {
		fputs(sb_text(&b), out);
		if (pd.notes.n > 0)
			snprintf(msg, msglen, "the pattern selects more than the "
			    "expression (pipe the events to flowgrep to finish): "
			    "%s%s%s", pd.notes.p, pd.info.n > 0 ? "; " : "",
			    sb_text(&pd.info));
		else
			snprintf(msg, msglen, "%s", sb_text(&pd.info));
	}
	sb_free(&b);
	sb_free(&pd.notes);
	sb_free(&pd.info);
	return pd.failed ? -1 : 0;
}
