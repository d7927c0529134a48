/*
 * flowgrep.h: the shared vocabulary of flowgrep.
 *
 * parse.c turns a line into a record view (struct record): slices into
 * the input buffer, nothing copied, values converted only when asked.
 * expr.c compiles an expression into a tree of tests over field ids and
 * evaluates it on a record.  output.c renders a selected record.
 * summary.c groups selected records by keys and aggregates them (--by).
 * jsonin.c turns CloudWatch Logs JSON into events whose messages are
 * lines.  flowgrep.c reads the input, drives them and reports.
 */
#ifndef FLOWGREP_H
#define FLOWGREP_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#define FLOWGREP_VERSION "1.0.0"

/* Columns a format may have; a longer header is not a header. */
#define MAXCOLS 512
/* Formats in force at once, told apart by their number of fields. */
#define MAXALTS 8
/* Field ids: the known ones, then names met in --format, headers, -o. */
#define MAXFIELDS 1024

struct slice {
	const char *p;
	size_t n;
};

/* Value types: what a constant is parsed as and how a field compares. */
enum ftype {
	T_INT,   /* unsigned decimal */
	T_COUNT, /* unsigned decimal, k M G T suffixes in constants */
	T_PORT,  /* 0..65535 */
	T_PROTO, /* 0..255, IANA names */
	T_FLAGS, /* tcp-flags bit set, flag names */
	T_TPATH, /* traffic-path 1..8, names */
	T_TIME,  /* epoch seconds (start, end) or ISO (@timestamp) */
	T_ADDR,  /* IPv4 or IPv6 */
	T_STR,   /* opaque, case-sensitive, * wildcards */
	T_ENUM   /* a closed set of words, compared ignoring case */
};

/* Field ids of the fields that code refers to by name. */
enum {
	F_VERSION, F_ACCOUNT_ID, F_INTERFACE_ID, F_SRCADDR, F_DSTADDR,
	F_SRCPORT, F_DSTPORT, F_PROTOCOL, F_PACKETS, F_BYTES, F_START, F_END,
	F_ACTION, F_LOG_STATUS,
	F_VPC_ID, F_SUBNET_ID, F_INSTANCE_ID, F_TCP_FLAGS, F_TYPE,
	F_PKT_SRCADDR, F_PKT_DSTADDR,
	F_REGION, F_AZ_ID, F_SUBLOCATION_TYPE, F_SUBLOCATION_ID,
	F_PKT_SRC_AWS_SERVICE, F_PKT_DST_AWS_SERVICE, F_FLOW_DIRECTION,
	F_TRAFFIC_PATH,
	/* pseudo fields: not columns of a format */
	F_TIMESTAMP, F_LOGSTREAM, F_DURATION, F_ADDR, F_PORT,
	F_FILE, F_LINE,  /* where a record was read: output and --by only */
	F_LAST_PSEUDO = F_LINE
};

#define FIELD_PSEUDO(f) ((f) >= F_TIMESTAMP && (f) <= F_LAST_PSEUDO)
#define FIELD_ORIGIN(f) ((f) == F_FILE || (f) == F_LINE)
#define FIELD_EITHER(f) ((f) == F_ADDR || (f) == F_PORT)

struct field_info {
	const char *name; /* AWS spelling */
	enum ftype type;
};

/* A flow-log format: which field sits in which column. */
struct format {
	int ncols;
	short field_at[MAXCOLS];  /* column -> field id */
	short col_of[MAXFIELDS];  /* field id -> column, -1 if absent */
	char *names;              /* the names as written, NUL-separated */
	const char *name_at[MAXCOLS];
	bool from_header;
	unsigned long serial;     /* changes when the format changes */
	/*
	 * Another format, for a line whose number of fields is not this
	 * one's (--format given several times): a chain, each with its
	 * own number of fields.
	 */
	const struct format *alt;
};

/* Where a record's value stands. */
enum valstate { V_OK, V_MISSING, V_BAD };

/* A record: slices into the line, converted on demand. */
struct record {
	struct slice line;   /* what is printed in the default mode */
	struct slice body;   /* the flow-log record itself */
	struct slice ts;     /* @timestamp text, p == NULL when absent */
	struct slice stream; /* @logStream text, p == NULL when absent */
	struct slice file;   /* @file: set only for a selected record */
	unsigned long long lineno; /* @line: likewise */
	bool ts_is_ms;       /* ts is epoch milliseconds (CLI text output) */
	const struct format *fmt;
	int want;            /* columns to split: 0 all, -1 none, else that many */
	int ncols;           /* columns in the body */
	int nstored;         /* columns known: at least want, when valid */
	/*
	 * Column c is cbase[start, cend[c]), start being cstart[c] when
	 * cstart is set (a line split here, where runs of spaces may part
	 * columns), else just past the end before (cfirst for column 0).
	 * A plain line of a read buffer points into the buffer's index of
	 * spaces (bufindex): its columns cost nothing more to find.
	 */
	const char *cbase;
	const uint32_t *cend, *cstart;
	uint32_t cfirst;
	uint32_t own_start[MAXCOLS], own_end[MAXCOLS];
};

/* Eight bytes from anywhere, in the machine's order. */
static inline uint64_t
load_u64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * Does a line of n bytes start as an aws logs tail timestamp does
 * (YYYY-MM-DDT)?  The cheap test; the prefix is then checked whole.
 */
static inline bool
tail_shaped(const char *p, size_t n)
{
	return n > 10 && p[4] == '-' && p[10] == 'T';
}

/* Column c of a record as it is written (c < nstored). */
static inline struct slice
rec_col(const struct record *r, int c)
{
	uint32_t a = r->cstart != NULL ? r->cstart[c] : c > 0 ?
	    r->cend[c - 1] + 1 : r->cfirst;
	struct slice s = { r->cbase + a, r->cend[c] - a };

	return s;
}

/* A 128-bit address; IPv4 is held as IPv4-mapped IPv6 (::ffff:a.b.c.d). */
struct addr {
	uint64_t hi, lo;
};

/* --- alloc.c: memory; out of memory ends flowgrep with status 2 ------ */

/*
 * What keeps a fixed-size buffer in bounds, stated where it is relied
 * on; the sanitizer build (-DFLOWGREP_CHECKS) checks it.
 */
#ifdef FLOWGREP_CHECKS
#define INVARIANT(c) ((c) ? (void)0 : invariant_failed(#c, __FILE__, __LINE__))
#else
#define INVARIANT(c) ((void)0)
#endif
void invariant_failed(const char *what, const char *file, int line);

/* A growing text, NUL-terminated once anything is added; { 0 } is empty. */
struct strbuf {
	char *p;
	size_t n, cap;
};

void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *sb_text(const struct strbuf *sb);	/* "" when empty */
void sb_free(struct strbuf *sb);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrndup(const char *s, size_t n);

/* --- parse.c: the field dictionary, formats, values ----------------- */

int field_lookup(const char *name, size_t n);
int field_define(const char *name, size_t n); /* lookup, else add as T_STR */
/* lookup, else add with this type (the columns of a summary) */
int field_define_typed(const char *name, size_t n, enum ftype type);
const struct field_info *field_get(int fid);
int field_mark(void);
void field_release(int mark);
bool field_is_known(int fid);
bool field_name_ok(const char *name, size_t n);
int field_suggest(const char *name, size_t n); /* closest known, or -1 */
int field_resolve(const char *name, size_t n, char *why, size_t whylen);
/*
 * The next item of the comma-separated list t[0, n) from *at, as
 * [*a, *b) without the blanks around it; false past the last.  An
 * empty list is one empty item.
 */
bool list_item(const char *t, size_t n, size_t *at, size_t *a, size_t *b);
const char *const *field_words(int fid);  /* a closed set, or NULL */
const char *field_word_suggest(int fid, const char *p, size_t n);

int format_parse(struct format *fmt, const char *text, size_t n,
    char *err, size_t errlen);
void format_default(struct format *fmt);
/* A format of these fields in this order (a summary's columns). */
void format_of_fields(struct format *fmt, const int *fids, int n);
/* Names in a --format that look like typos of AWS names: -1 and why. */
int format_check_names(const struct format *fmt, char *why, size_t whylen);
/* The format of the chain from fmt that has ncols fields, or NULL. */
const struct format *format_for_count(const struct format *fmt, int ncols);
void format_free(struct format *fmt);
bool format_is_header(const char *p, size_t n);

/* What a line turned out to be. */
enum linekind {
	L_RECORD,     /* one record, in rec */
	L_MULTI,      /* several records joined by tabs: use segment_next */
	L_HEADER,     /* a header: install it as the format */
	L_FRAMING,    /* CLI framing (token line, SEARCHEDLOGSTREAMS): skip */
	L_BLANK,      /* empty or only white space: skip */
	L_BAD         /* not a record; why says why */
};

struct lineinfo {
	enum linekind kind;
	bool quiet;          /* set by the caller: no reason, why left empty */
	char why[96];
};

enum linekind line_classify(struct record *rec, const struct format *fmt,
    const char *p, size_t n, struct lineinfo *li);
int record_split(struct record *rec, const struct format *fmt,
    struct slice body, char *why, size_t whylen);
int plain_columns(const char *p, size_t n);

/*
 * Bytes bufindex_build may read past the end of a buffer, and so the
 * longest literal it finds.
 */
#define INDEX_SLACK 64

/* Spaces and newlines of a buffer, and what leaves the common shape. */
struct bufindex {
	uint32_t *sep;       /* offsets of the spaces and newlines */
	uint32_t *nl;        /* where in sep[] each newline is */
	uint32_t *nlpos;     /* the offset of each newline */
	uint32_t *odd;       /* offsets of bytes that leave the common shape */
	uint32_t *hit;       /* offsets of the prefilter's literal */
	size_t nsep, nnl, nodd, nhit, cap;
	bool lean;           /* sep[] is filled a line at a time, on demand */
	bool searched;       /* for a literal: hit[] holds its places */
};

void bufindex_build(struct bufindex *ix, const char *p, size_t n,
    const struct slice *lit, bool icase, bool lean);
const uint32_t *bufindex_line(struct bufindex *ix, const char *buf,
    uint32_t s, uint32_t e, uint32_t first, int nseps);
void bufindex_free(struct bufindex *ix);
bool index_lean_after(size_t nnl, size_t nhit);
int index_columns(const char *buf, uint32_t s, uint32_t e, int nseps);
int record_from_index(struct record *rec, const struct format *fmt,
    const char *buf, uint32_t s, const uint32_t *seps, int nseps,
    struct lineinfo *li);

int segment_next(struct record *rec, const struct format *fmt,
    const char **p, size_t *n, char *why, size_t whylen);

/*
 * A column's or a field's text, false when it is absent or "-".  Inline:
 * a slice returned through memory from another file is stored as two
 * words and read back as one, which the processor cannot forward; that
 * stall was a third of evaluating a string test.
 */
static inline bool
rec_col_text(const struct record *r, int col, struct slice *out)
{
	if (col < 0 || col >= r->nstored)
		return false;
	*out = rec_col(r, col);
	return !(out->n == 1 && out->p[0] == '-');
}

static inline bool
rec_text(const struct record *r, int fid, struct slice *out)
{
	if (fid == F_TIMESTAMP || fid == F_LOGSTREAM || fid == F_FILE) {
		*out = fid == F_TIMESTAMP ? r->ts : fid == F_LOGSTREAM ?
		    r->stream : r->file;
		return out->p != NULL;
	}
	if (fid < 0 || fid >= MAXFIELDS)
		return false;
	return rec_col_text(r, r->fmt->col_of[fid], out);
}
enum valstate rec_uint(const struct record *r, int fid, uint64_t *out);
enum valstate rec_time_ms(const struct record *r, int fid, int64_t *out);
enum valstate rec_addr(const struct record *r, int fid, struct addr *out);

const char *find_literal(const char *p, size_t n, const char *lit, size_t k,
    bool icase);
uint64_t ftype_max(enum ftype t);
int64_t floor_div(int64_t a, int64_t b);
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* A decimal number of at most 20 digits; inline, as it is hot. */
static inline bool
parse_uint(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)p[i] - (unsigned)'0';

		if (d > 9 || (i >= 19 && v > (UINT64_MAX - d) / 10))
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}
bool parse_addr(const char *p, size_t n, struct addr *out);
bool parse_ipv4(const char *p, size_t n, uint32_t *out);
int  parse_cidr(const char *p, size_t n, struct addr *lo, struct addr *hi);
bool parse_v4_block(const char *p, size_t n, uint32_t *lo, uint32_t *hi);
bool parse_iso_time(const char *p, size_t n, int64_t *ms, int64_t *span_ms);
size_t format_addr(const struct addr *a, char *buf);
bool addr_is_v4(const struct addr *a);
int addr_cmp(const struct addr *a, const struct addr *b);

const char *proto_name(unsigned v);
int proto_lookup(const char *p, size_t n);
int tcpflag_lookup(const char *p, size_t n);
size_t tcpflags_render(unsigned v, char *buf);
const char *tpath_name(unsigned v);
int tpath_lookup(const char *p, size_t n);

/* --- source.c: the bytes of an input: plain, gzip, read ahead ------ */

struct source;

struct source *source_new(const volatile sig_atomic_t *interrupted);
void source_free(struct source *src);
/* Read fd from its start (the descriptor stays the caller's). */
void source_open(struct source *src, int fd);
void source_close(struct source *src);
/* Decide what the input is: 0, or -1 (errno) or -2 (source_error). */
int source_sniff(struct source *src);
/* Its text, inflated if need be: like read(2), or -2 (source_error). */
ssize_t source_read(struct source *src, char *dst, size_t len);
const char *source_error(const struct source *src);
int source_fd(const struct source *src);
/* Bytes read and not handed on, or the end: the next read will not wait. */
bool source_buffered(const struct source *src);
/*
 * A source read ahead (prefetch_take) also lends its blocks, whole:
 * source_lend puts up to LEND_ROOM bytes before the block's text, and
 * gives the block's index (*ix) when the worker made one.
 */
#define LEND_ROOM (1 << 16)
bool source_lends(const struct source *src);
ssize_t source_lend(struct source *src, const char *rest, size_t nrest,
    char **text, struct bufindex **ix);
/* For tests: each read(2) asks for at most cap(arg) bytes. */
void source_set_read_cap(struct source *src, size_t (*cap)(void *),
    void *arg);

/*
 * How the reader indexes its buffers (bufindex_build), for a worker to
 * index the blocks of plain files as the reader would.
 */
enum index_ahead {
	AHEAD_WHEN_BEHIND,	/* while the reader has a block waiting */
	AHEAD_ALWAYS,
	AHEAD_NEVER
};

struct index_plan {
	const struct slice *literal;	/* or NULL */
	/* set by the reader when it stops looking for the literal */
	const atomic_bool *literal_dropped;
	bool icase;
	bool lean;                      /* a lean index may serve */
	enum index_ahead when;
};

/*
 * Files opened, and read or inflated, ahead by jobs threads, and taken
 * by the reader in their order.  NULL if no thread could be started.
 */
struct prefetch;
struct prefetch *prefetch_new(char *const *paths, int n, int jobs,
    const volatile sig_atomic_t *interrupted, const struct index_plan *plan);
struct source *prefetch_take(struct prefetch *pf, int i, int *err,
    bool *is_dir);
void prefetch_done(struct prefetch *pf, int i);
void prefetch_free(struct prefetch *pf);

/* --- input.c: inputs, read into records ------------------------------- */

/* A longer line is not a record; it is also the size of the line buffer. */
#define MAXLINE (1 << 20)

struct reader;

/*
 * What the input loop tells its caller.  record gets every record (the
 * caller selects); bad_line every line that is not one; format each
 * format that comes into force (at the start of an input and at each
 * header line); columns how many leading columns of a format the caller
 * reads (0: all).  The caller stops the loop with reader_stop.
 */
struct reader_hooks {
	void (*record)(struct reader *rd, struct record *rec);
	void (*bad_line)(struct reader *rd, const char *why);
	void (*format)(struct reader *rd, const struct format *fmt);
	int (*columns)(struct reader *rd, const struct format *fmt);
	/* every opts.tick_ms, also while a read would block (--every) */
	void (*tick)(struct reader *rd);
};

struct reader_opts {
	const struct format *base;  /* --format, or the default */
	struct slice literal;       /* every selectable record holds it... */
	bool has_literal;           /* ...if this is set */
	bool literal_icase;
	/* -v: a line without the literal is selected, so it must be read */
	bool invert;
	/* with -v, whether the selected lines' columns are read */
	bool invert_reads_columns;
	struct writer *w;           /* flushed before a read that would block */
	const volatile sig_atomic_t *interrupted; /* set: stop reading */
	long long tick_ms;          /* call hooks.tick this often; 0: never */
	enum index_ahead index_ahead; /* when -j workers index plain files */
	void *ctx;                  /* for the hooks */
};

struct reader *reader_new(const struct reader_hooks *hooks,
    const struct reader_opts *opts);
void reader_free(struct reader *rd);
/*
 * Read the file at path ("-": standard input) to its end, or until
 * stopped.  Returns 0; READ_UNOPENED when it could not be opened, or
 * READ_FAILED when reading failed (what was read before has been handed
 * on); reader_error() then says what went wrong.
 */
enum { READ_FAILED = -1, READ_UNOPENED = -2 };
int reader_file(struct reader *rd, const char *path);
int reader_fd(struct reader *rd, int fd, const char *name);
/*
 * The files reader_file will be asked for, in this order: with jobs > 1
 * they are opened, and gzip inflated, ahead in that many threads.
 */
void reader_plan(struct reader *rd, char *const *paths, int n, int jobs);
/*
 * One line, exactly as the loop handles it, lacks_literal being what the
 * prefilter found (for the fuzz harnesses).
 */
void reader_line(struct reader *rd, const char *p, size_t n,
    bool lacks_literal);
const struct format *reader_format(const struct reader *rd);
const char *reader_error(const struct reader *rd);
void *reader_ctx(const struct reader *rd);
/* Stop reading: everything (all), or only this input (-m). */
void reader_stop(struct reader *rd, bool all);
/* The bad_line hook wants no more reasons, only the lines (a count). */
void reader_quiet_reasons(struct reader *rd);
bool reader_stopped(const struct reader *rd);
/* Where the loop is: the input's name and the line (or event) number. */
const char *reader_name(const struct reader *rd);
unsigned long long reader_lineno(const struct reader *rd);
/* Did the prefilter find that the current line lacks the literal? */
bool reader_lacks_literal(const struct reader *rd);
/* The header line that set the format in force, if one did. */
bool reader_header(const struct reader *rd, struct slice *line,
    unsigned long long *lineno);
/* Read size cap for tests: each read(2) asks for at most cap(arg) bytes. */
void reader_set_read_cap(struct reader *rd, size_t (*cap)(void *),
    void *arg);

/* --- expr.c: the expression language -------------------------------- */

struct expr;

struct expr_error {
	int column;   /* 0-based byte offset into the expression */
	int width;    /* how many bytes to underline */
	char msg[256];
};

struct expr_env {
	int64_t now_ms;        /* "now" for relative times */
};

/*
 * The compiled expression is a tree of and/or over tests in which every
 * "not" has been pushed down into a test's neg.  The evaluator walks it,
 * and the translators to other query languages (pushdown.c) read it, so
 * that both work from the one checked form.
 */
enum nkind { N_AND, N_OR, N_NOT, N_TEST, N_TRUE, N_FALSE };

/* How a test compares, once its values are parsed. */
enum tkind {
	K_MISSING,   /* the value is missing (-) or not of its field's type */
	K_NUM,       /* a number in ur, or all the bits of one of masks */
	K_ADDR,      /* an address in ar */
	K_STR,       /* one of strs, or a match of one of globs */
	K_REGEX,     /* a match of a regular expression */
	K_FIELD      /* compared with another field of the same record */
};

enum relop { R_EQ, R_NE, R_LT, R_LE, R_GT, R_GE };

struct urange {
	uint64_t lo, hi;
};

struct arange {
	struct addr lo, hi;
};

/* An IPv4 range, in a quarter of the room: lists of millions are common. */
struct v4range {
	uint32_t lo, hi;
};

struct regex;   /* expr.c's own: the compiled pattern */

/*
 * One comparison.  Unless kind is K_MISSING, a test is unknown (neither
 * it nor its negation holds) when a value it reads is missing; so a test
 * holds when its values are present and (in the set) != neg.  A test of
 * addr or port reads two sides: it holds when either side does, and
 * negated when both sides are present and neither is in the set.
 */
struct test {
	int fid;               /* the field as written */
	int side[2], nsides;   /* the fields read */
	enum tkind kind;
	bool neg;
	bool time;             /* K_NUM over time_key() of milliseconds */
	bool icase;            /* words (T_ENUM), and /re/i */
	struct urange *ur;     /* K_NUM: sorted, disjoint */
	size_t nur;
	unsigned *masks;       /* K_NUM of tcp-flags by name: all bits set */
	size_t nmasks;
	struct v4range *ar4;   /* K_ADDR, IPv4: sorted, disjoint */
	size_t nar4;
	struct arange *ar;     /* K_ADDR, IPv6: sorted, disjoint */
	size_t nar;
	struct slice *strs;    /* K_STR: exact values, sorted */
	size_t nstrs;
	struct slice *globs;   /* K_STR: values with * wildcards */
	size_t nglobs;
	struct slice pattern;  /* K_REGEX: the pattern as written */
	struct regex *re;
	enum relop rel;        /* K_FIELD: side[0] rel rhs */
	int rhs;
	int cost;              /* for ordering: cheap tests first */
};

struct node {
	enum nkind kind;
	struct node **kids;
	int nkids, capkids;
	struct test *t;        /* N_TEST */
	char *explain;         /* N_TEST: "field op value" as understood */
};

/* Times are ordered as unsigned with the sign bit flipped. */
static inline uint64_t
time_key(int64_t ms)
{
	return (uint64_t)ms ^ (1ULL << 63);
}

static inline int64_t
time_of_key(uint64_t key)
{
	return (int64_t)(key ^ (1ULL << 63));
}

/*
 * What evaluating keeps between records: the regex scratch space, and
 * counts of values that could not be compared.  One per thread of
 * evaluation; the compiled expression itself is never written.
 */
struct expr_run {
	unsigned long bad_values;       /* values not of their field's type */
	int bad_fid;                    /* the field of the last one */
	unsigned long match_limit_hits; /* regex matches that gave up */
	void *match_data;
};

struct expr *expr_compile(const char *src, const struct expr_env *env,
    struct expr_error *err);
void expr_free(struct expr *e);
const struct node *expr_root(const struct expr *e);
void expr_run_init(struct expr_run *run, const struct expr *e);
void expr_run_free(struct expr_run *run);
bool expr_eval(const struct expr *e, const struct record *r,
    struct expr_run *run);
const char *expr_explain_text(const struct expr *e);
/* Fields the expression reads, for the "format lacks" warning. */
int expr_fields(const struct expr *e, int *fids, int max);
/* Columns tested, for colour highlighting; returns true if fid is used. */
bool expr_uses(const struct expr *e, int fid);
/*
 * A text that every selected record must contain, for a prefilter:
 * false if the expression has none.
 */
bool expr_literal(const struct expr *e, struct slice *lit, bool *icase);

/* --- pushdown.c: the expression as another engine's query ------------ */

enum pushdown_target { TO_FILTER_PATTERN, TO_INSIGHTS, TO_ATHENA };

/* The partition column of the Athena table, for pruning by time. */
enum sql_partition { PART_DATE, PART_DAY, PART_NONE };

struct pushdown_opts {
	const char *table;          /* Athena: the table's name */
	enum sql_partition partition;
	bool custom_format;         /* Athena: the table has --format's columns */
	bool invert;                /* -v: what the expression does not select */
};

int pushdown_target_lookup(const char *name); /* -1: not a target */
/*
 * Print the translation of e for the record format fmts[0] to out.
 * Returns 0, with msg a note for stderr ("" when none), or -1 with msg
 * saying what cannot be translated.
 */
int pushdown_print(enum pushdown_target to, const struct expr *e,
    const struct format *const *fmts, int nfmts,
    const struct pushdown_opts *o, FILE *out, char *msg, size_t msglen);

/* --- jsonin.c: events out of CloudWatch Logs JSON -------------------- */

/*
 * The longest message delivered: flowgrep's longest line (CloudWatch's
 * own limit is 256 KiB).  A build may lower it (the fuzzer does).
 */
#ifndef JSONIN_MAX_MESSAGE
#define JSONIN_MAX_MESSAGE (1 << 20)
#endif

struct json_event {
	struct slice message;    /* decoded (escapes resolved); never p == NULL */
	struct slice stream;     /* logStreamName, or a payload's logStream;
	                            p == NULL if absent */
	struct slice group;      /* a subscription payload's logGroup;
	                            p == NULL if absent */
	int64_t timestamp_ms;    /* the event's timestamp, epoch milliseconds */
	bool has_timestamp;
	bool too_long;           /* message over JSONIN_MAX_MESSAGE: message is
	                            empty, the event is still reported */
	unsigned long long index;/* 1-based ordinal of the event in the input */
	unsigned long long line; /* input line of its message (of the base64
	                            data that held it, for a payload inside) */
};

/* Slices are valid during the call only.  Return false to stop reading. */
typedef bool (*json_event_fn)(void *ctx, const struct json_event *ev);

struct jsonin;

struct jsonin *jsonin_new(json_event_fn fn, void *ctx);
/* Any bytes, split anywhere: 0, or -1 (see jsonin_error). */
int jsonin_feed(struct jsonin *j, const char *p, size_t n);
/* The input is over: 0, or -1 (a truncated document...).  Call it once. */
int jsonin_end(struct jsonin *j);
/* "line L, column C: what" once feed or end returned -1, else NULL. */
const char *jsonin_error(const struct jsonin *j);
/* The callback returned false: later feeds do nothing and return 0. */
bool jsonin_stopped(const struct jsonin *j);
void jsonin_free(struct jsonin *j);
/*
 * The bytes start, after an optional UTF-8 BOM and blanks, with { or [.
 * Give it the first block read: it says false for blanks alone.
 */
bool jsonin_sniff(const char *p, size_t n);

/* --- output.c: the output buffer ------------------------------------- */

struct writer {
	int fd;
	size_t len;
	int err;   /* errno of the first failed write, 0 if none */
	char buf[1 << 16];
};

void writer_flush(struct writer *w);
void writer_slow_put(struct writer *w, const void *p, size_t n);

static inline void
wr_put(struct writer *w, const void *p, size_t n)
{
	if (n <= sizeof w->buf - w->len) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	} else
		writer_slow_put(w, p, n);
}

static inline void
wr_char(struct writer *w, char c)
{
	if (w->len == sizeof w->buf)
		writer_flush(w);
	w->buf[w->len++] = c;
}

static inline void
wr_str(struct writer *w, const char *s)
{
	wr_put(w, s, strlen(s));
}

void wr_uint(struct writer *w, uint64_t v);
/* Terminal columns of text as output.c shows it (a control or bad byte: 1). */
size_t text_width(const char *p, size_t n);

/* --- output.c: rendering selected records ---------------------------- */

enum outmode { OUT_LINE, OUT_FIELDS, OUT_TEMPLATE, OUT_JSON, OUT_CSV,
	OUT_TSV, OUT_TABLE };
enum timemode { TIME_EPOCH, TIME_ISO, TIME_LOCAL };

struct outopts {
	enum outmode mode;
	const char *fields;   /* -o LIST, NULL for none */
	const char *tmpl;     /* -t TEMPLATE */
	enum timemode time;
	bool time_set;        /* --time given */
	bool names;           /* --names */
	bool header;          /* CSV/TSV/table header row */
	bool color;
	bool quiet;           /* -s: no warnings on stderr */
	bool with_file;       /* -H: @file leads JSON, CSV, TSV, table */
	bool with_line;       /* -n: @line likewise, after @file */
	const struct expr *expr; /* for highlighting tested fields */
};

struct output;

/*
 * Returns NULL on a bad -o list or template; err->column then points into
 * o->fields or o->tmpl (err->msg says which).
 */
struct output *output_new(const struct outopts *o, struct writer *w,
    struct expr_error *err);
void output_free(struct output *out);
/* Render one selected record (never called for OUT_LINE). */
void output_record(struct output *out, const struct record *r);
/* Default mode with colour: the line with tested fields highlighted. */
void output_line_color(struct output *out, const struct record *r);
/* Called once at the end, before the last flush. */
void output_finish(struct output *out);
/* Leading columns of fmt the output reads, for record->want; 0: any. */
int output_columns_wanted(const struct output *out, const struct format *fmt);
/*
 * For output that knows all its records before the first is printed (a
 * summary): fix the columns from fmt, let the table's widths take in a
 * record without printing it, and check that every field the -o list or
 * template names is a column of fmt (-1 with err set when one is not).
 */
/* Whether @file or @line is printed: the reader then says where. */
bool output_reads_origin(const struct output *out);
void output_fix_columns(struct output *out, const struct format *fmt);
void output_measure(struct output *out, const struct record *r);
int output_check_fields(const struct output *out, const struct format *fmt,
    struct expr_error *err);

/* --- summary.c: --by, counts and aggregates per key ------------------- */

enum aggkind { AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX, AGG_DISTINCT };

/* Aggregate options as given, in command-line order (the first orders). */
#define SUMMARY_MAXARGS 64

struct summary_arg {
	enum aggkind kind;
	const char *list;          /* "bytes,packets" */
};

struct summary_opts {
	const char *by;            /* --by KEYS, NULL: one group of all */
	struct summary_arg args[SUMMARY_MAXARGS];
	int nargs;
	unsigned long long top;    /* --top N; 0: every key */
	unsigned long long max_keys; /* --max-keys N; 0: the default */
};

/* Where a --by or aggregate list is wrong: err.column points into text. */
struct summary_error {
	const char *option;        /* "--by", "--sum" ... */
	const char *text;
	struct expr_error at;
};

struct summary;

struct summary *summary_new(const struct summary_opts *o,
    struct summary_error *err);
void summary_free(struct summary *s);
/*
 * Count a selected record into its key's group.  Returns the field id of
 * a value that is not of its field's type (counted as missing), or -1.
 */
int summary_add(struct summary *s, const struct record *r);
/* Leading columns of fmt the keys and aggregates read; 0: all. */
int summary_columns_wanted(const struct summary *s, const struct format *fmt);
/* Whether a key or aggregate is @file or @line. */
bool summary_reads_origin(const struct summary *s);
/* The columns a summary may have, to check a -o list or template against. */
const struct format *summary_format(struct summary *s);
/*
 * Print the summary so far through output.c (o->mode not OUT_LINE), a
 * blank line before every one but the first.  summary_changed says
 * whether records came in since the last print.
 */
void summary_print(struct summary *s, const struct outopts *o,
    struct writer *w);
bool summary_changed(const struct summary *s);
/* What the reader must know of estimates, for standard error. */
void summary_notes(const struct summary *s, FILE *fp);
/* "10s", "5m", "1h", "1d", "250ms": milliseconds, or -1. */
long long summary_duration(const char *p, size_t n, bool allow_ms);

#endif
