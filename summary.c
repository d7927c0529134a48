/*
 * summary.c: summaries made in the same pass that selects (--by).
 *
 * Each selected record is counted into the group of its key: the values
 * of the --by fields, read typed (an address as an address, cut to its
 * prefix; a time as a time, cut to its window) and written one after
 * the other into a byte string, which is hashed and looked up in an
 * open-addressing table.  A group is one record of words: its key (or,
 * for keys with text, the key's place in one arena of key bytes), then
 * count, sums, minima, maxima; so a record of a known key costs no
 * allocation at all, and a new key at most an amortised growth.
 * --distinct keeps a set of value hashes per group, which becomes a
 * HyperLogLog sketch past DISTINCT_EXACT values.
 *
 * Memory is bounded whatever the input.  Past max_keys keys (or when
 * the key bytes pass their share), the table becomes a Space-Saving
 * sketch (Metwally, Agrawal and El Abbadi, 2005): a new key takes the
 * place of the group of least weight (the count, or the first --sum),
 * and inherits that weight as its error.  Every weight is then at most
 * its error too high, no error exceeds W / max_keys (W the total
 * weight), and no key heavier than that is ever lost.
 *
 * To print, each group becomes a struct record of a format whose
 * columns are the key fields and the aggregates (count, sum-bytes ...),
 * and output.c renders it as it renders any record: fields, table,
 * JSON, CSV, TSV, templates, with --time and --names.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowgrep.h"

#define MAXKEYS 16                /* fields in --by */
#define MAXAGGS 33                /* count and 32 more */
#define DEFAULT_MAX_KEYS 1000000
#define MOST_KEYS 100000000       /* --max-keys at most */
/* The default key limit keeps the distinct sets under this at worst. */
#define DISTINCT_BUDGET (1ULL << 30)
/* Key bytes allowed per key on average: long text keys fill up sooner. */
#define KEY_BYTES_PER_KEY 128

/* Distinct values counted exactly per group, then estimated. */
#define DISTINCT_EXACT 256
#define HLL_P 12
#define HLL_M (1 << HLL_P)
#define HLL_Q (64 - HLL_P)
/* Two standard errors of the estimate (1.04 / sqrt(m)): about 95%. */
#define HLL_BOUND (2 * 1.04 / 64.0)

/* With sums, minima or maxima, a group's first word says which it has. */
#define W_SEEN 0

enum keykind { KK_ADDR, KK_UINT, KK_TIME, KK_TEXT };

/* Bytes a value takes in a key: a tag (0 present, 1 missing), then it. */
#define ADDR_BYTES 17
#define NUM_BYTES 9

/* A field as a key or a distinct value: how it is read and cut. */
struct valspec {
	int fid;
	enum keykind kind;
	int v4len, v6len;      /* prefix lengths kept: 32 and 128 for all */
	long long window;      /* time window in ms; 0: none */
	const char *text;      /* as written, "srcaddr/24", for messages */
	size_t n;
	const char *opt, *list; /* the option and the list it is in */
};

struct agg {
	enum aggkind kind;
	struct valspec v;
	int col;               /* its column's field id */
	int err_col;           /* its -error column's, -1 for none */
	int word;              /* count, sum, min, max: its word in a group */
	int dist;              /* distinct: its set among a group's */
	bool estimated;        /* distinct: some group is past exact */
};

/*
 * A group is stride words: its key, zero-padded to kwords words, or for
 * keys with text (whose length varies) one word of the key's offset in
 * the arena and its length; then its nwords aggregate words.  One record,
 * so that counting a record of a known key touches two cache lines, the
 * slot and the group; and nothing else, so that a million keys of an
 * address take 32 MB.  Hashes are worked out again from the keys when
 * the slots are.
 */
#define REF_LEN_BITS 28

/* A slot of the table: the hash's top half and the group's index + 1. */
struct slot {
	uint32_t tag, gi;
};

/* A growing buffer. */
struct buf {
	char *p;
	size_t n, cap;
};

/* A row to print: the value it is ordered by, and its group. */
struct row {
	uint64_t v;
	uint32_t gi;
	bool has;
};

struct summary {
	struct valspec key[MAXKEYS];
	int nkeys;
	struct agg agg[MAXAGGS];   /* agg[0] is the count */
	int naggs;
	int first;                 /* the aggregate rows are ordered by */
	int weight;                /* what the sketch ranks: count or a sum */
	int nwords, ndist;
	unsigned long long top;
	size_t max_keys, max_key_bytes;

	size_t kwords;             /* words of a key in its group; 0: arena */
	size_t wbase, stride;      /* a group's aggregate words, its size */
	bool has_seen;             /* the aggregate words start with W_SEEN */
	uint64_t *grp;             /* the groups */
	size_t ng, gcap;
	uint64_t **dist;           /* ndist per group */
	struct slot *slots;
	size_t mask;               /* slots - 1, a power of two less one */
	struct buf arena;
	size_t dead;               /* arena bytes of keys replaced */

	bool sketch;
	uint32_t *heap;            /* groups, a min-heap by weight */
	uint32_t *hpos;            /* each group's place in the heap */
	uint64_t *err;             /* each group's inherited weight */
	uint64_t total_weight;

	struct buf kbuf, val;      /* the key and a distinct value being read */

	unsigned long long added, added_printed;
	bool printed;
	struct format fmt;
	struct record *rec;
	struct buf text;           /* a row's texts */
	struct row *rows;
	size_t rowcap;
};

/* --- small helpers -------------------------------------------------- */

static void
set_err(struct summary_error *e, const char *option, const char *text,
    size_t at, size_t width, const char *fmt, ...)
{
	va_list ap;

	e->option = option;
	e->text = text;
	e->at.column = (int)at;
	e->at.width = width > 0 ? (int)width : 1;
	va_start(ap, fmt);
	vsnprintf(e->at.msg, sizeof e->at.msg, fmt, ap);
	va_end(ap);
}

/* Room for k more bytes at b->p + b->n. */
static inline char *
buf_room(struct buf *b, size_t k)
{
	if (b->cap - b->n < k) {
		size_t cap = b->cap < 64 ? 64 : b->cap;

		while (cap - b->n < k)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	return b->p + b->n;
}

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	memcpy(buf_room(b, n), p, n);
	b->n += n;
}

/* Words in keys are in the machine's order: printing decodes them. */
static inline void
put_u64(char *d, uint64_t v)
{
	memcpy(d, &v, 8);
}

/* The length of a text value: four bytes after its tag. */
static inline size_t
text_len(const char *p)
{
	const unsigned char *u = (const unsigned char *)p + 1;

	return (size_t)u[0] << 24 | (size_t)u[1] << 16 | (size_t)u[2] << 8 |
	    u[3];
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return x << k | x >> (64 - k);
}

/* The finaliser of MurmurHash3: every input bit moves every output bit. */
static inline uint64_t
fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/*
 * Keys are short (17 bytes for an address): a multiply and a rotation
 * per eight bytes, then the finaliser.  The seed keeps the distinct
 * sets' hashes apart from the table's.
 */
static inline uint64_t
hash_bytes(const char *p, size_t n, uint64_t seed)
{
	uint64_t h = seed ^ n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = rotl((h ^ w) * 0x87c37b91114253d5ULL, 29);
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, p, n);
		h = rotl((h ^ w) * 0x87c37b91114253d5ULL, 29);
	}
	return fmix64(h);
}

static uint64_t
add_saturating(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* --- durations ------------------------------------------------------- */

long long
summary_duration(const char *p, size_t n, bool allow_ms)
{
	static const struct {
		const char *unit;
		long long ms;
	} units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
		{ "d", 86400000 },
	};
	uint64_t v;
	size_t k = 0;

	while (k < n && isdigit((unsigned char)p[k]))
		k++;
	if (k == 0 || k > 9 || !parse_uint(p, k, &v) || v == 0)
		return -1;
	for (size_t u = allow_ms ? 0 : 1; u < sizeof units / sizeof units[0];
	    u++)
		if (strlen(units[u].unit) == n - k &&
		    memcmp(units[u].unit, p + k, n - k) == 0)
			return (long long)v * units[u].ms;
	return -1;
}

/* --- parsing --by and the aggregate lists ---------------------------- */

static enum keykind
kind_of(enum ftype t)
{
	switch (t) {
	case T_ADDR:
		return KK_ADDR;
	case T_TIME:
		return KK_TIME;
	case T_STR: case T_ENUM:
		return KK_TEXT;
	default:
		return KK_UINT;
	}
}

static int
parse_prefix(const char *t, size_t at, size_t n, int most)
{
	uint64_t v;

	if (!parse_uint(t + at, n, &v) || v > (uint64_t)most)
		return -1;
	return (int)v;
}

/*
 * /N cuts IPv4 addresses to /N when N is 32 or less, IPv6 ones when it
 * is more; /N/M cuts IPv4 to /N and IPv6 to /M.  The family not named
 * stays whole.
 */
static int
parse_addr_cut(struct valspec *v, const char *t, size_t a, size_t b,
    const char *opt, struct summary_error *e)
{
	const char *slash = memchr(t + a, '/', b - a);
	size_t n1 = slash != NULL ? (size_t)(slash - t) - a : b - a;
	int l1 = parse_prefix(t, a, n1, 128), l2;

	if (n1 == 0) {
		set_err(e, opt, t, a, 1, "expected a prefix length after '/'");
		return -1;
	}
	if (l1 < 0 || (slash != NULL && l1 > 32)) {
		set_err(e, opt, t, a, n1, "'%.*s' is not a prefix length "
		    "(0 to 32 for IPv4, to 128 for IPv6; /24/64 gives both)",
		    (int)n1, t + a);
		return -1;
	}
	if (slash == NULL) {
		*(l1 <= 32 ? &v->v4len : &v->v6len) = l1;
		return 0;
	}
	a += n1 + 1;
	if ((l2 = parse_prefix(t, a, b - a, 128)) < 0) {
		set_err(e, opt, t, a, b - a, "'%.*s' is not an IPv6 prefix "
		    "length (0 to 128)", (int)(b - a), t + a);
		return -1;
	}
	v->v4len = l1;
	v->v6len = l2;
	return 0;
}

/* What follows the '/' at t[a]: a prefix or a window, by the field. */
static int
parse_cut(struct valspec *v, const char *t, size_t a, size_t b,
    const char *opt, struct summary_error *e)
{
	const char *name = field_get(v->fid)->name;

	if (v->kind == KK_ADDR)
		return parse_addr_cut(v, t, a + 1, b, opt, e);
	if (v->kind != KK_TIME) {
		set_err(e, opt, t, a, b - a, "'%.*s' cuts only addresses "
		    "(srcaddr/24) and times (start/5m); %s is neither",
		    (int)(b - a), t + a, name);
		return -1;
	}
	if ((v->window = summary_duration(t + a + 1, b - a - 1, false)) < 0) {
		set_err(e, opt, t, a + 1, b - a - 1, "'%.*s' is not a window: "
		    "a whole number and s, m, h or d (30s, 5m, 1h, 1d)",
		    (int)(b - a - 1), t + a + 1);
		return -1;
	}
	return 0;
}

/* One item of a list, t[a, b): FIELD or FIELD/CUT; ${name} for FIELD. */
static int
parse_spec(struct valspec *v, const char *t, size_t a, size_t b,
    bool cut_ok, const char *opt, struct summary_error *e)
{
	size_t end = a;
	char why[200];
	const char *close;

	if (b - a > 2 && t[a] == '$' && t[a + 1] == '{' &&
	    (close = memchr(t + a, '}', b - a)) != NULL)
		end = (size_t)(close - t) + 1;
	else
		while (end < b && t[end] != '/')
			end++;
	if (end == a) {
		set_err(e, opt, t, a, 1, "empty field name");
		return -1;
	}
	memset(v, 0, sizeof *v);
	if ((v->fid = field_resolve(t + a, end - a, why, sizeof why)) < 0) {
		set_err(e, opt, t, a, end - a, "%s", why);
		return -1;
	}
	if (FIELD_EITHER(v->fid)) {
		set_err(e, opt, t, a, end - a, "'%.*s' stands for either %s "
		    "or %s; name one of them", (int)(end - a), t + a,
		    v->fid == F_ADDR ? "srcaddr" : "srcport",
		    v->fid == F_ADDR ? "dstaddr" : "dstport");
		return -1;
	}
	v->kind = kind_of(field_get(v->fid)->type);
	v->v4len = 32;
	v->v6len = 128;
	v->text = t + a;
	v->n = b - a;
	v->opt = opt;
	v->list = t;
	if (end == b)
		return 0;
	if (t[end] != '/' || !cut_ok) {
		set_err(e, opt, t, end, b - end, t[end] != '/' ?
		    "expected '/' or ',' after the field name" :
		    "only --by and --distinct cut values (srcaddr/24, "
		    "start/5m)");
		return -1;
	}
	return parse_cut(v, t, end, b, opt, e);
}

typedef int (*item_fn)(struct summary *s, const char *t, size_t a,
    size_t b, const char *opt, int kind, struct summary_error *e);

/* Call fn on each comma-separated item of t, blanks around it trimmed. */
static int
each_item(struct summary *s, const char *t, const char *opt, int kind,
    item_fn fn, struct summary_error *e)
{
	size_t n = strlen(t), at = 0, a, b;

	while (list_item(t, n, &at, &a, &b)) {
		if (a == b) {
			set_err(e, opt, t, a, 1, "empty field name");
			return -1;
		}
		if (fn(s, t, a, b, opt, kind, e) < 0)
			return -1;
	}
	return 0;
}

static int
add_key(struct summary *s, const char *t, size_t a, size_t b,
    const char *opt, int kind, struct summary_error *e)
{
	struct valspec *v = &s->key[s->nkeys];

	(void)kind;
	if (s->nkeys == MAXKEYS) {
		set_err(e, opt, t, a, b - a, "more than %d keys", MAXKEYS);
		return -1;
	}
	if (parse_spec(v, t, a, b, true, opt, e) < 0)
		return -1;
	for (int i = 0; i < s->nkeys; i++)
		if (s->key[i].fid == v->fid) {
			set_err(e, opt, t, a, b - a, "%s is a key already (a "
			    "field is one key)", field_get(v->fid)->name);
			return -1;
		}
	s->nkeys++;
	return 0;
}

static const char *const agg_word[] = { "count", "sum", "min", "max",
	"distinct" };

/* Why an aggregate cannot take v's field; NULL if it can. */
static const char *
agg_misfit(enum aggkind kind, const struct valspec *v)
{
	enum ftype t = field_get(v->fid)->type;

	switch (kind) {
	case AGG_SUM:
		return t == T_INT || t == T_COUNT ? NULL : "is not a count: "
		    "--sum adds counts (packets, bytes, duration ...)";
	case AGG_MIN: case AGG_MAX:
		return v->kind == KK_UINT || v->kind == KK_TIME ? NULL :
		    "is neither a number nor a time, which --min and --max "
		    "take";
	default:
		return NULL;
	}
}

/* The column of an aggregate: "sum-bytes", "distinct-srcaddr/24". */
static int
define_column(struct agg *g, const char *suffix)
{
	const struct valspec *v = &g->v;
	enum ftype type = T_COUNT;
	const char *cut = NULL;
	char col[256];
	int k;

	if (g->kind == AGG_COUNT) {
		k = snprintf(col, sizeof col, "count%s", suffix);
		return field_define_typed(col, (size_t)k, type);
	}
	if ((g->kind == AGG_MIN || g->kind == AGG_MAX) && *suffix == '\0')
		type = field_get(v->fid)->type;
	if (v->text[0] != '$')	/* in ${a/b} the / is not a cut */
		cut = memchr(v->text, '/', v->n);
	k = snprintf(col, sizeof col, "%s-%s%.*s%s", agg_word[g->kind],
	    field_get(v->fid)->name, cut != NULL ?
	    (int)(v->text + v->n - cut) : 0, cut != NULL ? cut : "", suffix);
	if (k < 0 || (size_t)k >= sizeof col)
		return -1;
	return field_define_typed(col, (size_t)k, type);
}

static int
add_agg(struct summary *s, const char *t, size_t a, size_t b,
    const char *opt, int kind, struct summary_error *e)
{
	struct agg *g = &s->agg[s->naggs];
	const char *why;

	if (s->naggs == MAXAGGS) {
		set_err(e, opt, t, a, b - a, "more than %d aggregates",
		    MAXAGGS - 1);
		return -1;
	}
	memset(g, 0, sizeof *g);
	g->kind = (enum aggkind)kind;
	if (parse_spec(&g->v, t, a, b, kind == AGG_DISTINCT, opt, e) < 0)
		return -1;
	if ((why = agg_misfit(g->kind, &g->v)) != NULL) {
		set_err(e, opt, t, a, b - a, "%s %s", field_get(g->v.fid)->name,
		    why);
		return -1;
	}
	if ((g->col = define_column(g, "")) < 0) {
		set_err(e, opt, t, a, b - a, "too many field names");
		return -1;
	}
	for (int i = 1; i < s->naggs; i++)
		if (s->agg[i].col == g->col) {
			set_err(e, opt, t, a, b - a, "%s is asked for already",
			    field_get(g->col)->name);
			return -1;
		}
	s->naggs++;
	return 0;
}

/* The words and sets of a group; which aggregate orders and weighs. */
static int
lay_out(struct summary *s)
{
	for (int i = 1; i < s->naggs; i++)
		if (s->agg[i].kind != AGG_DISTINCT)
			s->has_seen = true;
	s->nwords = s->has_seen ? W_SEEN + 1 : 0;
	for (int i = 0; i < s->naggs; i++) {
		struct agg *g = &s->agg[i];

		if (g->kind == AGG_DISTINCT)
			g->dist = s->ndist++;
		else
			g->word = s->nwords++;
		g->err_col = -1;
	}
	s->first = s->naggs > 1 ? 1 : 0;
	s->weight = s->agg[s->first].kind == AGG_SUM ? s->first : 0;
	s->agg[s->weight].err_col = define_column(&s->agg[s->weight],
	    "-error");
	for (int i = 1; i < s->naggs; i++)
		if (s->agg[i].kind == AGG_DISTINCT)
			s->agg[i].err_col = define_column(&s->agg[i], "-error");
	for (int i = 0; i < s->naggs; i++)
		if (s->agg[i].err_col < 0 && (i == s->weight ||
		    s->agg[i].kind == AGG_DISTINCT))
			return -1;
	return 0;
}

/* Keys of addresses and numbers have one size: kept in their group. */
static void
key_layout(struct summary *s)
{
	size_t n = 0;

	for (int i = 0; i < s->nkeys; i++) {
		if (s->key[i].kind == KK_TEXT) {
			n = 0;
			break;
		}
		n += s->key[i].kind == KK_ADDR ? ADDR_BYTES : NUM_BYTES;
	}
	s->kwords = (n + 7) / 8;
	s->wbase = s->kwords > 0 ? s->kwords : 1;
	s->stride = s->wbase + (size_t)s->nwords;
}

static void
set_limits(struct summary *s, unsigned long long max_keys)
{
	size_t worst = (size_t)s->ndist * (HLL_M + 8);

	s->max_keys = DEFAULT_MAX_KEYS;
	if (worst > 0 && DISTINCT_BUDGET / worst < s->max_keys)
		s->max_keys = DISTINCT_BUDGET / worst;
	if (max_keys > 0)
		s->max_keys = max_keys < MOST_KEYS ? (size_t)max_keys :
		    MOST_KEYS;
	s->max_key_bytes = s->max_keys * KEY_BYTES_PER_KEY;
}

static bool
is_column(const struct summary *s, int fid)
{
	for (int i = 0; i < s->naggs; i++)
		if (s->agg[i].col == fid || s->agg[i].err_col == fid)
			return true;
	return false;
}

/*
 * A key or a value read that is one of the summary's own columns (a
 * ${count} of a header, sum-bytes twice over): the column would hide it.
 */
static bool
own_column_read(const struct summary *s, struct summary_error *e)
{
	for (int i = 0; i < s->nkeys + s->naggs; i++) {
		const struct valspec *v = i < s->nkeys ? &s->key[i] :
		    &s->agg[i - s->nkeys].v;

		if (v->fid < 0 || !is_column(s, v->fid))
			continue;
		set_err(e, v->opt, v->list, (size_t)(v->text - v->list), v->n,
		    "%s is the name of a column of the summary",
		    field_get(v->fid)->name);
		return true;
	}
	return false;
}

struct summary *
summary_new(const struct summary_opts *o, struct summary_error *e)
{
	struct summary *s = xcalloc(1, sizeof *s);
	struct agg *count = &s->agg[0];

	count->kind = AGG_COUNT;
	count->v.fid = -1;
	s->naggs = 1;
	if (o->by != NULL &&
	    each_item(s, o->by, "--by", 0, add_key, e) < 0)
		goto fail;
	for (int i = 0; i < o->nargs; i++) {
		static const char *const opt[] = { "", "--sum", "--min",
			"--max", "--distinct" };

		if (each_item(s, o->args[i].list, opt[o->args[i].kind],
		    (int)o->args[i].kind, add_agg, e) < 0)
			goto fail;
	}
	count->col = field_define_typed("count", 5, T_COUNT);
	if (count->col < 0 || lay_out(s) < 0) {
		set_err(e, "--by", o->by != NULL ? o->by : "", 0, 1,
		    "too many field names");
		goto fail;
	}
	if (own_column_read(s, e))
		goto fail;
	s->top = o->top;
	key_layout(s);
	set_limits(s, o->max_keys);
	s->rec = xcalloc(1, sizeof *s->rec);
	/* never NULL, even for no keys, and room for keys of one size */
	buf_room(&s->kbuf, s->kwords * 8 + 64);
	buf_room(&s->arena, 64);
	return s;
fail:
	summary_free(s);
	return NULL;
}

void
summary_free(struct summary *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->ng * (size_t)s->ndist; i++)
		free(s->dist[i]);
	free(s->grp);
	free(s->dist);
	free(s->slots);
	free(s->arena.p);
	free(s->heap);
	free(s->hpos);
	free(s->err);
	free(s->kbuf.p);
	free(s->val.p);
	free(s->text.p);
	free(s->rows);
	free(s->rec);
	format_free(&s->fmt);
	free(s);
}

/* --- reading values -------------------------------------------------- */

static void
cut_addr(struct addr *a, const struct valspec *v)
{
	if (addr_is_v4(a)) {
		if (v->v4len < 32)
			a->lo &= ~0ULL << (32 - v->v4len) | 0xffffffff00000000ULL;
		return;
	}
	if (v->v6len <= 64) {
		a->hi &= v->v6len == 0 ? 0 : ~0ULL << (64 - v->v6len);
		a->lo = 0;
	} else if (v->v6len < 128)
		a->lo &= ~0ULL << (128 - v->v6len);
}

/* A value missing or not of its type: a tag of 1, then zeros. */
static void
put_missing(char *d, size_t n, enum valstate st, int fid, int *bad)
{
	memset(d, 0, n);
	d[0] = 1;
	if (st == V_BAD && *bad < 0)
		*bad = fid;
}

static void
put_addr(struct buf *b, const struct valspec *v, const struct record *r,
    int *bad)
{
	char *d = buf_room(b, ADDR_BYTES);
	enum valstate st;
	struct addr a;

	b->n += ADDR_BYTES;
	if ((st = rec_addr(r, v->fid, &a)) != V_OK) {
		put_missing(d, ADDR_BYTES, st, v->fid, bad);
		return;
	}
	cut_addr(&a, v);
	d[0] = 0;
	put_u64(d + 1, a.hi);
	put_u64(d + 9, a.lo);
}

/* A time with its sign bit flipped, so that times order as numbers. */
static void
put_number(struct buf *b, const struct valspec *v, const struct record *r,
    int *bad)
{
	char *d = buf_room(b, NUM_BYTES);
	enum valstate st;
	uint64_t u;
	int64_t ms;

	b->n += NUM_BYTES;
	st = v->kind == KK_UINT ? rec_uint(r, v->fid, &u) :
	    rec_time_ms(r, v->fid, &ms);
	if (st != V_OK) {
		put_missing(d, NUM_BYTES, st, v->fid, bad);
		return;
	}
	if (v->kind == KK_TIME)
		u = time_key(v->window > 0 ? floor_div(ms, v->window) *
		    v->window : ms);
	d[0] = 0;
	put_u64(d + 1, u);
}

/* A text: its tag, its length in four bytes, its bytes. */
static void
put_text(struct buf *b, const struct valspec *v, const struct record *r)
{
	struct slice t;
	char *d;

	if (!rec_text(r, v->fid, &t) || t.n > UINT32_MAX)
		t.n = 0, t.p = NULL;
	d = buf_room(b, 5 + t.n);
	d[0] = t.p == NULL;
	d[1] = (char)(t.n >> 24);
	d[2] = (char)(t.n >> 16);
	d[3] = (char)(t.n >> 8);
	d[4] = (char)t.n;
	if (t.n > 0)
		memcpy(d + 5, t.p, t.n);
	b->n += 5 + t.n;
}

/*
 * The value of v in r, appended to b: a tag (0, or 1 for missing), then
 * the value.  Values are read typed, so that 10.0.0.1 and ::ffff:a00:1,
 * or 022 and 22, are one.
 */
static void
put_value(struct buf *b, const struct valspec *v, const struct record *r,
    int *bad)
{
	if (v->kind == KK_ADDR)
		put_addr(b, v, r, bad);
	else if (v->kind == KK_TEXT)
		put_text(b, v, r);
	else
		put_number(b, v, r, bad);
}

/* The number an aggregate reads: a time as time_key; false if missing. */
static bool
read_number(const struct valspec *v, const struct record *r, uint64_t *u,
    int *bad)
{
	enum valstate st;
	int64_t ms;

	if (v->kind == KK_TIME) {
		if ((st = rec_time_ms(r, v->fid, &ms)) == V_OK)
			*u = time_key(ms);
	} else
		st = rec_uint(r, v->fid, u);
	if (st == V_BAD && *bad < 0)
		*bad = v->fid;
	return st == V_OK;
}

int
summary_columns_wanted(const struct summary *s, const struct format *fmt)
{
	int want = 1;

	for (int i = 0; i < s->nkeys + s->naggs; i++) {
		int fid = i < s->nkeys ? s->key[i].fid :
		    s->agg[i - s->nkeys].v.fid;
		int f[2] = { fid, -1 };

		if (fid == F_DURATION)
			f[0] = F_START, f[1] = F_END;
		for (int k = 0; k < 2 && f[k] >= 0; k++)
			if (fmt->col_of[f[k]] >= want)
				want = fmt->col_of[f[k]] + 1;
	}
	return want;
}

bool
summary_reads_origin(const struct summary *s)
{
	for (int i = 0; i < s->nkeys + s->naggs; i++) {
		int fid = i < s->nkeys ? s->key[i].fid :
		    s->agg[i - s->nkeys].v.fid;

		if (FIELD_ORIGIN(fid))
			return true;
	}
	return false;
}

/* --- distinct values: a set of hashes, then a HyperLogLog ------------- */

/*
 * One block per group and field: word 0 holds the number of values (low
 * half) and the slots (high half) of an open-addressing set of 64-bit
 * hashes, 0 marking an empty slot.  Past DISTINCT_EXACT values the block
 * becomes word 0 = 0 and HLL_M one-byte registers.  Either form takes at
 * most 4 KiB; the exact one holds 256 values at half load.
 */
static size_t
dset_slots(const uint64_t *d)
{
	return (size_t)(d[0] >> 32);
}

static int
leading_zeros(uint64_t x)
{
#if defined(__GNUC__)
	return x == 0 ? 64 : __builtin_clzll(x);
#else
	int k = 0;

	for (; k < 64 && !(x >> 63); k++)
		x <<= 1;
	return k;
#endif
}

/* The register of h's top HLL_P bits keeps the most leading zeros seen. */
static void
hll_add(uint8_t *reg, uint64_t h)
{
	uint64_t rest = h << HLL_P;
	int rank = rest == 0 ? HLL_Q + 1 : leading_zeros(rest) + 1;

	if (rank > HLL_Q + 1)
		rank = HLL_Q + 1;
	if (reg[h >> HLL_Q] < rank)
		reg[h >> HLL_Q] = (uint8_t)rank;
}

static void
dset_insert(uint64_t *d, uint64_t h)
{
	size_t mask = dset_slots(d) - 1, i = (size_t)h & mask;

	while (d[1 + i] != 0 && d[1 + i] != h)
		i = (i + 1) & mask;
	if (d[1 + i] == 0) {
		d[1 + i] = h;
		d[0]++;
	}
}

/* Past DISTINCT_EXACT: the values so far go into the registers. */
static uint64_t *
dset_to_hll(uint64_t *d)
{
	uint64_t *hll = xcalloc(1 + HLL_M / 8, sizeof *hll);

	for (size_t i = 0; i < dset_slots(d); i++)
		if (d[1 + i] != 0)
			hll_add((uint8_t *)(hll + 1), d[1 + i]);
	free(d);
	return hll;
}

static uint64_t *
dset_grow(uint64_t *d)
{
	size_t slots = dset_slots(d);
	uint64_t *bigger = xcalloc(1 + 2 * slots, sizeof *bigger);

	bigger[0] = (uint64_t)(2 * slots) << 32;
	for (size_t i = 0; i < slots; i++)
		if (d[1 + i] != 0)
			dset_insert(bigger, d[1 + i]);
	free(d);
	return bigger;
}

static void
dset_add(uint64_t **dp, uint64_t h)
{
	uint64_t *d = *dp;

	if (d == NULL) {
		d = *dp = xcalloc(1 + 8, sizeof *d);
		d[0] = (uint64_t)8 << 32;
	}
	if (dset_slots(d) == 0) {
		hll_add((uint8_t *)(d + 1), h);
		return;
	}
	dset_insert(d, h == 0 ? 1 : h);
	if ((d[0] & 0xffffffff) > DISTINCT_EXACT)
		*dp = dset_to_hll(d);
	else if (2 * (d[0] & 0xffffffff) > dset_slots(d))
		*dp = dset_grow(d);
}

/*
 * Ertl's improved estimator ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017): no bias correction tables, and a
 * relative standard error near 1.04 / sqrt(m) at every cardinality.
 */
static double
hll_sigma(double x)
{
	double y = 1, z = x, zp;

	if (x == 1)
		return INFINITY;
	do {
		x *= x;
		zp = z;
		z += x * y;
		y += y;
	} while (zp != z);
	return z;
}

static double
hll_tau(double x)
{
	double y = 1, z = 1 - x, zp;

	if (x == 0 || x == 1)
		return 0;
	do {
		x = sqrt(x);
		zp = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (zp != z);
	return z / 3;
}

static uint64_t
hll_estimate(const uint8_t *reg)
{
	unsigned c[HLL_Q + 2] = { 0 };
	double m = HLL_M, z;

	for (int j = 0; j < HLL_M; j++)
		c[reg[j]]++;
	z = m * hll_tau(1 - c[HLL_Q + 1] / m);
	for (int k = HLL_Q; k >= 1; k--)
		z = 0.5 * (z + c[k]);
	z += m * hll_sigma(c[0] / m);
	z = m * m / (2 * log(2)) / z;
	/* more than DISTINCT_EXACT values were seen, whatever it says */
	return z < DISTINCT_EXACT + 1 ? DISTINCT_EXACT + 1 : (uint64_t)(z + 0.5);
}

/* The distinct count of a set, and how far off it may be. */
static uint64_t
dset_count(const uint64_t *d, uint64_t *bound)
{
	uint64_t est;

	*bound = 0;
	if (d == NULL)
		return 0;
	if (dset_slots(d) != 0)
		return d[0] & 0xffffffff;
	est = hll_estimate((const uint8_t *)(d + 1));
	*bound = (uint64_t)ceil((double)est * HLL_BOUND);
	return est;
}

/* --- the table of groups ------------------------------------------------ */

#define NO_GROUP ((size_t)-1)

static inline uint64_t *
grp(const struct summary *s, size_t gi)
{
	return s->grp + gi * s->stride;
}

static inline uint64_t *
words_of(const struct summary *s, size_t gi)
{
	return grp(s, gi) + s->wbase;
}

/* The key's length: whole words, or as its reference in the arena says. */
static inline size_t
klen_of(const struct summary *s, size_t gi)
{
	if (s->kwords > 0)
		return s->kwords * 8;
	return (size_t)(grp(s, gi)[0] & ((1ULL << REF_LEN_BITS) - 1));
}

static inline const char *
key_of(const struct summary *s, size_t gi)
{
	const uint64_t *g = grp(s, gi);

	return s->kwords > 0 ? (const char *)g :
	    s->arena.p + (g[0] >> REF_LEN_BITS);
}

static inline uint64_t
hash_of(const struct summary *s, size_t gi)
{
	return hash_bytes(key_of(s, gi), klen_of(s, gi), 0);
}

/* Keys of fixed size are compared a word at a time, with no call. */
static inline bool
same_words(const char *a, const char *b, size_t words)
{
	uint64_t x, y, diff = 0;

	for (size_t i = 0; i < words; i++) {
		memcpy(&x, a + 8 * i, 8);
		memcpy(&y, b + 8 * i, 8);
		diff |= x ^ y;
	}
	return diff == 0;
}

static inline bool
same_key(const struct summary *s, size_t gi, const char *k, size_t n)
{
	if (s->kwords > 0)
		return same_words(key_of(s, gi), k, s->kwords);
	return klen_of(s, gi) == n && memcmp(key_of(s, gi), k, n) == 0;
}

/*
 * The group of key k (n bytes, hash h), or NO_GROUP with *at the empty
 * slot where it would go.  Linear probing at most half full.
 */
static size_t
find(const struct summary *s, uint64_t h, const char *k, size_t n,
    size_t *at)
{
	uint32_t tag = (uint32_t)(h >> 32);
	size_t i = (size_t)h & s->mask;

	for (;; i = (i + 1) & s->mask) {
		struct slot sl = s->slots[i];

		if (sl.gi == 0) {
			*at = i;
			return NO_GROUP;
		}
		if (sl.tag == tag && same_key(s, sl.gi - 1, k, n))
			return sl.gi - 1;
	}
}

static void
place(struct summary *s, size_t gi, uint64_t h)
{
	size_t i = (size_t)h & s->mask;

	while (s->slots[i].gi != 0)
		i = (i + 1) & s->mask;
	s->slots[i].tag = (uint32_t)(h >> 32);
	s->slots[i].gi = (uint32_t)gi + 1;
}

/* Twice the slots, when the groups would fill more than half. */
static void
grow_slots(struct summary *s)
{
	size_t n = s->slots == NULL ? 64 : 2 * (s->mask + 1);

	free(s->slots);
	s->slots = xcalloc(n, sizeof *s->slots);
	s->mask = n - 1;
	for (size_t gi = 0; gi < s->ng; gi++)
		place(s, gi, hash_of(s, gi));
}

/* Take a group out of the table, moving back the ones probed past it. */
static void
unplace(struct summary *s, size_t gi)
{
	size_t i = (size_t)hash_of(s, gi) & s->mask, j, home;

	while (s->slots[i].gi != gi + 1)
		i = (i + 1) & s->mask;
	for (j = i;;) {
		j = (j + 1) & s->mask;
		if (s->slots[j].gi == 0)
			break;
		home = (size_t)hash_of(s, s->slots[j].gi - 1) & s->mask;
		/* j's entry may move to i if i lies on its way from home */
		if (((j - home) & s->mask) >= ((j - i) & s->mask)) {
			s->slots[i] = s->slots[j];
			i = j;
		}
	}
	s->slots[i].gi = 0;
}

/* Keys replaced leave holes: copy the live ones once holes are half. */
static void
compact_arena(struct summary *s)
{
	struct buf fresh = { xmalloc(s->arena.cap), 0, s->arena.cap };

	for (size_t gi = 0; gi < s->ng; gi++) {
		size_t off = fresh.n, n = klen_of(s, gi);

		buf_add(&fresh, key_of(s, gi), n);
		grp(s, gi)[0] = (uint64_t)off << REF_LEN_BITS | n;
	}
	free(s->arena.p);
	s->arena = fresh;
	s->dead = 0;
}

/* The key of group gi, which has none now (a length of 0). */
static void
set_key(struct summary *s, size_t gi, const char *k, size_t n)
{
	size_t off;

	if (s->kwords > 0) {
		memcpy(grp(s, gi), k, s->kwords * 8);
		return;
	}
	if (s->arena.cap - s->arena.n < n && s->dead > s->arena.n / 2)
		compact_arena(s);
	off = s->arena.n;
	buf_add(&s->arena, k, n);
	grp(s, gi)[0] = (uint64_t)off << REF_LEN_BITS | n;
}

static void
grow_groups(struct summary *s)
{
	size_t cap = s->gcap == 0 ? 1024 : 2 * s->gcap;

	if (cap > s->max_keys)
		cap = s->max_keys;
	s->grp = xreallocarray(s->grp, cap, s->stride * sizeof *s->grp);
	if (s->ndist > 0) {
		s->dist = xreallocarray(s->dist, cap, (size_t)s->ndist *
		    sizeof *s->dist);
		memset(s->dist + s->gcap * (size_t)s->ndist, 0,
		    (cap - s->gcap) * (size_t)s->ndist * sizeof *s->dist);
	}
	s->gcap = cap;
}

static size_t
new_group(struct summary *s, uint64_t h, const char *k, size_t n)
{
	size_t gi = s->ng;

	if (gi == s->gcap)
		grow_groups(s);
	if (2 * (gi + 1) > s->mask + 1)
		grow_slots(s);
	memset(grp(s, gi), 0, s->stride * sizeof *s->grp);
	set_key(s, gi, k, n);
	s->ng++;
	place(s, gi, h);
	return gi;
}

/* --- the sketch: Space-Saving over a min-heap of weights --------------- */

static inline uint64_t
weight_of(const struct summary *s, size_t gi)
{
	return words_of(s, gi)[s->agg[s->weight].word];
}

static void
heap_set(struct summary *s, size_t at, uint32_t gi)
{
	s->heap[at] = gi;
	s->hpos[gi] = (uint32_t)at;
}

/* A weight grew: move its group down below lighter ones. */
static void
sift_down(struct summary *s, size_t at)
{
	uint32_t gi = s->heap[at];
	uint64_t w = weight_of(s, gi);

	for (;;) {
		size_t c = 2 * at + 1;

		if (c >= s->ng)
			break;
		if (c + 1 < s->ng && weight_of(s, s->heap[c + 1]) <
		    weight_of(s, s->heap[c]))
			c++;
		if (weight_of(s, s->heap[c]) >= w)
			break;
		heap_set(s, at, s->heap[c]);
		at = c;
	}
	heap_set(s, at, gi);
}

/* No key is added from now on: the groups there are are all. */
static void
start_sketch(struct summary *s)
{
	s->heap = xreallocarray(NULL, s->ng, sizeof *s->heap);
	s->hpos = xreallocarray(NULL, s->ng, sizeof *s->hpos);
	s->err = xcalloc(s->ng, sizeof *s->err);
	for (size_t i = 0; i < s->ng; i++)
		heap_set(s, i, (uint32_t)i);
	for (size_t i = s->ng / 2; i-- > 0;)
		sift_down(s, i);
	s->sketch = true;
}

/* Once a sketch, always: its heap is of the groups there were. */
static bool
table_full(const struct summary *s)
{
	return s->sketch || s->ng >= s->max_keys ||
	    (s->arena.n - s->dead > s->max_key_bytes && s->ng > 0);
}

/*
 * A new key takes the place of the lightest group: it inherits that
 * weight, as the bound of its error, and starts afresh otherwise.
 */
static size_t
replace_lightest(struct summary *s, uint64_t h, const char *k, size_t n)
{
	size_t gi = s->heap[0];
	uint64_t *w = words_of(s, gi), inherited = weight_of(s, gi);
	uint64_t seen = s->has_seen ? w[W_SEEN] & (1ULL << s->weight) : 0;

	unplace(s, gi);
	if (s->kwords == 0) {
		s->dead += klen_of(s, gi);
		grp(s, gi)[0] = 0;	/* no key for compact_arena to copy */
	}
	set_key(s, gi, k, n);
	memset(w, 0, (size_t)s->nwords * sizeof *w);
	if (s->has_seen)
		w[W_SEEN] = seen;
	s->err[gi] = inherited;
	w[s->agg[s->weight].word] = inherited;
	for (int d = 0; d < s->ndist; d++) {
		free(s->dist[gi * (size_t)s->ndist + (size_t)d]);
		s->dist[gi * (size_t)s->ndist + (size_t)d] = NULL;
	}
	place(s, gi, h);
	return gi;
}

/* --- counting a record ------------------------------------------------ */

static void
add_distinct(struct summary *s, size_t gi, const struct agg *g,
    const struct record *r, int *bad)
{
	s->val.n = 0;
	put_value(&s->val, &g->v, r, bad);
	if (s->val.p[0] != 0)	/* missing: not a value */
		return;
	dset_add(&s->dist[gi * (size_t)s->ndist + (size_t)g->dist],
	    hash_bytes(s->val.p, s->val.n, 0x5eed));
}

static void
add_number(uint64_t *w, int i, const struct agg *g, uint64_t v)
{
	uint64_t bit = 1ULL << i, *x = &w[g->word];
	bool seen = (w[W_SEEN] & bit) != 0;

	if (g->kind == AGG_SUM)
		*x = add_saturating(*x, v);
	else if (!seen || (g->kind == AGG_MIN ? v < *x : v > *x))
		*x = v;
	w[W_SEEN] |= bit;
}

/* The record's values into group gi; returns its weight. */
static uint64_t
aggregate(struct summary *s, size_t gi, const struct record *r, int *bad)
{
	uint64_t *w = words_of(s, gi), v, weight = 1;

	w[s->agg[0].word]++;
	for (int i = 1; i < s->naggs; i++) {
		const struct agg *g = &s->agg[i];

		if (g->kind == AGG_DISTINCT)
			add_distinct(s, gi, g, r, bad);
		else if (read_number(&g->v, r, &v, bad)) {
			add_number(w, i, g, v);
			if (i == s->weight)
				weight = v;
		} else if (i == s->weight)
			weight = 0;
	}
	return weight;
}

int
summary_add(struct summary *s, const struct record *r)
{
	int bad = -1;
	size_t gi, at;
	uint64_t h, weight;

	/* keys of one size are zero-padded to whole words */
	if (s->kwords > 0)
		memset(s->kbuf.p + (s->kwords - 1) * 8, 0, 8);
	s->kbuf.n = 0;
	for (int i = 0; i < s->nkeys; i++)
		put_value(&s->kbuf, &s->key[i], r, &bad);
	if (s->kwords > 0)
		s->kbuf.n = s->kwords * 8;
	if (s->slots == NULL)
		grow_slots(s);
	h = hash_bytes(s->kbuf.p, s->kbuf.n, 0);
	if ((gi = find(s, h, s->kbuf.p, s->kbuf.n, &at)) == NO_GROUP) {
		if (!table_full(s))
			gi = new_group(s, h, s->kbuf.p, s->kbuf.n);
		else {
			if (!s->sketch)
				start_sketch(s);
			gi = replace_lightest(s, h, s->kbuf.p, s->kbuf.n);
		}
	}
	weight = aggregate(s, gi, r, &bad);
	s->total_weight = s->weight == 0 ? s->total_weight + 1 :
	    add_saturating(s->total_weight, weight);
	if (s->sketch)
		sift_down(s, s->hpos[gi]);
	s->added++;
	return bad;
}

/* --- printing ----------------------------------------------------------- */

/* Is the -error column of aggregate i needed now? */
static bool
has_error(const struct summary *s, int i)
{
	return i == s->weight ? s->sketch : s->agg[i].estimated;
}

/*
 * The columns: the keys, then each aggregate, followed by its -error
 * column when that has errors to report (or, full, whenever it may).
 */
static void
make_format(struct summary *s, bool full)
{
	int fids[MAXKEYS + 2 * MAXAGGS], n = 0;

	for (int i = 0; i < s->nkeys; i++)
		fids[n++] = s->key[i].fid;
	for (int i = 0; i < s->naggs; i++) {
		fids[n++] = s->agg[i].col;
		if (s->agg[i].err_col >= 0 && (full || has_error(s, i)))
			fids[n++] = s->agg[i].err_col;
	}
	format_of_fields(&s->fmt, fids, n);
}

const struct format *
summary_format(struct summary *s)
{
	make_format(s, true);
	return &s->fmt;
}

/* Which distinct aggregates have a group past exact counting. */
static void
mark_estimates(struct summary *s)
{
	for (int i = 1; i < s->naggs; i++) {
		struct agg *g = &s->agg[i];

		if (g->kind != AGG_DISTINCT || g->estimated)
			continue;
		for (size_t gi = 0; gi < s->ng && !g->estimated; gi++) {
			const uint64_t *d = s->dist[gi * (size_t)s->ndist +
			    (size_t)g->dist];

			g->estimated = d != NULL && dset_slots(d) == 0;
		}
	}
}

static int
cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* Two values of v at a and b, missing last; *la and *lb their sizes. */
static int
cmp_value(const struct valspec *v, const char *a, const char *b, size_t *la,
    size_t *lb)
{
	size_t na = 0, nb = 0;	/* read for KK_TEXT only; gcc -O1 cannot see it */
	int c;

	if (v->kind == KK_TEXT) {
		*la = 5 + (na = text_len(a));
		*lb = 5 + (nb = text_len(b));
	} else
		*la = *lb = v->kind == KK_ADDR ? ADDR_BYTES : NUM_BYTES;
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	if (a[0] != 0)
		return 0;
	switch (v->kind) {
	case KK_ADDR:
		if ((c = cmp_u64(load_u64(a + 1), load_u64(b + 1))) != 0)
			return c;
		return cmp_u64(load_u64(a + 9), load_u64(b + 9));
	case KK_TEXT:
		if ((c = memcmp(a + 5, b + 5, na < nb ? na : nb)) != 0)
			return c;
		return na < nb ? -1 : na > nb;
	default:
		return cmp_u64(load_u64(a + 1), load_u64(b + 1));
	}
}

static int
cmp_keys(const struct summary *s, const char *a, const char *b)
{
	size_t la, lb;
	int c;

	for (int i = 0; i < s->nkeys; i++, a += la, b += lb)
		if ((c = cmp_value(&s->key[i], a, b, &la, &lb)) != 0)
			return c;
	return 0;
}

/* qsort has no argument for the summary whose rows it sorts. */
static const struct summary *sorting;

/* The first aggregate, largest first; ties in the order of the keys. */
static int
cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->has != b->has)
		return a->has ? -1 : 1;
	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	return cmp_keys(sorting, key_of(sorting, a->gi),
	    key_of(sorting, b->gi));
}

/* A heap of rows with the last in order on top: sift rows[at] down. */
static void
sift_worst(struct row *rows, size_t n, size_t at)
{
	for (;;) {
		size_t c = 2 * at + 1;
		struct row t;

		if (c >= n)
			return;
		if (c + 1 < n && cmp_rows(&rows[c + 1], &rows[c]) > 0)
			c++;
		if (cmp_rows(&rows[c], &rows[at]) <= 0)
			return;
		t = rows[at];
		rows[at] = rows[c];
		rows[c] = t;
		at = c;
	}
}

/*
 * The first top of n rows, in order, at the start: a heap of the best
 * top seen, whose worst each row must beat, then a sort of those.  For
 * --top 10 of a million keys, a fraction of sorting them all.
 */
static void
select_top(struct row *rows, size_t n, size_t top)
{
	for (size_t i = top / 2; i-- > 0;)
		sift_worst(rows, top, i);
	for (size_t i = top; i < n; i++)
		if (cmp_rows(&rows[i], &rows[0]) < 0) {
			struct row t = rows[0];

			rows[0] = rows[i];
			rows[i] = t;
			sift_worst(rows, top, 0);
		}
	qsort(rows, top, sizeof *rows, cmp_rows);
}

static size_t
sort_rows(struct summary *s)
{
	const struct agg *f = &s->agg[s->first];
	uint64_t bound;

	if (s->rowcap < s->ng) {
		s->rowcap = s->ng;
		s->rows = xreallocarray(s->rows, s->rowcap, sizeof *s->rows);
	}
	for (size_t gi = 0; gi < s->ng; gi++) {
		const uint64_t *w = words_of(s, gi);
		struct row *r = &s->rows[gi];

		r->gi = (uint32_t)gi;
		r->has = true;
		if (f->kind == AGG_DISTINCT)
			r->v = dset_count(s->dist[gi * (size_t)s->ndist +
			    (size_t)f->dist], &bound);
		else {
			r->v = w[f->word];
			r->has = f->kind == AGG_COUNT ||
			    (w[W_SEEN] & (1ULL << s->first)) != 0;
		}
	}
	sorting = s;
	if (s->top > 0 && s->top < s->ng)
		select_top(s->rows, s->ng, (size_t)s->top);
	else if (s->ng > 1)	/* rows is NULL when there are none */
		qsort(s->rows, s->ng, sizeof *s->rows, cmp_rows);
	sorting = NULL;
	return s->top > 0 && s->top < s->ng ? (size_t)s->top : s->ng;
}

static void
text_uint(struct buf *b, uint64_t v)
{
	char t[24];
	int k = snprintf(t, sizeof t, "%" PRIu64, v);

	buf_add(b, t, (size_t)k);
}

/* Epoch seconds, with .mmm when the milliseconds are not 0. */
static void
text_time(struct buf *b, int64_t ms)
{
	uint64_t a = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	char t[32];
	int k = snprintf(t, sizeof t, "%s%" PRIu64, ms < 0 ? "-" : "",
	    a / 1000);

	if (a % 1000 != 0)
		k += snprintf(t + k, sizeof t - (size_t)k, ".%03u",
		    (unsigned)(a % 1000));
	buf_add(b, t, (size_t)k);
}

static void
text_addr(struct buf *b, const struct valspec *v, const char *p)
{
	struct addr a = { load_u64(p + 1), load_u64(p + 9) };
	char t[64];
	size_t n = format_addr(&a, t);
	int len = addr_is_v4(&a) ? v->v4len : v->v6len;

	if (len < (addr_is_v4(&a) ? 32 : 128))
		n += (size_t)snprintf(t + n, sizeof t - n, "/%d", len);
	buf_add(b, t, n);
}

/* The text of one key value at p; returns where the next one starts. */
static const char *
text_key(struct buf *b, const struct valspec *v, const char *p)
{
	size_t n;

	if (v->kind == KK_TEXT) {
		n = text_len(p);
		if (p[0] != 0)
			buf_add(b, "-", 1);
		else
			buf_add(b, p + 5, n);
		return p + 5 + n;
	}
	n = v->kind == KK_ADDR ? ADDR_BYTES : NUM_BYTES;
	if (p[0] != 0)
		buf_add(b, "-", 1);
	else if (v->kind == KK_ADDR)
		text_addr(b, v, p);
	else if (v->kind == KK_TIME)
		text_time(b, time_of_key(load_u64(p + 1)));
	else
		text_uint(b, load_u64(p + 1));
	return p + n;
}

/* The text of aggregate i of group gi, and of its error if err. */
static void
text_agg(struct summary *s, size_t gi, int i, bool err)
{
	const struct agg *g = &s->agg[i];
	const uint64_t *w = words_of(s, gi);
	uint64_t bound = 0, v;

	if (g->kind == AGG_DISTINCT) {
		v = dset_count(s->dist[gi * (size_t)s->ndist + (size_t)g->dist],
		    &bound);
		text_uint(&s->text, err ? bound : v);
	} else if (err)
		text_uint(&s->text, s->sketch ? s->err[gi] : 0);
	else if (g->kind != AGG_COUNT && !(w[W_SEEN] & (1ULL << i)))
		buf_add(&s->text, "-", 1);
	else if (g->v.kind == KK_TIME)
		text_time(&s->text, time_of_key(w[g->word]));
	else
		text_uint(&s->text, w[g->word]);
}

/* Group gi as a record of the summary's format. */
static void
make_row(struct summary *s, size_t gi)
{
	struct record *r = s->rec;
	size_t off[MAXKEYS + 2 * MAXAGGS + 1];
	const char *k = key_of(s, gi);
	int c = 0;

	s->text.n = 0;
	for (int i = 0; i < s->nkeys; i++) {
		off[c++] = s->text.n;
		k = text_key(&s->text, &s->key[i], k);
	}
	for (int i = 0; i < s->naggs; i++) {
		off[c++] = s->text.n;
		text_agg(s, gi, i, false);
		if (s->agg[i].err_col >= 0 &&
		    s->fmt.col_of[s->agg[i].err_col] >= 0) {
			off[c++] = s->text.n;
			text_agg(s, gi, i, true);
		}
	}
	off[c] = s->text.n;
	memset(r, 0, offsetof(struct record, own_start));
	for (int i = 0; i < c; i++) {
		r->own_start[i] = (uint32_t)off[i];
		r->own_end[i] = (uint32_t)off[i + 1];
	}
	r->cbase = s->text.p;
	r->cstart = r->own_start;
	r->cend = r->own_end;
	r->line.p = r->body.p = s->text.p;
	r->line.n = r->body.n = s->text.n;
	r->fmt = &s->fmt;
	r->ncols = r->nstored = c;
}

void
summary_print(struct summary *s, const struct outopts *o,
    struct writer *w)
{
	struct output *out;
	struct expr_error err;
	size_t n;

	/* without keys, one row even of nothing, as SQL's count(*) */
	if (s->nkeys == 0 && s->ng == 0)
		new_group(s, hash_bytes(s->kbuf.p, 0, 0), s->kbuf.p, 0);
	mark_estimates(s);
	make_format(s, false);
	n = sort_rows(s);
	/* the -o list or template was checked against summary_format() */
	if ((out = output_new(o, w, &err)) == NULL)
		return;
	/* an -error column asked for by name is there, 0 where exact */
	if (output_check_fields(out, &s->fmt, &err) < 0)
		make_format(s, true);
	output_fix_columns(out, &s->fmt);
	if (s->printed)
		wr_char(w, '\n');
	for (size_t i = 0; i < n && o->mode == OUT_TABLE; i++) {
		make_row(s, s->rows[i].gi);
		output_measure(out, s->rec);
	}
	for (size_t i = 0; i < n; i++) {
		make_row(s, s->rows[i].gi);
		output_record(out, s->rec);
	}
	output_finish(out);
	output_free(out);
	s->printed = true;
	s->added_printed = s->added;
}

bool
summary_changed(const struct summary *s)
{
	return !s->printed || s->added != s->added_printed;
}

void
summary_notes(const struct summary *s, FILE *fp)
{
	const char *w = field_get(s->agg[s->weight].col)->name;

	if (s->sketch)
		fprintf(fp, "flowgrep: note: more than %zu keys (--max-keys): "
		    "the %zu heaviest by %s are kept (Space-Saving); a %s may "
		    "be too high by its %s, never by more than %" PRIu64
		    " (the total over %zu), and no key over that is missing\n",
		    s->max_keys, s->max_keys, w, w,
		    field_get(s->agg[s->weight].err_col)->name,
		    s->total_weight / s->max_keys, s->max_keys);
	for (int i = 1; i < s->naggs; i++)
		if (s->agg[i].estimated)
			fprintf(fp, "flowgrep: note: %s is estimated past %d "
			    "values (HyperLogLog, %d registers): within its %s "
			    "(%.2f%%) 19 times in 20\n",
			    field_get(s->agg[i].col)->name, DISTINCT_EXACT,
			    HLL_M, field_get(s->agg[i].err_col)->name,
			    100 * HLL_BOUND);
}
