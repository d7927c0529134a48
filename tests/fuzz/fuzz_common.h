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
 * drive_line() does with a line what flowgrep.c's handle_line() does:
 * classify it, split tab-joined messages, install headers.
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

/* --- a line as flowgrep.c handles it ------------------------------- */

struct drive;
typedef void (*record_fn)(struct drive *d, struct record *rec);

struct drive {
	struct format base;        /* the starting format */
	struct format header;      /* the last header read */
	const struct format *fmt;  /* the one in force */
	struct record *rec;
	record_fn on_record;
	void *ctx;
	/* set by the harness: how rec->want is chosen for a format */
	int (*want_of)(struct drive *d, const struct format *fmt);
	unsigned long want_serial;
	int want;
	/* set per line: the prefilter found the line lacks its literal */
	bool lacks;
	/* the line being handled, for bounds checks */
	const char *line;
	size_t linen;
	unsigned long nrecords, nbad, nheaders;
};

/*
 * The starting format: 0 the default (v2), 1 the 29 v5 names, 2 the v5
 * LogFormat with ${...}.  Returns false for an unknown choice.
 */
static inline void
drive_init(struct drive *d, int start, record_fn fn, void *ctx)
{
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
	d->fmt = &d->base;
	d->rec = calloc(1, sizeof *d->rec);
	CHECK(d->rec != NULL);
	d->on_record = fn;
	d->ctx = ctx;
}

static inline void
drive_free(struct drive *d)
{
	format_free(&d->base);
	format_free(&d->header);
	free(d->rec);
	d->rec = NULL;
}

/* What record_split and line_classify promise of a record. */
static inline void
check_record(const struct drive *d, const struct record *rec)
{
	int stored = rec->ncols < MAXCOLS ? rec->ncols : MAXCOLS;

	CHECK(rec->fmt == d->fmt);
	CHECK(rec->ncols == d->fmt->ncols);
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
		const struct slice *s = &rec->col[c];

		CHECK(s->n > 0 && inside(*s, rec->body.p, rec->body.n));
		CHECK(memchr(s->p, ' ', s->n) == NULL);
		touch(*s);
	}
}

/* As flowgrep.c: a line that cannot match has its columns only counted. */
static inline void
drive_set_want(struct drive *d)
{
	if (d->fmt->serial != d->want_serial) {
		d->want_serial = d->fmt->serial;
		d->want = d->want_of != NULL ? d->want_of(d, d->fmt) : 0;
	}
	d->rec->want = d->lacks && d->want > 0 ? -1 : d->want;
}

/* flowgrep.c's handle_segments: tab-joined messages. */
static inline void
drive_segments(struct drive *d, const char *p, size_t n)
{
	struct record *rec = d->rec;
	char why[96];
	int k;

	while ((k = segment_next(rec, d->fmt, &p, &n, why, sizeof why)) >= 0) {
		if (k == 0) {
			CHECK(memchr(why, '\0', sizeof why) != NULL);
			d->nbad++;
		} else {
			check_record(d, rec);
			d->nrecords++;
			d->on_record(d, rec);
		}
	}
}

/* flowgrep.c's handle_line, on a line in a block of exactly n bytes. */
static inline void
drive_line(struct drive *d, const char *p, size_t n)
{
	struct lineinfo li;
	enum linekind k;
	char err[96];

	d->line = p;
	d->linen = n;
	drive_set_want(d);
	k = line_classify(d->rec, d->fmt, p, n, &li);
	CHECK(k == li.kind);
	switch (k) {
	case L_RECORD:
		check_record(d, d->rec);
		d->nrecords++;
		d->on_record(d, d->rec);
		break;
	case L_MULTI:
		CHECK(inside(d->rec->line, p, n));
		drive_segments(d, d->rec->line.p, d->rec->line.n);
		break;
	case L_HEADER:
		if (n > 0 && p[n - 1] == '\r')
			n--;
		d->nheaders++;
		/* as flowgrep.c: a failed parse leaves fmt where it was */
		if (format_parse(&d->header, p, n, err, sizeof err) == 0)
			d->fmt = &d->header;
		else
			CHECK(memchr(err, '\0', sizeof err) != NULL);
		break;
	case L_BAD:
		CHECK(memchr(li.why, '\0', sizeof li.why) != NULL);
		d->nbad++;
		break;
	case L_FRAMING:
	case L_BLANK:
		break;
	default:
		CHECK(!"unknown line kind");
	}
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
