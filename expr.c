/*
 * expr.c: the expression language, as a small compiler.
 *
 *   lexer    source text -> tokens, each with its column
 *   parser   tokens -> tree of and/or/not over comparisons
 *   checker  field names, operators and values checked against the
 *            field's type; constants parsed once (CIDRs become address
 *            ranges, times milliseconds, lists sorted range tables)
 *   lowering not is pushed down to the comparisons, so that an unknown
 *            (missing) value is simply false at the leaf: this is SQL's
 *            three-valued logic at no cost per record
 *   eval     short-circuit walk, cheapest tests first
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "flowgrep.h"

#define MAXDEPTH 200
#define REGEX_MATCH_LIMIT 100000
#define REGEX_DEPTH_LIMIT 10000

/* --- tokens ------------------------------------------------------- */

enum tok {
	TK_EOF, TK_WORD, TK_STRING, TK_REGEX, TK_LPAREN, TK_RPAREN, TK_COMMA,
	TK_AND, TK_OR, TK_NOT, TK_OP
};

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MATCH, OP_NMATCH,
	OP_IN };

static const char *const op_text[] = { "=", "!=", "<", "<=", ">", ">=",
	"~", "!~", "in" };

struct token {
	enum tok kind;
	enum op op;
	int pos, len;        /* span in the source */
	char *text;          /* WORD, STRING, REGEX: the value, unescaped */
	size_t tlen;
	bool caseless;       /* REGEX: /re/i */
};

struct lexer {
	const char *src;
	size_t n, i;
	struct token tok;    /* the current token */
	bool have;
	struct expr_error *err;
	bool failed;
	struct expr *e;      /* where token texts are kept */
};

/* --- memory ------------------------------------------------------- */

/*
 * Everything a compiled expression holds (tokens, nodes, tests, values,
 * explain texts) comes from chunks that expr_free gives back at once, as
 * in libpcap's gencode.c, so nothing needs a free of its own.  Arrays
 * that grow while a list file is read are malloc'd and adopted when done.
 */
#define CHUNK_SIZE 8192

struct chunk {
	struct chunk *next;
	size_t size, used;
	max_align_t data[];
};

/*
 * The usual tests of one field (a word, an IPv4 block, a number, a
 * regex) have a short path of their own; a value that is missing or
 * does not parse, and every other test, takes the general one.
 */
enum stepkind { S_TEST, S_WORD, S_V4, S_NUM, S_REGEX };

/*
 * The lowered tree as jumps, as BPF has it: each step is a test, and where
 * to go when it holds and when not, another step or the verdict.  No
 * recursion, and no node is looked at that decides nothing.
 */
struct step {
	enum stepkind kind;
	uint64_t max;          /* S_NUM: the most its field's type holds */
	const struct test *t;
	int yes, no;           /* a step, or STEP_YES or STEP_NO */
};

#define STEP_YES (-1)
#define STEP_NO (-2)

struct expr {
	struct node *root;     /* lowered: no N_NOT */
	struct step *steps;    /* root as jumps, from entry */
	int nsteps, entry;
	char *explain;
	bool uses[MAXFIELDS];
	pcre2_match_context *mctx;
	int64_t now_ms;
	struct chunk *chunks;
	void **adopted;        /* malloc'd blocks freed with the expression */
	size_t nadopted, capadopted;
	struct regex *regexes; /* compiled patterns, to free */
	uint32_t most_groups;  /* capture groups of the largest pattern */
};

static void *
newchunk(struct expr *e, size_t n)
{
	const size_t align = sizeof(max_align_t);
	struct chunk *c = e->chunks;

	n = (n + align - 1) / align * align;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;

		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		/* a block of its own goes behind, so the open chunk stays open */
		if (size == n && e->chunks != NULL) {
			c->next = e->chunks->next;
			e->chunks->next = c;
		} else {
			c->next = e->chunks;
			e->chunks = c;
		}
	}
	c->used += n;
	return memset((char *)c->data + c->used - n, 0, n);
}

static void
freechunks(struct expr *e)
{
	while (e->chunks != NULL) {
		struct chunk *next = e->chunks->next;

		free(e->chunks);
		e->chunks = next;
	}
	for (size_t i = 0; i < e->nadopted; i++)
		free(e->adopted[i]);
	free(e->adopted);
}

static void *
adopt(struct expr *e, void *p)
{
	if (e->nadopted == e->capadopted) {
		e->capadopted = e->capadopted ? e->capadopted * 2 : 16;
		e->adopted = xreallocarray(e->adopted, e->capadopted,
		    sizeof *e->adopted);
	}
	e->adopted[e->nadopted++] = p;
	return p;
}

static char *
chunk_strndup(struct expr *e, const char *s, size_t n)
{
	char *p = newchunk(e, n + 1);

	memcpy(p, s, n);
	return p;
}

/* A compiled pattern; the list lets expr_free find them all. */
struct regex {
	pcre2_code *code;
	struct slice literal;  /* a text every match contains, if any */
	struct regex *next;
};

/* --- parsing state ------------------------------------------------ */

struct parser {
	struct lexer lx;
	struct expr *e;
	int depth;
};

static void
fail(struct lexer *lx, int pos, int len, const char *fmt, ...)
{
	va_list ap;

	if (lx->failed)
		return;
	lx->failed = true;
	lx->err->column = pos;
	lx->err->width = len > 0 ? len : 1;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof lx->err->msg, fmt, ap);
	va_end(ap);
}

/* --- lexer -------------------------------------------------------- */

static bool
is_word_byte(int c)
{
	return c > ' ' && strchr("()!=<>~,'\"&|", c) == NULL;
}

static bool
keyword(const char *p, size_t n, const char *kw)
{
	return strlen(kw) == n && strncasecmp(p, kw, n) == 0;
}

static void
lex_quoted(struct lexer *lx, struct token *t)
{
	char q = lx->src[lx->i++];
	char *out = newchunk(lx->e, lx->n - lx->i + 1);
	size_t k = 0;

	while (lx->i < lx->n && lx->src[lx->i] != q) {
		if (lx->src[lx->i] == '\\' && lx->i + 1 < lx->n &&
		    (lx->src[lx->i + 1] == q || lx->src[lx->i + 1] == '\\'))
			lx->i++;
		out[k++] = lx->src[lx->i++];
	}
	if (lx->i == lx->n) {
		fail(lx, t->pos, (int)(lx->i - (size_t)t->pos),
		    "unterminated %s-quoted string", q == '"' ? "double" : "single");
		return;
	}
	lx->i++;
	t->kind = TK_STRING;
	t->text = out;
	t->tlen = k;
}

/* /re/ or /re/i; a backslash keeps a slash inside the pattern. */
static void
lex_regex(struct lexer *lx, struct token *t)
{
	char *out = newchunk(lx->e, lx->n - lx->i + 1);
	size_t k = 0;

	lx->i++;
	while (lx->i < lx->n && lx->src[lx->i] != '/') {
		if (lx->src[lx->i] == '\\' && lx->i + 1 < lx->n &&
		    lx->src[lx->i + 1] == '/')
			lx->i++;
		else if (lx->src[lx->i] == '\\' && lx->i + 1 < lx->n)
			out[k++] = lx->src[lx->i++];
		out[k++] = lx->src[lx->i++];
	}
	if (lx->i == lx->n) {
		fail(lx, t->pos, (int)(lx->n - (size_t)t->pos),
		    "unterminated regular expression (missing closing /)");
		return;
	}
	lx->i++;
	while (lx->i < lx->n && isalpha((unsigned char)lx->src[lx->i])) {
		if (lx->src[lx->i] != 'i') {
			fail(lx, (int)lx->i, 1, "unknown regex flag '%c' "
			    "(only i is known)", lx->src[lx->i]);
			return;
		}
		t->caseless = true;
		lx->i++;
	}
	t->kind = TK_REGEX;
	t->text = out;
	t->tlen = k;
}

static bool
lex_operator(struct lexer *lx, struct token *t)
{
	static const struct {
		const char *s;
		enum tok kind;
		enum op op;
	} ops[] = {
		{ "&&", TK_AND, 0 }, { "||", TK_OR, 0 }, { "|", TK_COMMA, 0 },
		{ "==", TK_OP, OP_EQ }, { "!=", TK_OP, OP_NE },
		{ "!~", TK_OP, OP_NMATCH }, { "<=", TK_OP, OP_LE },
		{ ">=", TK_OP, OP_GE }, { "=", TK_OP, OP_EQ },
		{ "<", TK_OP, OP_LT }, { ">", TK_OP, OP_GT },
		{ "~", TK_OP, OP_MATCH }, { "!", TK_NOT, 0 },
		{ "(", TK_LPAREN, 0 }, { ")", TK_RPAREN, 0 },
		{ ",", TK_COMMA, 0 },
	};

	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t len = strlen(ops[k].s);

		if (lx->n - lx->i >= len &&
		    memcmp(lx->src + lx->i, ops[k].s, len) == 0) {
			t->kind = ops[k].kind;
			t->op = ops[k].op;
			lx->i += len;
			return true;
		}
	}
	return false;
}

static void
lex_word(struct lexer *lx, struct token *t)
{
	static const struct {
		const char *kw;
		enum tok kind;
		enum op op;
	} words[] = {
		{ "and", TK_AND, 0 }, { "or", TK_OR, 0 }, { "not", TK_NOT, 0 },
		{ "in", TK_OP, OP_IN }, { "eq", TK_OP, OP_EQ },
		{ "ne", TK_OP, OP_NE }, { "lt", TK_OP, OP_LT },
		{ "le", TK_OP, OP_LE }, { "gt", TK_OP, OP_GT },
		{ "ge", TK_OP, OP_GE },
	};
	size_t start = lx->i;

	while (lx->i < lx->n && is_word_byte((unsigned char)lx->src[lx->i]))
		lx->i++;
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (keyword(lx->src + start, lx->i - start, words[k].kw)) {
			t->kind = words[k].kind;
			t->op = words[k].op;
			return;
		}
	t->kind = TK_WORD;
	t->text = chunk_strndup(lx->e, lx->src + start, lx->i - start);
	t->tlen = lx->i - start;
}

/* Read the next token; regex_ok lets a '/' open a regular expression. */
static void
lex_next(struct lexer *lx, bool regex_ok)
{
	struct token *t = &lx->tok;

	memset(t, 0, sizeof *t);
	lx->have = true;
	while (lx->i < lx->n && isspace((unsigned char)lx->src[lx->i]))
		lx->i++;
	t->pos = (int)lx->i;
	if (lx->i == lx->n)
		t->kind = TK_EOF;
	else if (lx->src[lx->i] == '"' || lx->src[lx->i] == '\'')
		lex_quoted(lx, t);
	else if (regex_ok && lx->src[lx->i] == '/')
		lex_regex(lx, t);
	else if (!lex_operator(lx, t)) {
		if (is_word_byte((unsigned char)lx->src[lx->i]))
			lex_word(lx, t);
		else {
			fail(lx, (int)lx->i, 1, "unexpected character '%c'",
			    lx->src[lx->i]);
			t->kind = TK_EOF;
		}
	}
	t->len = (int)lx->i - t->pos;
}

/* --- values ------------------------------------------------------- */

/* One written value, before it is parsed for its field's type. */
struct rawval {
	const char *text;
	size_t len;
	int pos, plen;
	bool quoted, regex, caseless, file;
};

struct valset {
	struct urange *ur;
	size_t nur, capur;
	unsigned *masks;
	size_t nmasks;
	struct v4range *ar4;
	size_t nar4, capar4;
	struct arange *ar;
	size_t nar, capar;
	struct slice *strs;
	size_t nstrs, capstrs;
	bool has_span;       /* a time that names a period, not an instant */
	struct expr *e;      /* where strings are kept */
	/* IPv6 prefixes and ranges that span the IPv4 block: cut later */
	struct arange *ar6;
	size_t nar6;
	char why[200];       /* what was wrong, when it takes words */
	char hint[160];      /* and what to write instead, if known */
};

static void
add_urange(struct valset *vs, uint64_t lo, uint64_t hi)
{
	if (vs->nur == vs->capur) {
		vs->capur = vs->capur ? vs->capur * 2 : 8;
		vs->ur = xreallocarray(vs->ur, vs->capur, sizeof *vs->ur);
	}
	vs->ur[vs->nur].lo = lo;
	vs->ur[vs->nur++].hi = hi;
}

static struct arange
widen(struct v4range r)
{
	struct arange a = { { 0, 0xffff00000000ULL | r.lo },
		{ 0, 0xffff00000000ULL | r.hi } };

	return a;
}

static void
add_v4range(struct valset *vs, uint32_t lo, uint32_t hi)
{
	if (vs->nar4 == vs->capar4) {
		vs->capar4 = vs->capar4 ? vs->capar4 + vs->capar4 / 2 : 8;
		vs->ar4 = xreallocarray(vs->ar4, vs->capar4, sizeof *vs->ar4);
	}
	vs->ar4[vs->nar4].lo = lo;
	vs->ar4[vs->nar4++].hi = hi;
}

/* IPv4 ranges go to ar4, in 8 bytes instead of 32. */
static void
add_arange(struct valset *vs, struct addr lo, struct addr hi)
{
	if (addr_is_v4(&lo) && addr_is_v4(&hi)) {
		add_v4range(vs, (uint32_t)lo.lo, (uint32_t)hi.lo);
		return;
	}
	if (vs->nar == vs->capar) {
		vs->capar = vs->capar ? vs->capar * 2 : 8;
		vs->ar = xreallocarray(vs->ar, vs->capar, sizeof *vs->ar);
	}
	vs->ar[vs->nar].lo = lo;
	vs->ar[vs->nar++].hi = hi;
}

static void
add_str(struct valset *vs, const char *p, size_t n)
{
	if (vs->nstrs == vs->capstrs) {
		vs->capstrs = vs->capstrs ? vs->capstrs * 2 : 8;
		vs->strs = xreallocarray(vs->strs, vs->capstrs, sizeof *vs->strs);
	}
	vs->strs[vs->nstrs].p = chunk_strndup(vs->e, p, n);
	vs->strs[vs->nstrs++].n = n;
}

/*
 * k M G T multiply by powers of 1000, as nfdump does; with a unit a
 * decimal fraction is allowed (1.5M) as long as the result is whole.
 */
static bool
parse_count(const char *p, size_t n, uint64_t *out)
{
	static const char units[] = "kmgt";
	const char *u, *dot;
	uint64_t whole, frac = 0, mul = 1, fdiv = 1;
	size_t fn = 0;

	if (n > 1 && !isdigit((unsigned char)p[n - 1]) &&
	    (u = strchr(units, tolower((unsigned char)p[n - 1]))) != NULL) {
		for (long k = 0; k <= u - units; k++)
			mul *= 1000;
		n--;
	}
	if ((dot = memchr(p, '.', n)) != NULL) {
		fn = n - (size_t)(dot - p) - 1;
		if (mul == 1 || fn == 0 || fn > 6 ||
		    !parse_uint(dot + 1, fn, &frac))
			return false;
		n = (size_t)(dot - p);
		for (size_t k = 0; k < fn; k++)
			fdiv *= 10;
		if ((frac * mul) % fdiv != 0)
			return false;
	}
	if (!parse_uint(p, n, &whole) || (whole != 0 && UINT64_MAX / whole < mul))
		return false;
	*out = whole * mul + frac * mul / fdiv;
	return true;
}

static const char *
type_name(enum ftype t)
{
	static const char *const names[] = { "an integer", "a count",
		"a port", "a protocol", "tcp-flags", "a traffic path", "a time",
		"an address", "a string", "a word" };

	return names[t];
}

/* An integer-like value of type t: a number or, for some types, a name. */
static bool
parse_number(enum ftype t, const char *p, size_t n, uint64_t *out)
{
	int v;

	if (t == T_COUNT)
		return parse_count(p, n, out);
	if (t == T_PROTO && (v = proto_lookup(p, n)) >= 0) {
		*out = (uint64_t)v;
		return true;
	}
	if (t == T_TPATH && (v = tpath_lookup(p, n)) >= 0) {
		*out = (uint64_t)v;
		return true;
	}
	return parse_uint(p, n, out) && (t == T_TIME || *out <= ftype_max(t));
}

/* now, now-2h, -15m, +1d: relative to env->now_ms. */
static bool
parse_relative(const char *p, size_t n, int64_t now, int64_t *out)
{
	static const struct {
		char unit;
		int64_t ms;
	} units[] = { { 's', 1000 }, { 'm', 60000 }, { 'h', 3600000 },
		{ 'd', 86400000 }, { 'w', 604800000 } };
	uint64_t v;
	int64_t sign;

	if (n >= 3 && strncasecmp(p, "now", 3) == 0) {
		p += 3;
		n -= 3;
		if (n == 0) {
			*out = now;
			return true;
		}
	}
	if (n < 3 || (p[0] != '-' && p[0] != '+'))
		return false;
	sign = p[0] == '-' ? -1 : 1;
	if (!parse_uint(p + 1, n - 2, &v) || v > 100000000)
		return false;
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
		if (tolower((unsigned char)p[n - 1]) == units[k].unit) {
			*out = now + sign * (int64_t)v * units[k].ms;
			return true;
		}
	return false;
}

/* A time constant as the period [lo, lo + span). */
static bool
parse_time_value(const char *p, size_t n, int64_t now, int64_t *lo,
    int64_t *span)
{
	uint64_t v;

	*span = 1000;
	if (parse_uint(p, n, &v) && v < 100000000000ULL) {
		*lo = (int64_t)v * 1000;
		return true;
	}
	if (parse_relative(p, n, now, lo)) {
		*lo -= ((*lo % 1000) + 1000) % 1000;
		return true;
	}
	return parse_iso_time(p, n, lo, span);
}

static const char *
find_dotdot(const char *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (p[i] == '.' && p[i + 1] == '.')
			return p + i;
	return NULL;
}

static bool glob_match(const char *pat, size_t pn, const char *s, size_t sn,
    bool icase);

/* "1024-65535": a range written as nfdump or a shell writes it. */
static bool
dashed_range(enum ftype t, const char *p, size_t n)
{
	const char *dash = memchr(p, '-', n);
	uint64_t a, b;
	struct addr x, y;

	if (dash == NULL)
		return false;
	if (t == T_ADDR)
		return parse_addr(p, (size_t)(dash - p), &x) &&
		    parse_addr(dash + 1, n - (size_t)(dash - p) - 1, &y);
	return parse_uint(p, (size_t)(dash - p), &a) &&
	    parse_uint(dash + 1, n - (size_t)(dash - p) - 1, &b);
}

static const char *
parse_flags(const char *p, size_t n, struct valset *vs)
{
	unsigned mask = 0;

	for (size_t i = 0, s = 0; i <= n; i++)
		if (i == n || p[i] == '+') {
			int bit = tcpflag_lookup(p + s, i - s);

			if (bit < 0)
				return "not a TCP flag (FIN SYN RST PSH ACK URG "
				    "ECE CWR, joined by + for all of them) or number";
			mask |= (unsigned)bit;
			s = i + 1;
		}
	vs->masks = xreallocarray(vs->masks, vs->nmasks + 1, sizeof *vs->masks);
	vs->masks[vs->nmasks++] = mask;
	return NULL;
}

static const char *
parse_int_value(enum ftype t, const char *p, size_t n, struct valset *vs)
{
	const char *dd = find_dotdot(p, n);
	size_t ln = dd ? (size_t)(dd - p) : n;
	uint64_t lo, hi;

	if (t == T_FLAGS && dd == NULL && !parse_uint(p, n, &lo))
		return parse_flags(p, n, vs);
	if (!parse_number(t, p, ln, &lo) ||
	    (dd && !parse_number(t, dd + 2, n - ln - 2, &hi))) {
		if (dashed_range(t, p, n))
			return "not a number (a range is written with .., as "
			    "1024..65535)";
		return t == T_PROTO ? "not a protocol number or name" :
		    t == T_PORT ? "not a port (0 to 65535)" :
		    t == T_TPATH ? "not a traffic path (1 to 8, or a name)" :
		    "not a number";
	}
	if (!dd)
		hi = lo;
	if (hi < lo)
		return "an empty range (the first bound is larger)";
	add_urange(vs, lo, hi);
	return NULL;
}

static const char *
parse_time_range(const char *p, size_t n, int64_t now, struct valset *vs)
{
	const char *dd = find_dotdot(p, n);
	size_t ln = dd ? (size_t)(dd - p) : n;
	int64_t lo, hi, span, span2;

	if (!parse_time_value(p, ln, now, &lo, &span) ||
	    (dd && !parse_time_value(dd + 2, n - ln - 2, now, &hi, &span2)))
		return "not a time (epoch seconds, ISO 8601 such as "
		    "2024-03-25T14:00:00Z, or relative such as -15m)";
	hi = dd ? hi + span2 - 1 : lo + span - 1;
	if (hi < lo)
		return "an empty range (the first bound is later)";
	if (span > 1000 || dd)
		vs->has_span = true;
	add_urange(vs, time_key(lo), time_key(hi));
	return NULL;
}

/* ::ffff:0:0/96, where IPv4 addresses are held */
static const struct addr v4lo = { 0, 0xffff00000000ULL },
    v4hi = { 0, 0xffffffffffffULL };

static bool
within_v4(const struct addr *lo, const struct addr *hi)
{
	return addr_cmp(lo, &v4lo) >= 0 && addr_cmp(hi, &v4hi) <= 0;
}

/* "; write 10.0.0.0/8": an IPv4 range as a prefix if it is one. */
static void
v4_spelling(const struct addr *lo, const struct addr *hi, char *buf,
    size_t len)
{
	char a[64], b[64], cidr[80];
	struct addr l2, h2;

	format_addr(lo, a);
	format_addr(hi, b);
	for (int bits = 0; bits <= 32; bits++) {
		snprintf(cidr, sizeof cidr, "%s/%d", a, bits);
		if (parse_cidr(cidr, strlen(cidr), &l2, &h2) >= 0 &&
		    addr_cmp(&l2, lo) == 0 && addr_cmp(&h2, hi) == 0) {
			snprintf(buf, len, "; write %s", cidr);
			return;
		}
	}
	snprintf(buf, len, "; write %s..%s", a, b);
}

/*
 * An address, a prefix or a range.  Each family matches only its own
 * addresses: an IPv6 prefix or range that spans the block where IPv4 is
 * held (::/0 does) is kept aside, to be cut around it, and one that lies
 * inside it is a mistake with a better spelling.
 */
static const char *
parse_addr_value(const char *p, size_t n, struct valset *vs)
{
	const char *dd;
	size_t ln;
	bool v6;
	struct addr lo, hi;
	uint32_t lo4, hi4;

	if (parse_v4_block(p, n, &lo4, &hi4)) {	/* most values, quickly */
		add_v4range(vs, lo4, hi4);
		return NULL;
	}
	dd = find_dotdot(p, n);
	ln = dd ? (size_t)(dd - p) : n;
	v6 = memchr(p, ':', n) != NULL;

	if (memchr(p, '/', n) != NULL && !dd) {
		if (parse_cidr(p, n, &lo, &hi) < 0)
			return "not an address/prefix (bad address or prefix "
			    "length)";
	} else if (!parse_addr(p, ln, &lo) ||
	    (dd && !parse_addr(dd + 2, n - ln - 2, &hi)))
		return dashed_range(T_ADDR, p, n) ? "not an address (a range is "
		    "written with .., as 10.0.0.1..10.0.0.9)" :
		    "not an IPv4 or IPv6 address";
	else if (!dd)
		hi = lo;
	if (addr_cmp(&hi, &lo) < 0)
		return "an empty range (the first bound is larger)";
	if (addr_is_v4(&lo) != addr_is_v4(&hi))
		return "a range from one family to the other (IPv4 and IPv6 do "
		    "not order against each other)";
	if (v6 && addr_cmp(&lo, &hi) != 0 && within_v4(&lo, &hi)) {
		v4_spelling(&lo, &hi, vs->hint, sizeof vs->hint);
		return "IPv4 written as IPv6 (an IPv6 prefix or range matches "
		    "IPv6 addresses only)";
	}
	if (v6 && !within_v4(&lo, &hi) && addr_cmp(&lo, &v4hi) <= 0 &&
	    addr_cmp(&hi, &v4lo) >= 0) {
		vs->ar6 = xreallocarray(vs->ar6, vs->nar6 + 1, sizeof *vs->ar6);
		vs->ar6[vs->nar6].lo = lo;
		vs->ar6[vs->nar6++].hi = hi;
		return NULL;
	}
	add_arange(vs, lo, hi);
	return NULL;
}

/* A word of a closed set, or a pattern matching one of them. */
static const char *
parse_word(int fid, const char *p, size_t n, struct valset *vs)
{
	const char *const *w = field_words(fid), *sug;
	bool glob = memchr(p, '*', n) != NULL;
	int k;

	for (const char *const *v = w; v != NULL && *v != NULL; v++)
		if (glob ? glob_match(p, n, *v, strlen(*v), true) :
		    strlen(*v) == n && strncasecmp(*v, p, n) == 0) {
			add_str(vs, p, n);
			return NULL;
		}
	if (w == NULL) {
		add_str(vs, p, n);
		return NULL;
	}
	k = snprintf(vs->why, sizeof vs->why, "not ");
	for (const char *const *v = w; *v != NULL && k > 0 &&
	    (size_t)k < sizeof vs->why; v++)
		k += snprintf(vs->why + k, sizeof vs->why - (size_t)k, "%s%s",
		    *v, v[1] == NULL ? "" : v[2] == NULL ? " or " : ", ");
	if ((sug = field_word_suggest(fid, p, n)) != NULL && !glob)
		snprintf(vs->hint, sizeof vs->hint, " (did you mean %s?)", sug);
	return vs->why;
}

/*
 * Parse one value for field fid into vs.  Returns NULL when all went
 * well, else what was wrong.
 */
static const char *
parse_value(int fid, const char *p, size_t n, int64_t now, struct valset *vs)
{
	enum ftype t = field_get(fid)->type;

	switch (t) {
	case T_INT: case T_COUNT: case T_PORT: case T_PROTO: case T_TPATH:
	case T_FLAGS:
		return parse_int_value(t, p, n, vs);
	case T_TIME:
		return parse_time_range(p, n, now, vs);
	case T_ADDR:
		return parse_addr_value(p, n, vs);
	case T_ENUM:
		return parse_word(fid, p, n, vs);
	case T_STR:
		add_str(vs, p, n);
		return NULL;
	}
	return "unknown type";
}

/* --- sets: sort and merge, for binary search per record ----------- */

static int
cmp_urange(const void *a, const void *b)
{
	const struct urange *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int
cmp_arange(const void *a, const void *b)
{
	const struct arange *x = a, *y = b;

	return addr_cmp(&x->lo, &y->lo);
}

static int
cmp_str(const void *a, const void *b)
{
	const struct slice *x = a, *y = b;
	int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);

	return c != 0 ? c : (x->n > y->n) - (x->n < y->n);
}

/* ASCII only, inline: enumerated values are short and this is hot. */
static int
cmp_str_icase(const void *a, const void *b)
{
	const struct slice *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;

	for (size_t i = 0; i < n; i++) {
		int cx = (unsigned char)x->p[i], cy = (unsigned char)y->p[i];

		if (cx >= 'A' && cx <= 'Z')
			cx += 'a' - 'A';
		if (cy >= 'A' && cy <= 'Z')
			cy += 'a' - 'A';
		if (cx != cy)
			return cx - cy;
	}
	return (x->n > y->n) - (x->n < y->n);
}

static void
merge_uranges(struct test *t)
{
	size_t k = 0;

	if (t->nur == 0)
		return;
	qsort(t->ur, t->nur, sizeof *t->ur, cmp_urange);
	for (size_t i = 0; i < t->nur; i++) {
		if (k > 0 && (t->ur[i].lo <= t->ur[k - 1].hi ||
		    t->ur[i].lo - 1 == t->ur[k - 1].hi)) {
			if (t->ur[i].hi > t->ur[k - 1].hi)
				t->ur[k - 1].hi = t->ur[i].hi;
		} else
			t->ur[k++] = t->ur[i];
	}
	t->nur = k;
}

static void
merge_aranges(struct test *t)
{
	size_t k = 0;

	if (t->nar == 0)
		return;
	qsort(t->ar, t->nar, sizeof *t->ar, cmp_arange);
	for (size_t i = 0; i < t->nar; i++) {
		if (k > 0 && addr_cmp(&t->ar[i].lo, &t->ar[k - 1].hi) <= 0) {
			if (addr_cmp(&t->ar[i].hi, &t->ar[k - 1].hi) > 0)
				t->ar[k - 1].hi = t->ar[i].hi;
		} else
			t->ar[k++] = t->ar[i];
	}
	t->nar = k;
}

/*
 * Sort IPv4 ranges by their start: a radix sort, 11 bits a pass, since a
 * list of ten million blocks is read at start-up and qsort with a
 * compare function would take seconds.
 */
static void
sort_v4ranges(struct v4range *r, size_t n)
{
	struct v4range *tmp = xmalloc(n * sizeof *tmp), *from = r, *to = tmp;

	for (int shift = 0; shift < 32; shift += 11) {
		size_t count[2049] = { 0 };

		for (size_t i = 0; i < n; i++)
			count[(from[i].lo >> shift & 2047) + 1]++;
		for (int b = 1; b <= 2048; b++)
			count[b] += count[b - 1];
		for (size_t i = 0; i < n; i++)
			to[count[from[i].lo >> shift & 2047]++] = from[i];
		struct v4range *swap = from;

		from = to;
		to = swap;
	}
	if (from != r)	/* three passes: the sorted copy is tmp */
		memcpy(r, from, n * sizeof *r);
	free(tmp);
}

static void
merge_v4ranges(struct test *t)
{
	size_t k = 0;

	if (t->nar4 == 0)
		return;
	sort_v4ranges(t->ar4, t->nar4);
	for (size_t i = 0; i < t->nar4; i++) {
		if (k > 0 && (uint64_t)t->ar4[i].lo <= (uint64_t)t->ar4[k - 1].hi + 1) {
			if (t->ar4[i].hi > t->ar4[k - 1].hi)
				t->ar4[k - 1].hi = t->ar4[i].hi;
		} else
			t->ar4[k++] = t->ar4[i];
	}
	t->nar4 = k;
}

static bool
in_v4ranges(const struct test *t, uint32_t v)
{
	size_t lo = 0, hi = t->nar4;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v < t->ar4[mid].lo)
			hi = mid;
		else if (v > t->ar4[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static bool
in_uranges(const struct test *t, uint64_t v)
{
	size_t lo = 0, hi = t->nur;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v < t->ur[mid].lo)
			hi = mid;
		else if (v > t->ur[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static bool
in_aranges(const struct test *t, const struct addr *a)
{
	size_t lo = 0, hi = t->nar;

	if (addr_is_v4(a))
		return in_v4ranges(t, (uint32_t)a->lo);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr_cmp(a, &t->ar[mid].lo) < 0)
			hi = mid;
		else if (addr_cmp(a, &t->ar[mid].hi) > 0)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* --- explain text --------------------------------------------------- */

static void
sb_time(struct strbuf *sb, int64_t ms)
{
	time_t s = (time_t)floor_div(ms, 1000);
	int frac = (int)(ms - (int64_t)s * 1000);
	struct tm tm;
	char buf[64];

	gmtime_r(&s, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	sb_add(sb, buf, strlen(buf));
	if (frac != 0)
		sb_printf(sb, ".%03d", frac);
	sb_add(sb, "Z", 1);
}

static void
sb_quoted(struct strbuf *sb, const char *p, size_t n)
{
	bool plain = n > 0;

	for (size_t i = 0; i < n; i++)
		if (!is_word_byte((unsigned char)p[i]))
			plain = false;
	if (plain) {
		sb_add(sb, p, n);
		return;
	}
	sb_add(sb, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			sb_add(sb, "\\", 1);
		sb_add(sb, p + i, 1);
	}
	sb_add(sb, "\"", 1);
}

static void
explain_number(struct strbuf *sb, int fid, uint64_t v)
{
	enum ftype t = field_get(fid)->type;
	const char *name = t == T_PROTO ? proto_name((unsigned)v) :
	    t == T_TPATH ? tpath_name((unsigned)v) : NULL;
	char flags[64];

	sb_printf(sb, "%llu", (unsigned long long)v);
	if (t == T_FLAGS && v <= 255) {
		tcpflags_render((unsigned)v, flags);
		sb_printf(sb, " (%s)", flags);
	} else if (name != NULL)
		sb_printf(sb, " (%s)", name);
}

static void
explain_urange(struct strbuf *sb, int fid, bool time, struct urange r)
{
	if (time) {
		sb_time(sb, time_of_key(r.lo));
		if (r.hi != r.lo) {
			sb_add(sb, "..", 2);
			sb_time(sb, time_of_key(r.hi));
		}
		return;
	}
	explain_number(sb, fid, r.lo);
	if (r.hi != r.lo) {
		sb_add(sb, "..", 2);
		explain_number(sb, fid, r.hi);
	}
}

/* The address range as a CIDR if it is one, else lo..hi. */
static void
explain_arange(struct strbuf *sb, struct arange r)
{
	char a[64], b[64];
	int len = 128;
	struct addr lo = r.lo, hi = r.hi;

	format_addr(&r.lo, a);
	while (len > 0) {
		int bit = 128 - len;
		uint64_t m = bit < 64 ? 1ULL << bit : 1ULL << (bit - 64);
		uint64_t lobit = bit < 64 ? lo.lo & m : lo.hi & m;
		uint64_t hibit = bit < 64 ? hi.lo & m : hi.hi & m;

		if (lobit != 0 || hibit == 0)
			break;
		len--;
	}
	{
		struct addr l2, h2;
		char cidr[80];
		int plen = addr_is_v4(&r.lo) ? len - 96 : len;

		snprintf(cidr, sizeof cidr, "%s/%d", a, plen);
		if (len < 128 && (!addr_is_v4(&r.lo) || len >= 96) &&
		    parse_cidr(cidr, strlen(cidr), &l2, &h2) >= 0 &&
		    addr_cmp(&l2, &r.lo) == 0 && addr_cmp(&h2, &r.hi) == 0) {
			sb_add(sb, cidr, strlen(cidr));
			return;
		}
	}
	sb_add(sb, a, strlen(a));
	if (addr_cmp(&r.lo, &r.hi) != 0) {
		format_addr(&r.hi, b);
		sb_printf(sb, "..%s", b);
	}
}

/* --- the checker: a comparison becomes a test ----------------------- */

static int
type_cost(enum tkind k)
{
	switch (k) {
	case K_MISSING: return 1;
	case K_NUM: return 2;
	case K_ADDR: return 3;
	case K_STR: return 4;
	case K_FIELD: return 5;
	case K_REGEX: return 20;
	}
	return 10;
}

/* Read the values of @FILE: one per line, # comments, blank lines. */
static bool
read_list_file(struct parser *ps, const struct rawval *rv, int fid,
    struct valset *vs)
{
	const char *path = rv->text + 1;	/* token texts end in NUL */
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	bool ok = true;

	if (fp == NULL) {
		fail(&ps->lx, rv->pos, rv->plen, "cannot read list %s: %s", path,
		    strerror(errno));
		return false;
	}
	while (ok && (len = getline(&line, &cap, fp)) >= 0) {
		size_t a = 0, b = (size_t)len;
		const char *hash = memchr(line, '#', (size_t)len);
		const char *why;

		lineno++;
		if (hash != NULL)
			b = (size_t)(hash - line);
		while (a < b && isspace((unsigned char)line[a]))
			a++;
		while (b > a && isspace((unsigned char)line[b - 1]))
			b--;
		if (a == b)
			continue;
		if (memchr(line + a, '\0', b - a) != NULL)
			why = "binary (it holds a NUL byte)";
		else
			why = parse_value(fid, line + a, b - a, ps->e->now_ms, vs);
		if (why != NULL) {
			fail(&ps->lx, rv->pos, rv->plen, "%s:%lu: '%.*s' is %s%s",
			    path, lineno, (int)(b - a > 40 ? 40 : b - a), line + a,
			    why, vs->hint);
			ok = false;
		}
	}
	if (ok && ferror(fp)) {
		fail(&ps->lx, rv->pos, rv->plen, "cannot read list %s: %s", path,
		    strerror(errno));
		ok = false;
	}
	free(line);
	fclose(fp);
	return ok;
}

/*
 * The plain text a regex starts with (after ^), which every match must
 * contain: letters, digits and - _ / : @ , = up to the first other byte,
 * less the last one if a quantifier follows it.  A pattern with | anywhere
 * gives none, to stay safe without parsing the regex.
 */
static struct slice
regex_literal(const char *p, size_t n)
{
	struct slice lit = { NULL, 0 };
	size_t i = 0, start;

	if (memchr(p, '|', n) != NULL)
		return lit;
	if (i < n && p[i] == '^')
		i++;
	start = i;
	while (i < n && (isalnum((unsigned char)p[i]) ||
	    strchr("-_/:@,=", p[i]) != NULL) && p[i] != '\0')
		i++;
	if (i < n && strchr("?*+{", p[i]) != NULL && i > start)
		i--;
	if (i - start >= 3) {
		lit.p = p + start;
		lit.n = i - start;
	}
	return lit;
}

static bool
compile_regex(struct parser *ps, struct test *t, const struct rawval *rv)
{
	int code;
	PCRE2_SIZE off;
	uint32_t opts = rv->caseless ? PCRE2_CASELESS : 0;
	pcre2_code *code8 = pcre2_compile((PCRE2_SPTR)rv->text, rv->len, opts,
	    &code, &off, NULL);
	struct regex *re;
	uint32_t groups;

	if (code8 == NULL) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(code, msg, sizeof msg);
		fail(&ps->lx, rv->pos + (rv->regex || rv->quoted ? 1 : 0) +
		    (int)off, 1, "bad regular expression: %s (at offset %zu)",
		    (const char *)msg, (size_t)off);
		return false;
	}
	/* JIT is a speed-up, not a need: without it the interpreter runs. */
	(void)pcre2_jit_compile(code8, PCRE2_JIT_COMPLETE);
	if (pcre2_pattern_info(code8, PCRE2_INFO_CAPTURECOUNT, &groups) == 0 &&
	    groups > ps->e->most_groups)
		ps->e->most_groups = groups;
	re = newchunk(ps->e, sizeof *re);
	re->code = code8;
	re->literal = regex_literal(rv->text, rv->len);
	re->next = ps->e->regexes;
	ps->e->regexes = re;
	t->re = re;
	t->kind = K_REGEX;
	t->icase = rv->caseless;
	t->pattern.p = rv->text;	/* token texts live as long as e */
	t->pattern.n = rv->len;
	return true;
}

struct cmp {
	int fid, fpos, flen;
	enum op op;
	struct rawval *vals;
	size_t nvals;
	bool list;     /* written as a list: a,b or (a, b) or @file */
	int opos;
};

/* Lists are shown up to this many values: a file may hold millions. */
#define EXPLAIN_MOST 32

/* Another value to show, after a comma if not the first; k counts them. */
static bool
next_value(struct strbuf *sb, size_t *k)
{
	if (*k >= EXPLAIN_MOST)
		return false;
	if ((*k)++ > 0)
		sb_add(sb, ", ", 2);
	return true;
}

static void
explain_values(struct strbuf *sb, const struct test *t, const struct cmp *c,
    const struct valset *vs)
{
	size_t k = 0;
	char flags[64];

	for (size_t i = 0; i < vs->nmasks && next_value(sb, &k); i++) {
		tcpflags_render(vs->masks[i], flags);
		sb_printf(sb, "%s (all set)", flags);
	}
	for (size_t i = 0; i < vs->nur && next_value(sb, &k); i++)
		explain_urange(sb, c->fid, t->time, vs->ur[i]);
	for (size_t i = 0; i < vs->nar4 && next_value(sb, &k); i++)
		explain_arange(sb, widen(vs->ar4[i]));
	for (size_t i = 0; i < vs->nar && next_value(sb, &k); i++)
		explain_arange(sb, vs->ar[i]);
	for (size_t i = 0; i < vs->nar6 && next_value(sb, &k); i++) {
		explain_arange(sb, vs->ar6[i]);
		sb_printf(sb, " (IPv6 only)");
	}
	for (size_t i = 0; i < vs->nstrs && next_value(sb, &k); i++)
		sb_quoted(sb, vs->strs[i].p, vs->strs[i].n);
}

static void
explain_test(struct strbuf *sb, const struct test *t, const struct cmp *c,
    const struct valset *vs)
{
	const char *fname = field_get(c->fid)->name;
	size_t nitems = vs->nur + vs->nmasks + vs->nar4 + vs->nar + vs->nar6 +
	    vs->nstrs;
	bool setlike = c->list || nitems != 1 || vs->has_span ||
	    (vs->nar4 == 1 && vs->ar4[0].lo != vs->ar4[0].hi) ||
	    (vs->nar == 1 && addr_cmp(&vs->ar[0].lo, &vs->ar[0].hi) != 0) ||
	    (vs->nur == 1 && vs->ur[0].lo != vs->ur[0].hi);
	const char *op = op_text[c->op];

	if (t->kind == K_MISSING) {
		sb_printf(sb, "%s %s -", fname, op);
		return;
	}
	if (t->kind == K_REGEX) {
		sb_printf(sb, "%s %s /", fname, op);
		for (size_t i = 0; i < c->vals[0].len; i++) {
			if (c->vals[0].text[i] == '/')
				sb_add(sb, "\\", 1);
			sb_add(sb, c->vals[0].text + i, 1);
		}
		sb_add(sb, c->vals[0].caseless ? "/i" : "/",
		    c->vals[0].caseless ? 2 : 1);
		return;
	}
	if ((c->op == OP_EQ || c->op == OP_IN) && setlike)
		op = "in";
	else if (c->op == OP_NE && setlike)
		op = "not in";
	sb_printf(sb, "%s %s ", fname, op);
	if (nitems > 1 || c->list)
		sb_add(sb, "(", 1);
	explain_values(sb, t, c, vs);
	if (nitems > EXPLAIN_MOST)
		sb_printf(sb, ", ... %zu in all", nitems);
	if (nitems > 1 || c->list)
		sb_add(sb, ")", 1);
}

/* The one address range of vs, whatever its family; false if not one. */
static bool
only_arange(struct valset *vs, struct arange *r)
{
	if (vs->nar4 + vs->nar != 1)
		return false;
	*r = vs->nar4 == 1 ? widen(vs->ar4[0]) : vs->ar[0];
	vs->nar4 = vs->nar = 0;
	return true;
}

/*
 * An order on addresses stays within the bound's family: IPv4 lives in
 * ::ffff:0:0/96, so without this srcaddr>200.0.0.0 would hold for most
 * IPv6 addresses.
 */
static void
keep_family(struct valset *vs, struct arange r, bool v4)
{
	static const struct addr mlo = { 0, 0xffff00000000ULL },
	    mhi = { 0, 0xffffffffffffULL };

	if (v4) {
		if (addr_cmp(&r.lo, &mlo) < 0)
			r.lo = mlo;
		if (addr_cmp(&r.hi, &mhi) > 0)
			r.hi = mhi;
		if (addr_cmp(&r.lo, &r.hi) <= 0)
			add_arange(vs, r.lo, r.hi);
		return;
	}
	if (addr_cmp(&r.lo, &mlo) < 0) {	/* the part below the block */
		struct addr below = mlo;

		below.lo--;
		add_arange(vs, r.lo, addr_cmp(&r.hi, &below) < 0 ? r.hi : below);
	}
	if (addr_cmp(&r.hi, &mhi) > 0) {	/* the part above it */
		struct addr above = mhi;

		above.lo++;
		add_arange(vs, addr_cmp(&r.lo, &above) > 0 ? r.lo : above, r.hi);
	}
}

/*
 * An order comparison as written: a time by the edge of its period that
 * the operator uses (< and >= its start, <= and > its end).
 */
static void
explain_order(struct strbuf *sb, const struct test *t, const struct cmp *c,
    struct valset *vs)
{
	struct cmp shown = *c;
	bool span = vs->has_span;

	if (t->time && vs->nur == 1) {
		uint64_t edge = c->op == OP_LT || c->op == OP_GE ? vs->ur[0].lo :
		    vs->ur[0].hi;

		sb_printf(sb, "%s %s ", field_get(c->fid)->name, op_text[c->op]);
		sb_time(sb, time_of_key(edge));
		return;
	}
	shown.list = false;
	vs->has_span = false;
	explain_test(sb, t, &shown, vs);
	vs->has_span = span;
}

/* <, <=, >, >= over one value become a range: one mechanism for all. */
static const char *
order_to_range(enum op op, struct valset *vs)
{
	const uint64_t max = UINT64_MAX;
	struct arange r;

	if (vs->nur == 1) {
		struct urange u = vs->ur[0];

		switch (op) {
		case OP_LT:
			if (u.lo == 0)
				vs->nur = 0;
			else
				vs->ur[0] = (struct urange){ 0, u.lo - 1 };
			break;
		case OP_LE:
			vs->ur[0] = (struct urange){ 0, u.hi };
			break;
		case OP_GT:
			if (u.hi == max)
				vs->nur = 0;
			else
				vs->ur[0] = (struct urange){ u.hi + 1, max };
			break;
		default:
			vs->ur[0] = (struct urange){ u.lo, max };
			break;
		}
		return NULL;
	}
	if (only_arange(vs, &r)) {
		static const struct addr zero = { 0, 0 }, ones = { ~0ULL, ~0ULL };
		struct arange out;
		struct addr a;

		switch (op) {
		case OP_LT:
			a = r.lo;
			if (addr_cmp(&a, &zero) == 0)
				return NULL;
			if (a.lo-- == 0)
				a.hi--;
			out = (struct arange){ zero, a };
			break;
		case OP_LE:
			out = (struct arange){ zero, r.hi };
			break;
		case OP_GT:
			a = r.hi;
			if (addr_cmp(&a, &ones) == 0)
				return NULL;
			if (++a.lo == 0)
				a.hi++;
			out = (struct arange){ a, ones };
			break;
		default:
			out = (struct arange){ r.lo, ones };
			break;
		}
		keep_family(vs, out, addr_is_v4(&r.lo));
		return NULL;
	}
	return "needs a single number, time or address";
}

/* A test for the comparison c, its sides and kind set from the field. */
static struct test *
new_test(struct parser *ps, const struct cmp *c)
{
	const struct field_info *fi = field_get(c->fid);
	struct test *t = newchunk(ps->e, sizeof *t);

	t->fid = c->fid;
	t->neg = c->op == OP_NE || c->op == OP_NMATCH;
	t->nsides = 1;
	t->side[0] = c->fid;
	if (c->fid == F_ADDR || c->fid == F_PORT) {
		t->nsides = 2;
		t->side[0] = c->fid == F_ADDR ? F_SRCADDR : F_SRCPORT;
		t->side[1] = c->fid == F_ADDR ? F_DSTADDR : F_DSTPORT;
	}
	t->time = fi->type == T_TIME;
	t->icase = fi->type == T_ENUM;
	t->kind = fi->type == T_ADDR ? K_ADDR : fi->type == T_STR ||
	    fi->type == T_ENUM ? K_STR : K_NUM;
	for (int s = 0; s < t->nsides; s++)
		ps->e->uses[t->side[s]] = true;
	if (c->fid == F_DURATION)
		ps->e->uses[F_START] = ps->e->uses[F_END] = true;
	ps->e->uses[c->fid] = true;
	return t;
}

/* Parse every written value (and @FILE) of c for the field's type. */
static void
read_values(struct parser *ps, const struct cmp *c, struct valset *vs)
{
	const struct field_info *fi = field_get(c->fid);

	for (size_t i = 0; i < c->nvals && !ps->lx.failed; i++) {
		const struct rawval *rv = &c->vals[i];
		const char *why;

		if (rv->file) {
			read_list_file(ps, rv, c->fid, vs);
			continue;
		}
		if (rv->regex) {
			fail(&ps->lx, rv->pos, rv->plen, "a regular expression "
			    "needs ~ or !~");
			break;
		}
		if (!rv->quoted && rv->len == 1 && rv->text[0] == '-') {
			fail(&ps->lx, rv->pos, 1, "- (the missing value) cannot "
			    "be part of a list");
			break;
		}
		if ((why = parse_value(c->fid, rv->text, rv->len,
		    ps->e->now_ms, vs)) != NULL)
			fail(&ps->lx, rv->pos, rv->plen, "'%.*s' is %s for %s%s",
			    (int)(rv->len > 60 ? 60 : rv->len), rv->text, why,
			    fi->name, vs->hint);
	}
}

/* An IPv6 range, less the block that holds IPv4: one or two ranges. */
static void
cut_v4_block(struct valset *vs, struct arange r)
{
	struct addr below = v4lo, above = v4hi;

	below.lo--;
	above.lo++;
	if (addr_cmp(&r.lo, &v4lo) < 0)
		add_arange(vs, r.lo, addr_cmp(&r.hi, &below) < 0 ? r.hi : below);
	if (addr_cmp(&r.hi, &v4hi) > 0)
		add_arange(vs, addr_cmp(&r.lo, &above) > 0 ? r.lo : above, r.hi);
}

/* Hand the parsed values to the test, sorted for binary search. */
static void
store_values(struct expr *e, struct test *t, struct valset *vs)
{
	for (size_t i = 0; i < vs->nar6; i++)
		cut_v4_block(vs, vs->ar6[i]);
	free(vs->ar6);
	if (vs->ur != NULL)
		adopt(e, vs->ur);
	if (vs->ar != NULL)
		adopt(e, vs->ar);
	if (vs->ar4 != NULL)
		adopt(e, vs->ar4);
	if (vs->masks != NULL)
		adopt(e, vs->masks);
	if (t->kind == K_ADDR) {
		t->ar = vs->ar;
		t->nar = vs->nar;
		t->ar4 = vs->ar4;
		t->nar4 = vs->nar4;
		merge_aranges(t);
		merge_v4ranges(t);
	} else if (t->kind == K_STR) {
		t->strs = newchunk(e, vs->nstrs * sizeof *t->strs);
		t->globs = newchunk(e, vs->nstrs * sizeof *t->globs);
		for (size_t i = 0; i < vs->nstrs; i++) {
			if (memchr(vs->strs[i].p, '*', vs->strs[i].n) != NULL)
				t->globs[t->nglobs++] = vs->strs[i];
			else
				t->strs[t->nstrs++] = vs->strs[i];
		}
		if (t->nstrs > 0)
			qsort(t->strs, t->nstrs, sizeof *t->strs,
			    t->icase ? cmp_str_icase : cmp_str);
	} else {
		t->ur = vs->ur;
		t->nur = vs->nur;
		t->masks = vs->masks;
		t->nmasks = vs->nmasks;
		merge_uranges(t);
	}
	free(vs->strs);	/* the strings themselves are e's */
	t->cost = (type_cost(t->kind) + (t->nglobs > 0) +
	    (t->nur + t->nar4 + t->nar + t->nstrs > 8)) * t->nsides +
	    (t->fid == F_DURATION);
}

static bool
is_missing_value(const struct cmp *c)
{
	return c->nvals == 1 && !c->list && !c->vals[0].quoted &&
	    c->vals[0].len == 1 && c->vals[0].text[0] == '-';
}

/* Which values compare with which: numbers, times, addresses, text. */
static int
type_class(enum ftype t)
{
	switch (t) {
	case T_TIME: return 1;
	case T_ADDR: return 2;
	case T_STR: case T_ENUM: return 3;
	default: return 0;
	}
}

/*
 * The field a comparison's value names, when it is one unquoted word
 * that is a field's name (srcport<dstport); quoted, it is text.
 */
static int
field_operand(const struct cmp *c)
{
	const struct rawval *rv = &c->vals[0];

	if (c->nvals != 1 || c->list || rv->quoted || rv->regex || rv->file ||
	    c->op == OP_MATCH || c->op == OP_NMATCH)
		return -1;
	if (rv->len > 3 && rv->text[0] == '$' && rv->text[1] == '{')
		return field_lookup(rv->text + 2, rv->len - 3);
	return field_lookup(rv->text, rv->len);
}

/* @file and @line are the reader's, not the record's: not for testing. */
static void
origin_error(struct lexer *lx, int pos, int len, int fid)
{
	fail(lx, pos, len, "%s is where a record was read, for -o, -t, "
	    "--json, --csv and --by; an expression tests the record (to "
	    "choose files, name them)", field_get(fid)->name);
}

/* field op other-field */
static struct test *
check_field_cmp(struct parser *ps, struct cmp *c, int rhs,
    struct strbuf *explain)
{
	static const enum relop rel[] = { [OP_EQ] = R_EQ, [OP_NE] = R_NE,
		[OP_LT] = R_LT, [OP_LE] = R_LE, [OP_GT] = R_GT, [OP_GE] = R_GE,
		[OP_IN] = R_EQ };
	const struct field_info *l = field_get(c->fid), *r = field_get(rhs);
	const struct rawval *rv = &c->vals[0];
	struct test *t = new_test(ps, c);

	if (FIELD_EITHER(rhs))
		fail(&ps->lx, rv->pos, rv->plen, "%s stands for two fields; "
		    "compare with one of them", r->name);
	else if (FIELD_ORIGIN(rhs))
		origin_error(&ps->lx, rv->pos, rv->plen, rhs);
	else if (type_class(l->type) != type_class(r->type))
		fail(&ps->lx, rv->pos, rv->plen, "%s (%s) does not compare "
		    "with %s (%s); quote the value to mean the text", l->name,
		    type_name(l->type), r->name, type_name(r->type));
	else if (type_class(l->type) == 3 && c->op != OP_EQ &&
	    c->op != OP_NE && c->op != OP_IN)
		fail(&ps->lx, c->opos, (int)strlen(op_text[c->op]), "%s does not "
		    "apply to %s, %s field", op_text[c->op], l->name,
		    type_name(l->type));
	t->kind = K_FIELD;
	t->neg = false;
	t->rel = rel[c->op];
	t->rhs = rhs;
	t->cost = type_cost(K_FIELD) * t->nsides;
	ps->e->uses[rhs] = true;
	if (rhs == F_DURATION)
		ps->e->uses[F_START] = ps->e->uses[F_END] = true;
	sb_printf(explain, "%s %s %s (a field)", l->name, op_text[c->op],
	    r->name);
	return t;
}

/* The checker: a comparison becomes a test, or an error with a column. */
static struct test *
check_cmp(struct parser *ps, struct cmp *c, struct strbuf *explain)
{
	const struct field_info *fi = field_get(c->fid);
	struct valset vs = { .e = ps->e };
	int oplen = (int)strlen(op_text[c->op]);
	bool order = c->op == OP_LT || c->op == OP_LE || c->op == OP_GT ||
	    c->op == OP_GE;
	int rhs = field_operand(c);
	struct test *t;

	if (rhs >= 0)
		return check_field_cmp(ps, c, rhs, explain);
	t = new_test(ps, c);
	if (c->op == OP_MATCH || c->op == OP_NMATCH) {
		if (c->list || c->nvals != 1)
			fail(&ps->lx, c->opos, oplen, "%s takes one regular "
			    "expression, not a list", op_text[c->op]);
		else if (compile_regex(ps, t, &c->vals[0]))
			explain_test(explain, t, c, &vs);
		t->cost = type_cost(t->kind) * t->nsides;
		return t;
	}
	if (is_missing_value(c)) {
		if (c->op != OP_EQ && c->op != OP_NE)
			fail(&ps->lx, c->opos, oplen, "only = and != compare "
			    "with - (the missing value)");
		t->kind = K_MISSING;
		explain_test(explain, t, c, &vs);
		t->cost = 1;
		return t;
	}
	if (order && (fi->type == T_STR || fi->type == T_ENUM)) {
		fail(&ps->lx, c->opos, oplen, "%s does not apply to %s, %s "
		    "field (use = with * wildcards, or ~)", op_text[c->op],
		    fi->name, type_name(fi->type));
		return t;
	}
	read_values(ps, c, &vs);
	if (!ps->lx.failed && order && (c->list || c->nvals != 1 ||
	    vs.nmasks != 0))
		fail(&ps->lx, c->opos, oplen, "%s needs a single number, time "
		    "or address", op_text[c->op]);
	if (!ps->lx.failed) {
		if (order)
			explain_order(explain, t, c, &vs);
		else
			explain_test(explain, t, c, &vs);
	}
	if (!ps->lx.failed && order) {
		const char *why = order_to_range(c->op, &vs);

		if (why != NULL)
			fail(&ps->lx, c->opos, oplen, "%s %s", op_text[c->op],
			    why);
	}
	store_values(ps->e, t, &vs);
	return t;
}

/* --- parser ------------------------------------------------------- */

static struct node *parse_or(struct parser *ps);

static struct node *
new_node(struct parser *ps, enum nkind kind)
{
	struct node *n = newchunk(ps->e, sizeof *n);

	n->kind = kind;
	return n;
}

/* Room for k more kids, doubling: an or of thousands stays linear. */
static void
reserve_kids(struct expr *e, struct node *n, int k)
{
	struct node **kids;

	if (n->nkids + k <= n->capkids)
		return;
	n->capkids = n->capkids * 2 > n->nkids + k ? n->capkids * 2 :
	    n->nkids + k;
	kids = newchunk(e, (size_t)n->capkids * sizeof *kids);
	if (n->nkids > 0)
		memcpy(kids, n->kids, (size_t)n->nkids * sizeof *kids);
	n->kids = kids;
}

static void
add_kid(struct parser *ps, struct node *n, struct node *kid)
{
	reserve_kids(ps->e, n, 1);
	n->kids[n->nkids++] = kid;
}

static struct token *
peek(struct parser *ps, bool regex_ok)
{
	if (!ps->lx.have)
		lex_next(&ps->lx, regex_ok);
	return &ps->lx.tok;
}

static void
consume(struct parser *ps)
{
	ps->lx.have = false;
}

/* Steal the current token's text for a raw value. */
static void
take_value(struct parser *ps, struct rawval *rv)
{
	struct token *t = &ps->lx.tok;

	rv->text = t->text;
	rv->len = t->tlen;
	rv->pos = t->pos;
	rv->plen = t->len;
	rv->quoted = t->kind == TK_STRING;
	rv->regex = t->kind == TK_REGEX;
	rv->caseless = t->caseless;
	/* @FILE is a list, but @timestamp and @logStream are fields */
	rv->file = t->kind == TK_WORD && t->tlen > 1 && t->text[0] == '@' &&
	    field_lookup(t->text, t->tlen) < 0;
	t->text = NULL;
	consume(ps);
}

static bool
is_value_token(const struct token *t)
{
	return t->kind == TK_WORD || t->kind == TK_STRING || t->kind == TK_REGEX;
}

static void
parse_values(struct parser *ps, struct cmp *c)
{
	/* a value never starts with /, so /.../ is always a regex here */
	struct token *t = peek(ps, true);
	bool paren = false;
	size_t cap = 0;

	if (t->kind == TK_LPAREN) {
		paren = true;
		c->list = true;
		consume(ps);
		t = peek(ps, true);
	}
	for (;;) {
		if (!is_value_token(t)) {
			fail(&ps->lx, t->pos, t->len, t->kind == TK_EOF ?
			    "expected a value at the end of the expression" :
			    "expected a value here");
			return;
		}
		if (c->nvals == cap) {
			cap = cap ? cap * 2 : 4;
			c->vals = xreallocarray(c->vals, cap, sizeof *c->vals);
		}
		take_value(ps, &c->vals[c->nvals]);
		if (c->vals[c->nvals].file)
			c->list = true;
		c->nvals++;
		t = peek(ps, false);
		if (t->kind != TK_COMMA)
			break;
		c->list = true;
		consume(ps);
		t = peek(ps, true);
	}
	if (paren) {
		if (t->kind != TK_RPAREN)
			fail(&ps->lx, t->pos, t->len, "expected , or ) in the "
			    "list");
		else
			consume(ps);
	}
}

static void
free_cmp(struct cmp *c)
{
	free(c->vals);	/* the texts are e's */
}

static struct node *
make_test_node(struct parser *ps, struct cmp *c)
{
	struct node *n = new_node(ps, N_TEST);
	struct strbuf sb = { 0 };

	n->t = check_cmp(ps, c, &sb);
	n->explain = sb.p != NULL ? adopt(ps->e, sb.p) : NULL;
	free_cmp(c);
	return n;
}

static bool
prefixed(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n > k && strncasecmp(p, prefix, k) == 0;
}

/*
 * A word standing alone: ACCEPT, NODATA, tcp, ingress, an address or
 * CIDR, or an id with its prefix (eni-, vpc-, subnet-, i-).
 */
static int
bare_word_field(const char *p, size_t n)
{
	struct addr a, b;

	if (keyword(p, n, "accept") || keyword(p, n, "reject"))
		return F_ACTION;
	if (keyword(p, n, "ok") || keyword(p, n, "nodata") ||
	    keyword(p, n, "skipdata"))
		return F_LOG_STATUS;
	if (keyword(p, n, "ingress") || keyword(p, n, "egress"))
		return F_FLOW_DIRECTION;
	if (proto_lookup(p, n) >= 0 && !isdigit((unsigned char)p[0]))
		return F_PROTOCOL;
	if (parse_addr(p, n, &a) || parse_cidr(p, n, &a, &b) >= 0)
		return F_ADDR;
	if (prefixed(p, n, "eni-"))
		return F_INTERFACE_ID;
	if (prefixed(p, n, "vpc-"))
		return F_VPC_ID;
	if (prefixed(p, n, "subnet-"))
		return F_SUBNET_ID;
	if (prefixed(p, n, "i-"))
		return F_INSTANCE_ID;
	return -1;
}

/* Is the word after the current token "in"? */
static bool
not_in_follows(const struct lexer *lx)
{
	size_t i = lx->i;

	while (i < lx->n && isspace((unsigned char)lx->src[i]))
		i++;
	return lx->n - i >= 2 && strncasecmp(lx->src + i, "in", 2) == 0 &&
	    (lx->n - i == 2 || !is_word_byte((unsigned char)lx->src[i + 2]));
}

static int
resolve_field(struct parser *ps, const struct token *t)
{
	char why[200];
	int fid = field_resolve(t->text, t->tlen, why, sizeof why);

	if (fid < 0)
		fail(&ps->lx, t->pos, t->len, "%s", why);
	else if (FIELD_ORIGIN(fid)) {
		origin_error(&ps->lx, t->pos, t->len, fid);
		return -1;
	}
	return fid;
}

/* The next n words of the source after pos, as written. */
static int
words_after(const struct lexer *lx, size_t pos, struct slice *w, int n)
{
	int k = 0;

	while (k < n) {
		while (pos < lx->n && isspace((unsigned char)lx->src[pos]))
			pos++;
		if (pos == lx->n || !is_word_byte((unsigned char)lx->src[pos]))
			break;
		w[k].p = lx->src + pos;
		while (pos < lx->n && is_word_byte((unsigned char)lx->src[pos]))
			pos++;
		w[k].n = (size_t)(lx->src + pos - w[k].p);
		k++;
	}
	return k;
}

static bool
is_word(struct slice w, const char *s)
{
	return keyword(w.p, w.n, s);
}

/*
 * How a word without an operator would be written here, for those who
 * think in tcpdump or nfdump ("dst port 22", "host 10.0.0.1") or forgot
 * the "=" ("dstport 22"): "; write dstport=22", or nothing.
 */
static void
spelling_hint(const struct lexer *lx, const struct token *name, char *buf,
    size_t len)
{
	struct slice w[3] = { { name->text, name->tlen } };
	int n = 1 + words_after(lx, (size_t)(name->pos + name->len), w + 1, 2);

	buf[0] = '\0';
	if (n == 3 && (is_word(w[0], "src") || is_word(w[0], "dst")) &&
	    (is_word(w[1], "port") || is_word(w[1], "host") ||
	    is_word(w[1], "net")))
		snprintf(buf, len, "; write %.*s%s=%.*s (tcpdump's '%.*s %.*s "
		    "%.*s')", (int)w[0].n, w[0].p, is_word(w[1], "port") ?
		    "port" : "addr", (int)w[2].n, w[2].p, (int)w[0].n, w[0].p,
		    (int)w[1].n, w[1].p, (int)w[2].n, w[2].p);
	else if (n >= 2 && (is_word(w[0], "host") || is_word(w[0], "net")))
		snprintf(buf, len, "; write addr=%.*s", (int)w[1].n, w[1].p);
	else if (n >= 2 && field_lookup(w[0].p, w[0].n) >= 0)
		snprintf(buf, len, "; write %.*s=%.*s", (int)w[0].n, w[0].p,
		    (int)w[1].n, w[1].p);
}

static struct node *
parse_comparison(struct parser *ps)
{
	struct token *t = &ps->lx.tok;
	struct cmp c = { 0 };
	struct token name = *t;
	struct token *next;

	name.text = t->text;
	t->text = NULL;
	consume(ps);
	next = peek(ps, false);
	if (next->kind == TK_NOT && not_in_follows(&ps->lx)) {
		/* SQL's "x not in (...)" is "x != ..." */
		consume(ps);
		next = peek(ps, false);
		next->op = OP_NE;
	}
	if (next->kind != TK_OP && (keyword(name.text, name.tlen, "true") ||
	    keyword(name.text, name.tlen, "false")))
		return new_node(ps, keyword(name.text, name.tlen, "true") ?
		    N_TRUE : N_FALSE);
	if (next->kind != TK_OP) {
		/* a bare word */
		int fid = bare_word_field(name.text, name.tlen);

		if (fid < 0) {
			int f = field_lookup(name.text, name.tlen);
			char hint[160];

			spelling_hint(&ps->lx, &name, hint, sizeof hint);
			if (f >= 0)
				fail(&ps->lx, next->pos, next->len, "expected an "
				    "operator (= != < <= > >= ~ !~ in) after "
				    "field '%s'%s", field_get(f)->name, hint);
			else
				fail(&ps->lx, name.pos, name.len, "'%.*s' is "
				    "neither a field followed by an operator nor "
				    "a value flowgrep recognises on its own%s",
				    (int)name.tlen, name.text, hint);
			return new_node(ps, N_TEST);
		}
		c.fid = fid;
		c.op = OP_EQ;
		c.opos = name.pos;
		c.vals = xcalloc(1, sizeof *c.vals);
		c.vals[0] = (struct rawval){ name.text, name.tlen, name.pos,
			name.len, false, false, false, false };
		c.nvals = 1;
		return make_test_node(ps, &c);
	}
	c.fid = resolve_field(ps, &name);
	c.fpos = name.pos;
	c.flen = name.len;
	c.op = next->op;
	c.opos = next->pos;
	consume(ps);
	if (c.fid < 0)
		return new_node(ps, N_TEST);
	parse_values(ps, &c);
	if (ps->lx.failed) {
		free_cmp(&c);
		return new_node(ps, N_TEST);
	}
	return make_test_node(ps, &c);
}

static struct node *
parse_unary(struct parser *ps)
{
	struct token *t = peek(ps, false);
	struct node *n;

	if (++ps->depth > MAXDEPTH) {
		fail(&ps->lx, t->pos, t->len, "expression nested more than %d "
		    "deep", MAXDEPTH);
		return new_node(ps, N_TEST);
	}
	switch (t->kind) {
	case TK_NOT:
		consume(ps);
		n = new_node(ps, N_NOT);
		add_kid(ps, n, parse_unary(ps));
		break;
	case TK_LPAREN: {
		int open = t->pos;

		consume(ps);
		n = parse_or(ps);
		t = peek(ps, false);
		if (t->kind != TK_RPAREN)
			fail(&ps->lx, ps->lx.failed ? t->pos : open, 1,
			    "unbalanced parenthesis: this ( is not closed");
		else
			consume(ps);
		break;
	}
	case TK_WORD: case TK_STRING:
		if (t->kind == TK_STRING) {
			fail(&ps->lx, t->pos, t->len, "a quoted value needs a "
			    "field and an operator before it");
			return new_node(ps, N_TEST);
		}
		n = parse_comparison(ps);
		break;
	case TK_EOF:
		fail(&ps->lx, t->pos, 1, "expected a comparison at the end of "
		    "the expression");
		return new_node(ps, N_TEST);
	case TK_RPAREN:
		fail(&ps->lx, t->pos, 1, "unbalanced parenthesis: no ( to close");
		return new_node(ps, N_TEST);
	default:
		fail(&ps->lx, t->pos, t->len, "expected a comparison, not '%.*s'",
		    t->len, ps->lx.src + t->pos);
		return new_node(ps, N_TEST);
	}
	ps->depth--;
	return n;
}

static bool
starts_term(const struct token *t)
{
	return t->kind == TK_WORD || t->kind == TK_NOT || t->kind == TK_LPAREN ||
	    t->kind == TK_STRING;
}

/* Terms side by side mean and: 'REJECT port=22' */
static struct node *
parse_and(struct parser *ps)
{
	struct node *first = parse_unary(ps), *n = NULL;
	struct token *t;

	while (!ps->lx.failed) {
		t = peek(ps, false);
		if (t->kind == TK_AND)
			consume(ps);
		else if (!starts_term(t))
			break;
		if (n == NULL) {
			n = new_node(ps, N_AND);
				add_kid(ps, n, first);
		}
		add_kid(ps, n, parse_unary(ps));
	}
	return n != NULL ? n : first;
}

static struct node *
parse_or(struct parser *ps)
{
	struct node *first = parse_and(ps), *n = NULL;

	while (!ps->lx.failed && peek(ps, false)->kind == TK_OR) {
		consume(ps);
		if (n == NULL) {
			n = new_node(ps, N_OR);
				add_kid(ps, n, first);
		}
		add_kid(ps, n, parse_and(ps));
	}
	return n != NULL ? n : first;
}

/* --- explain: fully parenthesised, as the user wrote the tree ------- */

static void
explain_node(struct strbuf *sb, const struct node *n)
{
	switch (n->kind) {
	case N_TEST:
		sb_add(sb, "(", 1);
		if (n->explain != NULL)
			sb_add(sb, n->explain, strlen(n->explain));
		sb_add(sb, ")", 1);
		break;
	case N_TRUE: case N_FALSE:
		sb_add(sb, n->kind == N_TRUE ? "true" : "false", 5 -
		    (n->kind == N_TRUE));
		break;
	case N_NOT:
		sb_add(sb, "(not ", 5);
		explain_node(sb, n->kids[0]);
		sb_add(sb, ")", 1);
		break;
	case N_AND: case N_OR:
		for (int i = 1; i < n->nkids; i++)
			sb_add(sb, "(", 1);
		explain_node(sb, n->kids[0]);
		for (int i = 1; i < n->nkids; i++) {
			sb_add(sb, n->kind == N_AND ? " and " : " or ", 5 -
			    (n->kind == N_OR));
			explain_node(sb, n->kids[i]);
			sb_add(sb, ")", 1);
		}
		break;
	}
}

/* --- lowering: push not to the leaves, cheapest tests first --------- */

static int
node_cost(const struct node *n)
{
	int cost = 0;

	if (n->kind == N_TEST)
		return n->t != NULL ? n->t->cost : 1;
	for (int i = 0; i < n->nkids; i++)
		cost += node_cost(n->kids[i]);
	return cost;
}

static int
cmp_cost(const void *a, const void *b)
{
	int ca = node_cost(*(struct node *const *)a);
	int cb = node_cost(*(struct node *const *)b);

	return (ca > cb) - (ca < cb);
}

/* Splice the kids of kid, an operand of the same kind, into n at i. */
static void
splice_kids(struct expr *e, struct node *n, int i, struct node *kid)
{
	int extra = kid->nkids - 1;

	reserve_kids(e, n, extra > 0 ? extra : 0);
	memmove(n->kids + i + kid->nkids, n->kids + i + 1,
	    (size_t)(n->nkids - i - 1) * sizeof *n->kids);
	if (kid->nkids > 0)
		memcpy(n->kids + i, kid->kids, (size_t)kid->nkids *
		    sizeof *n->kids);
	n->nkids += extra;
}

/*
 * Flatten (a and (b and c)) into one list, and fold constants: true
 * drops out of an and and decides an or, false the other way round.
 */
static struct node *
flatten(struct expr *e, struct node *n)
{
	enum nkind absorbing = n->kind == N_AND ? N_FALSE : N_TRUE;
	enum nkind neutral = n->kind == N_AND ? N_TRUE : N_FALSE;

	for (int i = 0; i < n->nkids; i++) {
		struct node *kid = n->kids[i];

		if (kid->kind == absorbing)
			return kid;
		if (kid->kind == n->kind || kid->kind == neutral) {
			if (kid->kind == neutral)
				kid->nkids = 0;
			splice_kids(e, n, i, kid);
			i--;
		}
	}
	if (n->nkids == 0)
		n->kind = neutral;
	else if (n->nkids == 1)
		return n->kids[0];
	return n;
}

/*
 * Tests on one field that an or (or, negated, an and) joins are one
 * test of the union of their values: "dstport=22 or dstport=23 or ..."
 * becomes "dstport in (22, 23, ...)", a binary search instead of a walk
 * through thousands of tests.  Under the three-valued logic this is
 * exact: both forms are unknown when the value is missing.
 */
static bool
mergeable(const struct test *t, bool neg)
{
	return t->neg == neg && (t->kind == K_NUM || t->kind == K_ADDR ||
	    t->kind == K_STR);
}

/* memcpy, for arrays that may be empty (and then NULL) */
static void
append(void *dst, const void *src, size_t n, size_t size)
{
	if (n > 0)
		memcpy(dst, src, n * size);
}

/* Copy the values of the tests merged into lead (into[i] == self). */
static void
gather(struct expr *e, struct test *lead, struct node **kids, int nkids,
    const int *into, int self)
{
	size_t nur = 0, nmasks = 0, nar = 0, nar4 = 0, nstrs = 0, nglobs = 0;

	for (int i = 0; i < nkids; i++)
		if (into[i] == self) {
			const struct test *t = kids[i]->t;

			nur += t->nur, nmasks += t->nmasks, nar += t->nar;
			nar4 += t->nar4, nstrs += t->nstrs, nglobs += t->nglobs;
		}
	struct urange *ur = adopt(e, xcalloc(nur, sizeof *ur));
	unsigned *masks = adopt(e, xcalloc(nmasks, sizeof *masks));
	struct arange *ar = adopt(e, xcalloc(nar, sizeof *ar));
	struct v4range *ar4 = adopt(e, xcalloc(nar4, sizeof *ar4));
	struct slice *strs = newchunk(e, (nstrs + 1) * sizeof *strs);
	struct slice *globs = newchunk(e, (nglobs + 1) * sizeof *globs);

	nur = nmasks = nar = nar4 = nstrs = nglobs = 0;
	for (int i = 0; i < nkids; i++)
		if (into[i] == self) {
			const struct test *t = kids[i]->t;

			append(ur + nur, t->ur, t->nur, sizeof *ur);
			append(masks + nmasks, t->masks, t->nmasks, sizeof *masks);
			append(ar + nar, t->ar, t->nar, sizeof *ar);
			append(ar4 + nar4, t->ar4, t->nar4, sizeof *ar4);
			append(strs + nstrs, t->strs, t->nstrs, sizeof *strs);
			append(globs + nglobs, t->globs, t->nglobs, sizeof *globs);
			nur += t->nur, nmasks += t->nmasks, nar += t->nar;
			nar4 += t->nar4, nstrs += t->nstrs, nglobs += t->nglobs;
		}
	lead->ar4 = ar4, lead->nar4 = nar4;
	lead->ur = ur, lead->nur = nur, lead->masks = masks;
	lead->nmasks = nmasks, lead->ar = ar, lead->nar = nar;
	lead->strs = strs, lead->nstrs = nstrs, lead->globs = globs;
	lead->nglobs = nglobs;
	merge_uranges(lead);
	merge_aranges(lead);
	merge_v4ranges(lead);
	if (nstrs > 0)
		qsort(strs, nstrs, sizeof *strs, lead->icase ? cmp_str_icase :
		    cmp_str);
	lead->cost = (type_cost(lead->kind) + (nglobs > 0) +
	    (lead->nur + lead->nar4 + lead->nar + nstrs > 8)) * lead->nsides +
	    (lead->fid == F_DURATION);
}

static void
merge_alike(struct expr *e, struct node *n)
{
	bool neg = n->kind == N_AND;
	int *lead = xmalloc(MAXFIELDS * sizeof *lead);
	int *into = xmalloc((size_t)n->nkids * sizeof *into), k = 0;

	for (int f = 0; f < MAXFIELDS; f++)
		lead[f] = -1;
	for (int i = 0; i < n->nkids; i++) {
		const struct test *t = n->kids[i]->t;

		into[i] = -1;
		if (n->kids[i]->kind != N_TEST || !mergeable(t, neg))
			continue;
		if (lead[t->fid] < 0)
			lead[t->fid] = i;
		into[i] = lead[t->fid];
	}
	for (int i = 0; i < n->nkids; i++)
		if (into[i] == i)
			gather(e, n->kids[i]->t, n->kids, n->nkids, into, i);
	for (int i = 0; i < n->nkids; i++)
		if (into[i] < 0 || into[i] == i)
			n->kids[k++] = n->kids[i];
	n->nkids = k;
	free(into);
	free(lead);
}

/*
 * Rewrite n so that no N_NOT remains: not(a and b) = not a or not b,
 * and a negated test flips its neg bit.  A test is false when its value
 * is missing, negated or not, which is what SQL's NULL gives at the top.
 */
static struct node *
lower(struct expr *e, struct node *n, bool negate)
{
	switch (n->kind) {
	case N_NOT:
		return lower(e, n->kids[0], !negate);
	case N_TEST:
		if (negate)
			n->t->neg = !n->t->neg;
		return n;
	case N_TRUE: case N_FALSE:
		if (negate)
			n->kind = n->kind == N_TRUE ? N_FALSE : N_TRUE;
		return n;
	case N_AND: case N_OR:
		break;
	}
	if (negate)
		n->kind = n->kind == N_AND ? N_OR : N_AND;
	for (int i = 0; i < n->nkids; i++)
		n->kids[i] = lower(e, n->kids[i], negate);
	n = flatten(e, n);
	if (n->kind != N_AND && n->kind != N_OR)
		return n;
	merge_alike(e, n);
	if (n->nkids == 1)
		return n->kids[0];
	qsort(n->kids, (size_t)n->nkids, sizeof *n->kids, cmp_cost);
	return n;
}

/* --- evaluation --------------------------------------------------- */

enum tv { TV_FALSE, TV_TRUE, TV_UNKNOWN };

static bool
glob_match(const char *pat, size_t pn, const char *s, size_t sn, bool icase)
{
	size_t p = 0, i = 0, star = (size_t)-1, mark = 0;

	while (i < sn) {
		if (p < pn && pat[p] == '*') {
			star = p++;
			mark = i;
		} else if (p < pn && (icase ? tolower((unsigned char)pat[p]) ==
		    tolower((unsigned char)s[i]) : pat[p] == s[i])) {
			p++;
			i++;
		} else if (star != (size_t)-1) {
			p = star + 1;
			i = ++mark;
		} else
			return false;
	}
	while (p < pn && pat[p] == '*')
		p++;
	return p == pn;
}

/* Equal but for the case of ASCII letters; out at the first difference. */
static bool
same_but_case(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned x = (unsigned char)a[i] | 0x20, y = (unsigned char)b[i] | 0x20;

		if (a[i] != b[i] && (x != y || x < 'a' || x > 'z'))
			return false;
	}
	return true;
}

/*
 * a[0, n) and b[0, n) the same?  The words of flow logs (ACCEPT, OK,
 * ingress) are short: two loads that overlap cost less than a call.
 */
static inline bool
same_short(const char *a, const char *b, size_t n)
{
	uint32_t x, y, x2, y2;

	if (n < 4 || n > 8)
		return memcmp(a, b, n) == 0;
	memcpy(&x, a, 4);
	memcpy(&y, b, 4);
	memcpy(&x2, a + n - 4, 4);
	memcpy(&y2, b + n - 4, 4);
	return ((x ^ y) | (x2 ^ y2)) == 0;
}

/* Is v the one word of t?  The common case: inline. */
static inline bool
is_the_word(const struct test *t, struct slice v)
{
	if (v.n != t->strs[0].n)
		return false;
	/* AWS writes its words in one case: the bytes mostly agree */
	if (same_short(v.p, t->strs[0].p, v.n))
		return true;
	return t->icase && same_but_case(v.p, t->strs[0].p, v.n);
}

static bool
str_in_set(const struct test *t, struct slice v)
{
	size_t lo = 0, hi = t->nstrs;

	if (t->nstrs == 1 && t->nglobs == 0)
		return is_the_word(t, v);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = t->icase ? cmp_str_icase(&v, &t->strs[mid]) :
		    cmp_str(&v, &t->strs[mid]);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (size_t i = 0; i < t->nglobs; i++)
		if (glob_match(t->globs[i].p, t->globs[i].n, v.p, v.n, t->icase))
			return true;
	return false;
}

/* One evaluation: the program, the record, and the state it may write. */
struct eval {
	const struct expr *e;
	const struct record *r;
	struct expr_run *run;
};

static enum tv
bad_value(const struct eval *ev, int fid)
{
	ev->run->bad_values++;
	ev->run->bad_fid = fid;
	return TV_UNKNOWN;
}

/* Is fid missing?  A value that does not parse for its type counts. */
static enum tv
eval_missing(const struct eval *ev, int fid)
{
	struct slice s;
	enum valstate st;
	uint64_t v;
	int64_t ms;
	struct addr a;

	switch (field_get(fid)->type) {
	case T_STR: case T_ENUM:
		return rec_text(ev->r, fid, &s) ? TV_FALSE : TV_TRUE;
	case T_ADDR:
		st = rec_addr(ev->r, fid, &a);
		break;
	case T_TIME:
		st = rec_time_ms(ev->r, fid, &ms);
		break;
	default:
		st = rec_uint(ev->r, fid, &v);
		break;
	}
	if (st == V_BAD)
		bad_value(ev, fid);
	return st == V_OK ? TV_FALSE : TV_TRUE;
}

/* In one of the ranges, or with all the bits of one of the masks? */
static inline bool
num_in_set(const struct test *t, uint64_t v)
{
	if (in_uranges(t, v))
		return true;
	for (size_t i = 0; i < t->nmasks; i++)
		if ((v & t->masks[i]) == t->masks[i])
			return true;
	return false;
}

static enum tv
eval_num(const struct eval *ev, const struct test *t, int fid)
{
	enum valstate st;
	uint64_t v;

	if (t->time) {
		int64_t ms;

		st = rec_time_ms(ev->r, fid, &ms);
		v = time_key(ms);
	} else
		st = rec_uint(ev->r, fid, &v);
	if (st != V_OK)
		return st == V_BAD ? bad_value(ev, fid) : TV_UNKNOWN;
	return num_in_set(t, v) ? TV_TRUE : TV_FALSE;
}

static enum tv
eval_regex(const struct eval *ev, const struct test *t, int fid)
{
	struct slice s;
	int rc;

	if (!rec_text(ev->r, fid, &s))
		return TV_UNKNOWN;
	rc = pcre2_match(t->re->code, (PCRE2_SPTR)s.p, s.n, 0, 0,
	    ev->run->match_data, ev->e->mctx);
	/* 0: the match needs more room for groups than one; still a match */
	if (rc >= 0)
		return TV_TRUE;
	if (rc == PCRE2_ERROR_NOMATCH)
		return TV_FALSE;
	ev->run->match_limit_hits++;
	return TV_UNKNOWN;
}

/* A field's value as something to order: a number, address or text. */
struct operand {
	enum ftype type;
	uint64_t num;
	struct addr a;
	struct slice s;
};

static enum valstate
operand(const struct eval *ev, int fid, struct operand *o)
{
	int64_t ms;
	enum valstate st;

	o->type = field_get(fid)->type;
	switch (o->type) {
	case T_STR: case T_ENUM:
		return rec_text(ev->r, fid, &o->s) ? V_OK : V_MISSING;
	case T_ADDR:
		return rec_addr(ev->r, fid, &o->a);
	case T_TIME:
		if ((st = rec_time_ms(ev->r, fid, &ms)) == V_OK)
			o->num = time_key(ms);
		return st;
	default:
		return rec_uint(ev->r, fid, &o->num);
	}
}

/* -1, 0, 1, or 2 when the two cannot be ordered (IPv4 against IPv6). */
static int
order(const struct operand *x, const struct operand *y)
{
	int c;

	switch (x->type) {
	case T_STR: case T_ENUM:
		c = x->type == T_ENUM && y->type == T_ENUM ?
		    cmp_str_icase(&x->s, &y->s) : cmp_str(&x->s, &y->s);
		return (c > 0) - (c < 0);
	case T_ADDR:
		if (addr_is_v4(&x->a) != addr_is_v4(&y->a))
			return 2;
		return addr_cmp(&x->a, &y->a);
	default:
		return (x->num > y->num) - (x->num < y->num);
	}
}

static enum tv
eval_field(const struct eval *ev, const struct test *t, int fid)
{
	struct operand x, y;
	enum valstate st;
	int c;

	if ((st = operand(ev, fid, &x)) != V_OK)
		return st == V_BAD ? bad_value(ev, fid) : TV_UNKNOWN;
	if ((st = operand(ev, t->rhs, &y)) != V_OK)
		return st == V_BAD ? bad_value(ev, t->rhs) : TV_UNKNOWN;
	c = order(&x, &y);
	if (c == 2)	/* only equality is defined across families */
		return t->rel == R_EQ ? TV_FALSE : t->rel == R_NE ? TV_TRUE :
		    TV_UNKNOWN;
	switch (t->rel) {
	case R_EQ: return c == 0 ? TV_TRUE : TV_FALSE;
	case R_NE: return c != 0 ? TV_TRUE : TV_FALSE;
	case R_LT: return c < 0 ? TV_TRUE : TV_FALSE;
	case R_LE: return c <= 0 ? TV_TRUE : TV_FALSE;
	case R_GT: return c > 0 ? TV_TRUE : TV_FALSE;
	case R_GE: return c >= 0 ? TV_TRUE : TV_FALSE;
	}
	return TV_UNKNOWN;
}

/* One side of a test, before negation. */
static enum tv
eval_side(const struct eval *ev, const struct test *t, int fid)
{
	struct slice s;
	struct addr a;
	uint32_t v4;

	switch (t->kind) {
	case K_MISSING:
		return eval_missing(ev, fid);
	case K_NUM:
		return eval_num(ev, t, fid);
	case K_ADDR:
		if (!rec_text(ev->r, fid, &s))
			return TV_UNKNOWN;
		/* a dotted quad, the usual value: no 128-bit address built */
		if (parse_ipv4(s.p, s.n, &v4))
			return in_v4ranges(t, v4) ? TV_TRUE : TV_FALSE;
		if (!parse_addr(s.p, s.n, &a))
			return bad_value(ev, fid);
		return in_aranges(t, &a) ? TV_TRUE : TV_FALSE;
	case K_STR:
		if (!rec_text(ev->r, fid, &s))
			return TV_UNKNOWN;
		return str_in_set(t, s) ? TV_TRUE : TV_FALSE;
	case K_REGEX:
		return eval_regex(ev, t, fid);
	case K_FIELD:
		return eval_field(ev, t, fid);
	}
	return TV_UNKNOWN;
}

/*
 * addr and port hold when either side does; negated, they hold when
 * neither does, which needs both sides present.
 */
static __attribute__((noinline)) bool
eval_test(const struct eval *ev, const struct test *t)
{
	enum tv pos = TV_FALSE;

	for (int s = 0; s < t->nsides; s++) {
		enum tv v = eval_side(ev, t, t->side[s]);

		if (v == TV_TRUE) {
			pos = TV_TRUE;
			break;
		}
		if (v == TV_UNKNOWN)
			pos = TV_UNKNOWN;
	}
	if (t->kind == K_MISSING)
		return (pos == TV_TRUE) != t->neg;
	return t->neg ? pos == TV_FALSE : pos == TV_TRUE;
}

/* A regex of one field: unknown where it is missing or too costly. */
static __attribute__((noinline)) bool
regex_step(const struct eval *ev, const struct test *t)
{
	enum tv pos = eval_regex(ev, t, t->side[0]);

	return t->neg ? pos == TV_FALSE : pos == TV_TRUE;
}

/*
 * A step: its short path where the value is there and parses, which
 * gives what eval_test would; eval_test otherwise, which counts a bad
 * value.  A present value in the set holds unless negated.
 */
static inline bool
eval_step(const struct eval *ev, const struct step *st)
{
	const struct test *t = st->t;
	struct slice s;
	uint32_t v4;
	uint64_t v;

	switch (st->kind) {
	case S_WORD:
		if (!rec_text(ev->r, t->side[0], &s))
			return false;	/* unknown, negated or not */
		return is_the_word(t, s) != t->neg;
	case S_V4:	/* a side in the set decides, as in eval_test */
		for (int i = 0; i < t->nsides; i++) {
			if (!rec_text(ev->r, t->side[i], &s) ||
			    !parse_ipv4(s.p, s.n, &v4))
				return eval_test(ev, t);
			if (in_v4ranges(t, v4))
				return !t->neg;
		}
		return t->neg;
	case S_NUM:	/* rec_uint's work, for a column */
		for (int i = 0; i < t->nsides; i++) {
			if (!rec_text(ev->r, t->side[i], &s) ||
			    !parse_uint(s.p, s.n, &v) || v > st->max)
				return eval_test(ev, t);
			if (num_in_set(t, v))
				return !t->neg;
		}
		return t->neg;
	default:	/* no case of its own: the switch stays a few compares */
		break;
	}
	return st->kind == S_REGEX ? regex_step(ev, t) : eval_test(ev, t);
}

bool
expr_eval(const struct expr *e, const struct record *r, struct expr_run *run)
{
	struct eval ev = { e, r, run };
	int at = e->entry;

	while (at >= 0) {
		const struct step *st = &e->steps[at];

		at = eval_step(&ev, st) ? st->yes : st->no;
	}
	return at == STEP_YES;
}

void
expr_run_init(struct expr_run *run, const struct expr *e)
{
	memset(run, 0, sizeof *run);
	/* room for every group: JIT code writes them all */
	run->match_data = pcre2_match_data_create(e->most_groups + 1, NULL);
	if (run->match_data == NULL)
		errx(2, "out of memory");
}

void
expr_run_free(struct expr_run *run)
{
	pcre2_match_data_free(run->match_data);
	run->match_data = NULL;
}

/* --- the compiled form -------------------------------------------- */

static int
count_tests(const struct node *n)
{
	int k = n->kind == N_TEST;

	for (int i = 0; i < n->nkids; i++)
		k += count_tests(n->kids[i]);
	return k;
}

/* Which short path a test may take (see eval_step). */
static enum stepkind
step_kind(const struct test *t)
{
	switch (t->kind) {
	case K_STR:
		return t->nsides == 1 && t->nstrs == 1 && t->nglobs == 0 ?
		    S_WORD : S_TEST;
	case K_ADDR:
		return S_V4;
	case K_NUM:	/* not the line number, nor duration: no column */
		return t->time || t->side[0] == F_LINE ||
		    t->side[0] == F_DURATION ? S_TEST : S_NUM;
	case K_REGEX:
		return t->nsides == 1 ? S_REGEX : S_TEST;
	default:
		return S_TEST;
	}
}

/*
 * The steps of n, given where to go when it holds and when it does not;
 * returns its first step (or a verdict, for a constant).  The kids are
 * laid down last first, so that each knows the step after it.
 */
static int
emit_steps(struct expr *e, const struct node *n, int yes, int no)
{
	int next;

	switch (n->kind) {
	case N_TRUE:
		return yes;
	case N_FALSE: case N_NOT:	/* lowered: there is no N_NOT */
		return no;
	case N_TEST:
		e->steps[e->nsteps] = (struct step){ step_kind(n->t),
		    ftype_max(field_get(n->t->side[0])->type), n->t, yes, no };
		return e->nsteps++;
	case N_AND:
		next = yes;
		for (int i = n->nkids; i-- > 0; )
			next = emit_steps(e, n->kids[i], next, no);
		return next;
	case N_OR:
		next = no;
		for (int i = n->nkids; i-- > 0; )
			next = emit_steps(e, n->kids[i], yes, next);
		return next;
	}
	return no;
}

/* --- the interface ------------------------------------------------ */

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	for (struct regex *re = e->regexes; re != NULL; re = re->next)
		pcre2_code_free(re->code);
	pcre2_match_context_free(e->mctx);
	freechunks(e);
	free(e);
}

static void
attach_match_context(struct expr *e)
{
	if ((e->mctx = pcre2_match_context_create(NULL)) == NULL)
		errx(2, "out of memory");
	pcre2_set_match_limit(e->mctx, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(e->mctx, REGEX_DEPTH_LIMIT);
}

struct expr *
expr_compile(const char *src, const struct expr_env *env,
    struct expr_error *err)
{
	struct parser ps = { 0 };
	struct expr *e = xcalloc(1, sizeof *e);
	struct strbuf sb = { 0 };
	struct node *root;
	struct token *t;

	memset(err, 0, sizeof *err);
	e->now_ms = env->now_ms;
	attach_match_context(e);
	ps.e = e;
	ps.lx.e = e;
	ps.lx.src = src;
	ps.lx.n = strlen(src);
	ps.lx.err = err;
	/* nothing at all selects everything: flowgrep --json '' reformats */
	root = peek(&ps, false)->kind == TK_EOF ? new_node(&ps, N_TRUE) :
	    parse_or(&ps);
	t = peek(&ps, false);
	if (!ps.lx.failed && t->kind == TK_RPAREN)
		fail(&ps.lx, t->pos, 1, "unbalanced parenthesis: no ( to close");
	else if (!ps.lx.failed && t->kind != TK_EOF)
		fail(&ps.lx, t->pos, t->len, "expected and, or, or the end of "
		    "the expression here");
	if (ps.lx.failed) {
		expr_free(e);
		return NULL;
	}
	explain_node(&sb, root);
	e->explain = adopt(e, sb.p);
	e->root = lower(e, root, false);
	e->steps = newchunk(e, (size_t)count_tests(e->root) * sizeof *e->steps);
	e->entry = emit_steps(e, e->root, STEP_YES, STEP_NO);
	return e;
}

const char *
expr_explain_text(const struct expr *e)
{
	return e->explain;
}

int
expr_fields(const struct expr *e, int *fids, int max)
{
	int k = 0;

	for (int f = 0; f < MAXFIELDS && k < max; f++)
		if (e->uses[f] && !FIELD_PSEUDO(f))
			fids[k++] = f;
	return k;
}

bool
expr_uses(const struct expr *e, int fid)
{
	return fid >= 0 && fid < MAXFIELDS && e->uses[fid];
}

/* The longest run without '*' in a wanted value of a string test. */
static bool
test_literal(const struct test *t, struct slice *lit)
{
	const struct slice *v;

	if (t->kind == K_REGEX && !t->neg && t->re->literal.n > 0) {
		*lit = t->re->literal;
		return true;
	}
	if (t->kind != K_STR || t->neg || t->nstrs + t->nglobs != 1)
		return false;
	v = t->nstrs == 1 ? &t->strs[0] : &t->globs[0];
	lit->n = 0;
	for (size_t i = 0, start = 0; i <= v->n; i++)
		if (i == v->n || v->p[i] == '*') {
			if (i - start > lit->n) {
				lit->p = v->p + start;
				lit->n = i - start;
			}
			start = i + 1;
		}
	return lit->n >= 3;
}

/*
 * Under and, any operand's literal must be in a selected record; pick
 * the longest.  (Or would need every branch's; it is left alone.)
 */
bool
expr_literal(const struct expr *e, struct slice *lit, bool *icase)
{
	const struct node *n = e->root;
	struct slice best = { NULL, 0 }, cand;
	bool best_icase = false;

	if (n->kind == N_TEST) {
		if (!test_literal(n->t, &best))
			return false;
		best_icase = n->t->icase;
	} else if (n->kind == N_AND) {
		for (int i = 0; i < n->nkids; i++)
			if (n->kids[i]->kind == N_TEST &&
			    test_literal(n->kids[i]->t, &cand) && cand.n > best.n) {
				best = cand;
				best_icase = n->kids[i]->t->icase;
			}
	}
	if (best.n == 0)
		return false;
	*lit = best;
	*icase = best_icase;
	return true;
}

const struct node *
expr_root(const struct expr *e)
{
	return e->root;
}
