/*
 * fuzz_common.h: what the libFuzzer harnesses share.
 *
 * Every line the harnesses hand to the library is first copied into a
 * heap block of exactly its length, so that AddressSanitizer catches a
 * read one byte past the end (libFuzzer's own buffer is exactly sized
 * too, but a line is only a part of it).  The blocks are freed as soon
 * as flowgrep.c would reuse its buffer, so a slice that outlives its line
 * is a use after free.
 *
 * drive_line() hands a line to input.c's reader_line(), the code the
 * read loop runs on each line: classify it, split tab-joined messages,
 * install headers, hand records on.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowgrep.h"

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

/* The 29 fields of a version 5 custom format, as an S3 header names them. */
static const char V5_NAMES[] = "version account-id interface-id srcaddr "
    "dstaddr srcport dstport protocol packets bytes start end action "
    "log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr "
    "pkt-dstaddr region az-id sublocation-type sublocation-id "
    "pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";

/* The same as a LogFormat: ${version} ${account-id} ... */
static const char V5_LOGFORMAT[] = "${version} ${account-id} "
    "${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
    "${protocol} ${packets} ${bytes} ${start} ${end} ${action} "
    "${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} "
    "${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} "
    "${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} "
    "${pkt-dst-aws-service} ${flow-direction} ${traffic-path}";

/* A copy in a block of exactly n bytes (never NULL, even for n == 0). */
static inline char *
exact_copy(const void *p, size_t n)
{
	char *c = malloc(n);

	if (c == NULL && n == 0)
		c = malloc(1);
	CHECK(c != NULL);
	if (n > 0)
		memcpy(c, p, n);
	return c;
}

/* A NUL-terminated copy: n bytes and the NUL, nothing more. */
static inline char *
string_copy(const void *p, size_t n)
{
	char *c = malloc(n + 1);

	CHECK(c != NULL);
	if (n > 0)
		memcpy(c, p, n);
	c[n] = '\0';
	return c;
}

/* The next NUL-terminated chunk, copied to an exactly sized string. */
static inline char *
chunk(const uint8_t **p, size_t *n, bool *had)
{
	const uint8_t *z = memchr(*p, '\0', *n);
	size_t len = z != NULL ? (size_t)(z - *p) : *n;
	char *s = string_copy(*p, len);

	*had = z != NULL;
	*p += len + (z != NULL);
	*n -= len + (z != NULL);
	return s;
}

/* Lines of data, as flowgrep.c cuts them: a last line needs no newline. */
struct lines {
	const uint8_t *p;
	size_t n, i;
};

static inline bool
next_line(struct lines *l, const uint8_t **p, size_t *n)
{
	const uint8_t *s, *nl;

	if (l->i >= l->n)
		return false;
	s = l->p + l->i;
	nl = memchr(s, '\n', l->n - l->i);
	*p = s;
	*n = nl != NULL ? (size_t)(nl - s) : l->n - l->i;
	l->i += *n + (nl != NULL);
	return true;
}

/* A slice lies inside [p, p + n). */
static inline bool
inside(struct slice s, const char *p, size_t n)
{
	return s.p >= p && s.n <= n && s.p - p <= (ptrdiff_t)(n - s.n);
}

/* Read every byte of a slice, so that ASan checks the whole range. */
static inline unsigned
touch(struct slice s)
{
	volatile unsigned sum = 0;

	for (size_t i = 0; i < s.n; i++)
		sum += (unsigned char)s.p[i];
	return sum;
}

/*
 * Forget the field names the inputs before this one met, so that a run
 * does not depend on them (the dictionary would fill up otherwise).
 */
static inline void
fresh_dictionary(void)
{
	static int mark = -1;

	if (mark < 0)
		mark = field_mark();
	else
		field_release(mark);
}

/* --- a line as flowgrep handles it: input.c's own code ---------------- */

struct drive;
typedef void (*record_fn)(struct drive *d, struct record *rec);

struct drive {
	struct format base;        /* the starting format */
	struct reader *rd;         /* input.c, fed one line at a time */
	record_fn on_record;
	void *ctx;
	/* set by the harness: how many columns are read in a format */
	int (*want_of)(struct drive *d, const struct format *fmt);
	/* set per line: the prefilter found the line lacks its literal */
	bool lacks;
	/* the line being handled, for bounds checks */
	const char *line;
	size_t linen;
	unsigned long nrecords, nbad;
};

/* What record_split and line_classify promise of a record. */
static inline void
check_record(const struct drive *d, const struct record *rec)
{
	int stored = rec->ncols < MAXCOLS ? rec->ncols : MAXCOLS;

	CHECK(rec->fmt == reader_format(d->rd));
	CHECK(rec->ncols == rec->fmt->ncols);
	CHECK(inside(rec->line, d->line, d->linen));
	CHECK(inside(rec->body, d->line, d->linen));
	/* (an EVENTS line's cells may be empty: then so is the slice) */
	if (rec->ts.p != NULL) {
		CHECK(inside(rec->ts, d->line, d->linen));
		touch(rec->ts);
	}
	if (rec->stream.p != NULL) {
		CHECK(inside(rec->stream, d->line, d->linen));
		touch(rec->stream);
	}
	/* want: 0 all columns, -1 none (only their count), else that many */
	CHECK(rec->nstored >= 0 && rec->nstored <= stored);
	if (rec->want > 0)
		CHECK(rec->nstored >= (rec->want < stored ? rec->want : stored));
	else if (rec->want == 0)
		CHECK(rec->nstored == stored);
	for (int c = 0; c < rec->nstored; c++) {
		struct slice s = rec_col(rec, c);

		CHECK(s.n > 0 && inside(s, rec->body.p, rec->body.n));
		CHECK(memchr(s.p, ' ', s.n) == NULL);
		touch(s);
	}
}

static inline void
drive_record(struct reader *rd, struct record *rec)
{
	struct drive *d = reader_ctx(rd);

	check_record(d, rec);
	d->nrecords++;
	d->on_record(d, rec);
}

static inline void
drive_bad_line(struct reader *rd, const char *why)
{
	struct drive *d = reader_ctx(rd);

	CHECK(why != NULL && strlen(why) < 128);
	d->nbad++;
}

static inline int
drive_columns(struct reader *rd, const struct format *fmt)
{
	struct drive *d = reader_ctx(rd);

	return d->want_of != NULL ? d->want_of(d, fmt) : 0;
}

/*
 * The starting format: 0 the default (v2), 1 the 29 v5 names, 2 the v5
 * LogFormat with ${...}.  The harness may parse another into d->base
 * before the first line.
 */
static inline void
drive_init(struct drive *d, int start, record_fn fn, void *ctx)
{
	static const struct reader_hooks hooks = { .record = drive_record,
	    .bad_line = drive_bad_line, .columns = drive_columns };
	struct reader_opts ro = { 0 };
	char err[128];

	memset(d, 0, sizeof *d);
	switch (start) {
	case 1:
		CHECK(format_parse(&d->base, V5_NAMES, sizeof V5_NAMES - 1, err,
		    sizeof err) == 0);
		break;
	case 2:
		CHECK(format_parse(&d->base, V5_LOGFORMAT,
		    sizeof V5_LOGFORMAT - 1, err, sizeof err) == 0);
		break;
	default:
		format_default(&d->base);
		break;
	}
	d->on_record = fn;
	d->ctx = ctx;
	ro.base = &d->base;
	ro.ctx = d;
	d->rd = reader_new(&hooks, &ro);
}

static inline void
drive_free(struct drive *d)
{
	reader_free(d->rd);
	format_free(&d->base);
	d->rd = NULL;
}

/* A line in a block of exactly n bytes, as flowgrep's loop handles it. */
static inline void
drive_line(struct drive *d, const char *p, size_t n)
{
	d->line = p;
	d->linen = n;
	reader_line(d->rd, p, n, d->lacks);
}

/* Every line of data, each in its own exactly sized block. */
static inline void
drive_lines(struct drive *d, const uint8_t *data, size_t size)
{
	struct lines ls = { data, size, 0 };
	const uint8_t *p;
	size_t n;

	while (next_line(&ls, &p, &n)) {
		char *line = exact_copy(p, n);

		drive_line(d, line, n);
		free(line);
	}
}

#endif
