/*
 * input.c: bytes in, records out.
 *
 * An input (a file, or standard input) is read in large blocks,
 * inflated on the fly when it is gzip (S3 delivers flow logs as
 * .log.gz), and cut into lines in place.  Each line is classified by
 * parse.c in the format in force (the default or --format, until a
 * header line, the first line of each S3 object, installs its own) and
 * every record is handed to the caller, which selects.  An input whose
 * first non-blank byte is { or [ is JSON (the AWS CLI's default output,
 * subscription payloads): jsonin.c reads it as a stream, and the message
 * of each event is handled as a line, with the event's time and stream.
 * Output is flushed before any read that would block, so that a match
 * from a slow stream (aws logs tail --follow) shows at once; with a tick
 * (--every), the wait is a poll that wakes up for it.
 *
 * The fixed-size buffers of the read path, and what keeps each in
 * bounds (INVARIANT checks them in the sanitizer build; source.c has
 * the one it reads gzip with):
 *
 *   line  MAXLINE + 1 + INDEX_SLACK bytes: the unread rest of a line,
 *         then one read.  A read asks for at most MAXLINE - have bytes,
 *         and a full buffer without a newline is dropped as a line too
 *         long, so have <= MAXLINE before and after every read; the
 *         slack is what bufindex_build may read past it.
 *   why   the reasons in struct lineinfo and here, written by snprintf,
 *         which truncates.
 *   error PATH_MAX + 128 bytes, written by snprintf.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "flowgrep.h"

/* Would a read block?  Only pipes, terminals and sockets can. */
static bool
input_waiting(int fd)
{
	struct pollfd pfd = { fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) != 0;
}

/* --- the reader ----------------------------------------------------- */

struct reader {
	struct reader_hooks hooks;
	struct reader_opts opts;
	struct source *own;         /* the source of inputs not read ahead */
	struct source *src;         /* the source of the input being read */
	struct prefetch *pf;        /* inputs read ahead, if any */
	char *const *plan;          /* ... their names, in order */
	int nplan, planned;         /* ... and which is next */
	char *line;                 /* MAXLINE + 1 + INDEX_SLACK bytes */
	struct record *rec;
	/* headers: the one in force and a scratch one to parse into */
	struct format header[2];
	int hcur;                   /* header[hcur] is in force; -1 none */
	char *header_text;
	size_t header_len, header_cap;
	unsigned long long header_lineno;
	const struct format *fmt;   /* the format in force */
	/* serials of the formats announced to the caller, the latest last */
	unsigned long announced[MAXALTS];
	unsigned long want_serial;  /* of the format in force want is for */
	int want;
	const char *name;
	unsigned long long lineno;
	bool stop, input_stop;
	long long next_tick;        /* CLOCK_MONOTONIC ms of the next tick */
	/* the prefilter: a text every selectable record holds */
	bool use_literal;
	atomic_bool literal_dropped; /* use_literal, for -j workers */
	bool hit_known;             /* next_hit is for this buffer */
	const char *next_hit;       /* its next place in the buffer, or NULL */
	bool lacks;                 /* the current line does not hold it */
	bool quiet_reasons;         /* the bad_line hook wants no reasons */
	unsigned prefilter_lines, prefilter_hits;
	struct bufindex ix;         /* the spaces and newlines of a read */
	struct bufindex *cur;       /* ix, or the index of a lent block */
	size_t last_nnl, last_nhit; /* the last buffer's lines and hits */
	/* the JSON event whose message is being handled */
	bool in_event;
	unsigned long events;      /* JSON events of this input so far */
	struct slice event_ts, event_stream;
	char event_ts_text[24];
	char error[PATH_MAX + 128];
};

struct reader *
reader_new(const struct reader_hooks *hooks, const struct reader_opts *opts)
{
	struct reader *rd = xcalloc(1, sizeof *rd);

	rd->hooks = *hooks;
	rd->opts = *opts;
	rd->rec = xcalloc(1, sizeof *rd->rec);
	rd->own = source_new(opts->interrupted);
	rd->hcur = -1;
	rd->fmt = opts->base;
	rd->use_literal = opts->has_literal && opts->literal.n > 0;
	/* a part of the literal is in every line the whole is in */
	if (rd->opts.literal.n > INDEX_SLACK)
		rd->opts.literal.n = INDEX_SLACK;
	return rd;
}

void
reader_free(struct reader *rd)
{
	if (rd == NULL)
		return;
	format_free(&rd->header[0]);
	format_free(&rd->header[1]);
	free(rd->header_text);
	bufindex_free(&rd->ix);
	prefetch_free(rd->pf);
	source_free(rd->own);
	free(rd->rec);
	free(rd->line);
	free(rd);
}

const char *reader_error(const struct reader *rd) { return rd->error; }
void *reader_ctx(const struct reader *rd) { return rd->opts.ctx; }
const char *reader_name(const struct reader *rd) { return rd->name; }
unsigned long long reader_lineno(const struct reader *rd) { return rd->lineno; }
bool reader_lacks_literal(const struct reader *rd) { return rd->lacks; }
bool reader_stopped(const struct reader *rd) { return rd->stop; }

void
reader_quiet_reasons(struct reader *rd)
{
	rd->quiet_reasons = true;
}

void
reader_stop(struct reader *rd, bool all)
{
	rd->input_stop = true;
	if (all)
		rd->stop = true;
}

bool
reader_header(const struct reader *rd, struct slice *line,
    unsigned long long *lineno)
{
	if (rd->hcur < 0 || rd->fmt != &rd->header[rd->hcur])
		return false;
	line->p = rd->header_text;
	line->n = rd->header_len;
	*lineno = rd->header_lineno;
	return true;
}

void
reader_set_read_cap(struct reader *rd, size_t (*cap)(void *), void *arg)
{
	source_set_read_cap(rd->own, cap, arg);
}

static void
bad_line(struct reader *rd, const char *why)
{
	if (rd->hooks.bad_line != NULL)
		rd->hooks.bad_line(rd, why);
}

/*
 * A header line: parse it into the scratch format and put that in force
 * only if it parsed, so that a header that fails (too many names, say)
 * leaves the format before it in force.
 */
static void
install_header(struct reader *rd, const char *p, size_t n)
{
	int next = rd->hcur == 0 ? 1 : 0;
	char err[96];

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (format_parse(&rd->header[next], p, n, err, sizeof err) < 0) {
		bad_line(rd, err);
		return;
	}
	rd->hcur = next;
	rd->fmt = &rd->header[next];
	if (n > rd->header_cap) {
		rd->header_cap = n;
		rd->header_text = xreallocarray(rd->header_text, n, 1);
	}
	memcpy(rd->header_text, p, n);
	rd->header_len = n;
	rd->header_lineno = rd->lineno;
}

/* Has the caller heard of fmt?  (It hears of each when first used.) */
static inline bool
announced(const struct reader *rd, const struct format *fmt)
{
	if (rd->announced[MAXALTS - 1] == fmt->serial)	/* the usual case */
		return true;
	for (int i = MAXALTS - 2; i >= 0; i--)
		if (rd->announced[i] == fmt->serial)
			return true;
	return false;
}

static void
hand_on(struct reader *rd, struct record *rec)
{
	if (rd->in_event) {	/* the event's, not the message's */
		rec->ts = rd->event_ts;
		rec->ts_is_ms = rec->ts.p != NULL;
		rec->stream = rd->event_stream;
	}
	if (!announced(rd, rec->fmt)) {
		memmove(rd->announced, rd->announced + 1,
		    (MAXALTS - 1) * sizeof rd->announced[0]);
		rd->announced[MAXALTS - 1] = rec->fmt->serial;
		if (rd->hooks.format != NULL)
			rd->hooks.format(rd, rec->fmt);
	}
	rd->hooks.record(rd, rec);
}

/* Tab-joined messages (--query 'events[].message' --output text). */
static void
handle_segments(struct reader *rd, const char *p, size_t n)
{
	struct record *rec = rd->rec;
	char why[96];
	int k;

	while (!rd->input_stop &&
	    (k = segment_next(rec, rd->fmt, &p, &n, why, sizeof why)) >= 0) {
		if (k == 0)
			bad_line(rd, why);
		else
			hand_on(rd, rec);
	}
}

/* The most columns any format of the chain needs split (0: all). */
static int
columns_of_chain(struct reader *rd, const struct format *fmt)
{
	int want = -1;

	if (rd->hooks.columns == NULL)
		return 0;
	for (; fmt != NULL; fmt = fmt->alt) {
		int w = rd->hooks.columns(rd, fmt);

		if (w == 0)
			return 0;
		if (w > want)
			want = w;
	}
	return want;
}

/*
 * The columns of the format in force to split: up to the last one the
 * caller reads (0: all), none for a line that cannot be selected unless
 * -v selects it for an output that reads them.
 */
static int
columns_to_split(struct reader *rd)
{
	if (rd->fmt->serial != rd->want_serial) {
		rd->want_serial = rd->fmt->serial;
		rd->want = columns_of_chain(rd, rd->fmt);
	}
	if (rd->lacks && rd->want > 0 &&
	    !(rd->opts.invert && rd->opts.invert_reads_columns))
		return -1;
	return rd->want;
}

static void
handle_line(struct reader *rd, const char *p, size_t n)
{
	struct lineinfo li;
	/*
	 * The prefilter ruled this line out: if it is a plain record of a
	 * format already announced, nothing more is needed.
	 */
	if (rd->lacks && !rd->opts.invert) {
		const struct format *f = format_for_count(rd->fmt,
		    plain_columns(p, n));

		if (f != NULL && announced(rd, f))
			return;
	}
	rd->rec->want = columns_to_split(rd);
	li.quiet = rd->quiet_reasons;
	switch (line_classify(rd->rec, rd->fmt, p, n, &li)) {
	case L_RECORD:
		hand_on(rd, rd->rec);
		break;
	case L_MULTI:
		handle_segments(rd, rd->rec->line.p, rd->rec->line.n);
		break;
	case L_HEADER:
		install_header(rd, p, n);
		break;
	case L_BAD:
		bad_line(rd, li.why);
		break;
	case L_FRAMING: case L_BLANK:
		break;
	}
}

void
reader_line(struct reader *rd, const char *p, size_t n, bool lacks_literal)
{
	rd->lacks = lacks_literal;
	rd->lineno++;
	handle_line(rd, p, n);
}

const struct format *
reader_format(const struct reader *rd)
{
	return rd->fmt;
}

/* A literal in most lines filters nothing: stop looking for it. */
static void
prefilter_count(struct reader *rd)
{
	rd->prefilter_hits += !rd->lacks;
	if (++rd->prefilter_lines == 8192) {
		if (rd->prefilter_hits > 8192 / 2) {
			rd->use_literal = false;
			atomic_store(&rd->literal_dropped, true);
		}
		rd->prefilter_lines = rd->prefilter_hits = 0;
	}
}

/*
 * Does the line [p, end) lack the literal?  The search runs over the
 * whole rest of the buffer and its result serves the lines up to the
 * hit, so the bytes are scanned once, not once a line.
 */
static void
prefilter(struct reader *rd, const char *p, const char *end,
    const char *bufend)
{
	if (!rd->use_literal) {
		rd->lacks = false;
		return;
	}
	if (!rd->hit_known || (rd->next_hit != NULL && rd->next_hit < p)) {
		rd->hit_known = true;
		rd->next_hit = find_literal(p, (size_t)(bufend - p),
		    rd->opts.literal.p, rd->opts.literal.n,
		    rd->opts.literal_icase);
	}
	rd->lacks = rd->next_hit == NULL || rd->next_hit >= end;
	prefilter_count(rd);
}

static void
too_long(struct reader *rd)
{
	rd->lineno++;
	bad_line(rd, "line longer than 1 MiB");
}

/*
 * A plain line of a read buffer (see bufindex_build): its record comes
 * from the index, and one that cannot be selected, of a format already
 * announced, is only counted.  Any other line goes the way of every line.
 * Returns the line's columns when it was only counted (the lines after
 * it like it may then be counted by count_run), else 0.
 */
static int
indexed_line(struct reader *rd, const char *buf, uint32_t s, uint32_t e,
    uint32_t first, int nseps)
{
	struct lineinfo li;
	struct record *rec = rd->rec;
	const uint32_t *seps;

	if (rd->lacks && !rd->opts.invert) {	/* it cannot be selected */
		int cols = index_columns(buf, s, e, nseps);
		const struct format *f = format_for_count(rd->fmt, cols);

		if (f != NULL && announced(rd, f))
			return cols;
	}
	seps = rd->cur->lean ? bufindex_line(rd->cur, buf, s, e, first, nseps) :
	    rd->cur->sep + first;
	li.quiet = rd->quiet_reasons;
	switch (record_from_index(rec, rd->fmt, buf, s, seps, nseps, &li)) {
	case L_RECORD:
		rec->want = columns_to_split(rd);
		hand_on(rd, rec);
		break;
	case L_BAD:
		bad_line(rd, li.why);
		break;
	default:
		handle_line(rd, buf + s, seps[nseps - 1] - s);
		break;
	}
	return 0;
}

/*
 * The first place of the literal at or after s, or UINT32_MAX: the index
 * has its places in the buffer, in order, and *h moves on to it.
 */
static uint32_t
hit_from(const struct bufindex *ix, size_t *h, uint32_t s)
{
	while (*h < ix->nhit && ix->hit[*h] < s)
		(*h)++;
	return *h < ix->nhit ? ix->hit[*h] : UINT32_MAX;
}

/*
 * Does the line [s, e) lack the literal?  *h is as for hit_from.  A
 * worker's index may not have looked for it (index_block_ahead).
 */
static void
lacks_literal(struct reader *rd, size_t *h, uint32_t s, uint32_t e)
{
	if (!rd->use_literal || !rd->cur->searched) {
		rd->lacks = false;
		return;
	}
	rd->lacks = hit_from(rd->cur, h, s) >= e;
	prefilter_count(rd);
}

/*
 * Where the line before was only counted (indexed_line), so is each line
 * after it that is just like it to the index: as many separators, the
 * same columns once a prefix is taken off, and neither the literal nor an
 * odd byte before the end.  Those lines are walked here, where
 * indexed_line looks at each anew; most lines of a search are such lines.
 * A bare record (cols == nseps) is checked inline, a digit first and no
 * aws logs tail timestamp; bare is a constant in each copy of the loop.
 * Returns the index of the first line not counted, up to end.
 */
static inline __attribute__((always_inline)) size_t
walk_run(const struct bufindex *ix, const char *buf, size_t k, size_t end,
    uint32_t limit, uint32_t *s, uint32_t *first, uint32_t nseps, int cols,
    const bool bare)
{
	uint32_t at = *s, f = *first;

	for (; k < end; k++) {
		uint32_t e = ix->nlpos[k];
		const char *p = buf + at;

		if (e >= limit || ix->nl[k] + 1 - f != nseps)
			break;
		if (bare && ((unsigned)(p[0] - '0') > 9 ||
		    tail_shaped(p, e - at)))
			break;
		if (!bare && index_columns(buf, at, e, (int)nseps) != cols)
			break;
		f = ix->nl[k] + 1;
		at = e + 1;
	}
	*s = at;
	*first = f;
	return k;
}

/*
 * The run of lines counted like the one before (walk_run).  It stops
 * short of the line on which the prefilter weighs its rate, which goes
 * the usual way.  *s and *first move to the first line not counted.
 */
static size_t
count_run(struct reader *rd, const char *buf, size_t k, uint32_t limit,
    uint32_t *s, uint32_t *first, uint32_t nseps, int cols)
{
	const struct bufindex *ix = rd->cur;
	size_t k0 = k, end = ix->nnl;

	if (end - k > 8191 - rd->prefilter_lines)
		end = k + (8191 - rd->prefilter_lines);
	if (cols == (int)nseps)
		k = walk_run(ix, buf, k, end, limit, s, first, nseps, cols,
		    true);
	else
		k = walk_run(ix, buf, k, end, limit, s, first, nseps, cols,
		    false);
	rd->lineno += k - k0;
	rd->prefilter_lines += (unsigned)(k - k0);
	return k;
}

/* The first place of the literal or an odd byte at or after s. */
static uint32_t
next_stop(const struct bufindex *ix, size_t *h, size_t odd, uint32_t s)
{
	uint32_t stop = hit_from(ix, h, s);

	if (odd < ix->nodd && ix->odd[odd] < stop)
		stop = ix->odd[odd];
	return stop;
}

/* A line that no index covers, looked at on its own. */
static void
lone_line(struct reader *rd, const char *p, size_t n)
{
	rd->hit_known = false;
	prefilter(rd, p, p + n, p + n);
	rd->lineno++;
	handle_line(rd, p, n);
}

/*
 * The lines of buf from the k-th newline of its index (rd->cur) on,
 * which starts at start, after separator first; returns where the
 * unfinished line starts.
 */
static size_t
walk_lines(struct reader *rd, char *buf, size_t k, uint32_t start,
    uint32_t first, bool *skipping)
{
	const struct bufindex *ix = rd->cur;
	size_t odd = 0, h = 0;
	/* the line before, if it was only counted: its columns, separators */
	int counted = 0;
	uint32_t counted_seps = 0;

	while (odd < ix->nodd && ix->odd[odd] < start)
		odd++;
	for (; k < ix->nnl && !rd->input_stop; k++) {
		uint32_t last, e;

		if (counted > 0 && rd->use_literal) {
			k = count_run(rd, buf, k, next_stop(ix, &h, odd, start),
			    &start, &first, counted_seps, counted);
			if (k == ix->nnl)
				break;
		}
		last = ix->nl[k];
		e = ix->nlpos[k];
		counted = 0;
		counted_seps = last - first + 1;
		if (*skipping) {
			*skipping = false;
			too_long(rd);
		} else {
			lacks_literal(rd, &h, start, e);
			rd->lineno++;
			if (odd < ix->nodd && ix->odd[odd] <= e)
				handle_line(rd, buf + start, e - start);
			else
				counted = indexed_line(rd, buf, start, e, first,
				    (int)(last - first + 1));
		}
		while (odd < ix->nodd && ix->odd[odd] <= e)
			odd++;
		start = e + 1;
		first = last + 1;
	}
	rd->last_nnl = ix->nnl;
	rd->last_nhit = ix->nhit;
	return start;
}

/* Cut buf[0, have) into lines; return where the unfinished one starts. */
static size_t
cut_lines(struct reader *rd, char *buf, size_t have, bool *skipping)
{
	bool lean = rd->use_literal && !rd->opts.invert &&
	    index_lean_after(rd->last_nnl, rd->last_nhit);

	bufindex_build(&rd->ix, buf, have, rd->use_literal ?
	    &rd->opts.literal : NULL, rd->opts.literal_icase, lean);
	rd->cur = &rd->ix;
	return walk_lines(rd, buf, 0, 0, 0, skipping);
}

/*
 * Cut the rest bytes of an unfinished line at text, and the block after
 * them that a worker indexed (ix), into lines.  The first line, the rest
 * and the block's first, goes the way of every line; the block's index
 * serves the others.  Returns where the unfinished line starts.
 */
static size_t
cut_indexed(struct reader *rd, char *text, size_t rest, struct bufindex *ix,
    bool *skipping)
{
	char *block = text + rest;
	size_t n;

	if (ix->nnl == 0)
		return 0;
	n = rest + ix->nlpos[0];
	if (*skipping) {
		*skipping = false;
		too_long(rd);
	} else
		lone_line(rd, text, n);
	rd->cur = ix;
	return rest + walk_lines(rd, block, 1, ix->nlpos[0] + 1, ix->nl[0] + 1,
	    skipping);
}

/* The last line, when the input does not end with a newline. */
static void
last_line(struct reader *rd, char *buf, size_t have, bool skipping)
{
	if (skipping)
		too_long(rd);
	else if (have > 0)
		lone_line(rd, buf, have);
}

/* What a read error means: stopped by a signal, or an error to report. */
static int
read_failed(struct reader *rd, ssize_t k)
{
	if (rd->opts.interrupted != NULL && *rd->opts.interrupted) {
		rd->stop = true;
		return 0;
	}
	snprintf(rd->error, sizeof rd->error, "%s: %s", rd->name,
	    k == -2 ? source_error(rd->src) : strerror(errno));
	return READ_FAILED;
}

static long long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The tick hook, if its time has come; its output goes out at once. */
static void
tick_if_due(struct reader *rd, long long now)
{
	if (now < rd->next_tick)
		return;
	rd->next_tick = now + rd->opts.tick_ms;
	rd->hooks.tick(rd);
	if (rd->opts.w != NULL)
		writer_flush(rd->opts.w);
}

/*
 * With a tick, a read that would block is waited for in poll(), which
 * wakes up for each tick.  A signal of ours stops the reading.
 */
static void
wait_ticking(struct reader *rd, bool may_block)
{
	struct pollfd pfd = { source_fd(rd->src), POLLIN, 0 };
	long long now = monotonic_ms();

	if (rd->next_tick == 0)
		rd->next_tick = now + rd->opts.tick_ms;
	tick_if_due(rd, now);
	while (may_block && !source_buffered(rd->src)) {
		long long wait = rd->next_tick - now;
		int k = poll(&pfd, 1, wait < 3600000 ? (int)wait : 3600000);

		if (k > 0)
			return;
		if (k < 0 && rd->opts.interrupted != NULL &&
		    *rd->opts.interrupted) {
			rd->stop = rd->input_stop = true;
			return;
		}
		tick_if_due(rd, now = monotonic_ms());
	}
}

/*
 * Before a read that may block, what was selected so far goes out.
 * False when writing failed or a signal came: then nothing more is read.
 */
static bool
before_read(struct reader *rd, bool may_block)
{
	struct writer *w = rd->opts.w;

	if (w != NULL && may_block && w->len > 0 &&
	    !input_waiting(source_fd(rd->src)))
		writer_flush(w);
	if (rd->hooks.tick != NULL && rd->opts.tick_ms > 0)
		wait_ticking(rd, may_block);
	if (w != NULL && w->err != 0)
		rd->stop = rd->input_stop = true;
	return !rd->input_stop;
}

/* --- JSON input ------------------------------------------------------- */

/* The event's time and stream, for the records of its message. */
static void
set_event(struct reader *rd, const struct json_event *ev)
{
	rd->in_event = true;
	rd->event_ts.p = NULL;
	rd->event_ts.n = 0;
	if (ev->has_timestamp && ev->timestamp_ms >= 0) {
		int k = snprintf(rd->event_ts_text, sizeof rd->event_ts_text,
		    "%lld", (long long)ev->timestamp_ms);

		rd->event_ts.p = rd->event_ts_text;
		rd->event_ts.n = (size_t)k;
	}
	rd->event_stream = ev->stream;
}

/* One line of a message; the prefilter looks at it alone. */
static void
event_line(struct reader *rd, unsigned long long lineno, const char *p,
    size_t n)
{
	rd->lineno = lineno;
	rd->lacks = false;
	if (rd->use_literal) {
		rd->lacks = find_literal(p, n, rd->opts.literal.p,
		    rd->opts.literal.n, rd->opts.literal_icase) == NULL;
		prefilter_count(rd);
	}
	handle_line(rd, p, n);
}

/* An event: its message is a line (one with newlines, several). */
static bool
on_event(void *ctx, const struct json_event *ev)
{
	struct reader *rd = ctx;
	const char *p = ev->message.p, *end = p + ev->message.n;

	if (ev->too_long) {
		rd->lineno = ev->line;
		bad_line(rd, "message longer than 1 MiB");
		return !rd->input_stop;
	}
	rd->events++;
	set_event(rd, ev);
	while (!rd->input_stop) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		event_line(rd, ev->line, p, nl != NULL ? (size_t)(nl - p) :
		    (size_t)(end - p));
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	rd->in_event = false;
	return !rd->input_stop;
}

static int
json_failed(struct reader *rd, const struct jsonin *j)
{
	snprintf(rd->error, sizeof rd->error, "%s: %s", rd->name,
	    jsonin_error(j));
	return READ_FAILED;
}

/*
 * The rest of an input that starts like JSON; its first *have bytes are
 * read.  Until the first event, what was read is kept in the buffer: a
 * start that is not JSON after all ("[INFO] ..." or a log line in
 * braces) returns NOT_JSON with *have bytes there, to be read as text,
 * so that its records are not lost.  Past the first event, or past a
 * buffer's worth of JSON, a syntax error is the input's error.  Which of
 * the two an error is depends on where it is, not on how the input came
 * in pieces: an error in the first MAXLINE bytes, before any event, is
 * always NOT_JSON, as the buffer holds them all.
 */
#define NOT_JSON 1

static int
read_json(struct reader *rd, bool may_block, size_t *have)
{
	struct jsonin *j = jsonin_new(on_event, rd);
	char *buf = rd->line;
	size_t kept = 0;	/* bytes of buf fed and kept, while undecided */
	bool keeping = true;	/* ... all the bytes fed so far */
	ssize_t k = (ssize_t)*have;
	int rc = 0;

	rd->events = 0;
	for (;;) {
		INVARIANT(kept + (size_t)k <= MAXLINE);
		if (jsonin_feed(j, buf + kept, (size_t)k) < 0) {
			rc = keeping && rd->events == 0 ? NOT_JSON :
			    json_failed(rd, j);
			*have = kept + (size_t)k;
			break;
		}
		keeping = keeping && rd->events == 0 &&
		    kept + (size_t)k < MAXLINE;
		kept = keeping ? kept + (size_t)k : 0;
		if (rd->input_stop || !before_read(rd, may_block))
			break;
		INVARIANT(kept < MAXLINE);
		if ((k = source_read(rd->src, buf + kept, MAXLINE - kept)) < 0) {
			rc = read_failed(rd, k);
			break;
		}
		if (k == 0) {
			if (jsonin_end(j) < 0)
				rc = rd->events == 0 && kept > 0 ? NOT_JSON :
				    json_failed(rd, j);
			*have = kept;
			break;
		}
	}
	rd->in_event = false;
	jsonin_free(j);
	return rc;
}

/* --- text input -------------------------------------------------------- */

enum shape { SHAPE_UNKNOWN, SHAPE_TEXT, SHAPE_JSON };

static const char bom[] = "\xef\xbb\xbf";

/*
 * What an input is, from its first bytes: JSON if the first that is not
 * blank (after a UTF-8 BOM) is { or [, else text.  Blanks decide nothing.
 * *seen is how far p is known to be blank, so that a long blank start
 * read in small pieces is looked at once, not once a piece.
 */
static enum shape
shape_of(const char *p, size_t n, size_t *seen)
{
	size_t i = *seen;

	if (i == 0 && n < 3 && memcmp(p, bom, n) == 0)
		return SHAPE_UNKNOWN;
	if (i == 0 && n >= 3 && memcmp(p, bom, 3) == 0)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	*seen = i;
	if (i == n)
		return SHAPE_UNKNOWN;
	return p[i] == '{' || p[i] == '[' ? SHAPE_JSON : SHAPE_TEXT;
}

/* A UTF-8 BOM (Windows tools write one) would hide an S3 header line. */
static size_t
drop_bom(char *buf, size_t have)
{
	if (have < 3 || memcmp(buf, bom, 3) != 0)
		return have;
	memmove(buf, buf + 3, have - 3);
	return have - 3;
}

/*
 * The next text after the have bytes at *text: read into the line buffer
 * after them, or, from a source that lends its blocks and when they are
 * few, the next block with them put before it (*pre is then the block's
 * index, if a worker made one).  Returns what source_read does; *text and
 * *have then cover the whole.
 */
static ssize_t
read_more(struct reader *rd, char **text, size_t *have,
    struct bufindex **pre)
{
	ssize_t k;
	char *lent;

	*pre = NULL;
	if (source_lends(rd->src) && *have <= LEND_ROOM) {
		if ((k = source_lend(rd->src, *text, *have, &lent, pre)) > 0)
			*text = lent - *have;
	} else {
		if (*text != rd->line)
			memmove(rd->line, *text, *have);
		*text = rd->line;
		INVARIANT(*have < MAXLINE);
		k = source_read(rd->src, rd->line + *have, MAXLINE - *have);
	}
	if (k > 0)
		*have += (size_t)k;
	INVARIANT(*have <= MAXLINE);
	return k;
}

/* Read and cut lines to the end of the input, or until stopped. */
static int
read_lines(struct reader *rd, bool may_block)
{
	char *buf = rd->line;	/* the unfinished line, then what was read */
	size_t have = 0, start, blank = 0;
	bool skipping = false;   /* inside a line too long to keep */
	enum shape shape = SHAPE_UNKNOWN;
	int rc;

	while (!rd->input_stop && before_read(rd, may_block)) {
		size_t rest = have;
		struct bufindex *pre;
		ssize_t k;

		if ((k = read_more(rd, &buf, &have, &pre)) < 0)
			return read_failed(rd, k);
		if (k == 0)
			break;
		/*
		 * No line ended: cutting now would index the unfinished
		 * line again, which read in small pieces is quadratic.
		 */
		if (shape == SHAPE_TEXT && have < MAXLINE &&
		    memchr(buf + have - k, '\n', (size_t)k) == NULL)
			continue;
		if (shape == SHAPE_UNKNOWN) {
			pre = NULL;	/* the text may yet move */
			shape = shape_of(buf, have, &blank);
			if (shape == SHAPE_JSON) {
				memmove(rd->line, buf, have);
				buf = rd->line;
				if ((rc = read_json(rd, may_block, &have)) !=
				    NOT_JSON)
					return rc;
			}
			if (shape == SHAPE_UNKNOWN && have < MAXLINE)
				continue;
			shape = SHAPE_TEXT;
			have = drop_bom(buf, have);
		}
		start = pre != NULL ? cut_indexed(rd, buf, rest, pre, &skipping) :
		    cut_lines(rd, buf, have, &skipping);
		if (start == 0 && have == MAXLINE) {
			/* no newline in a full buffer: drop it, count the line */
			skipping = true;
			have = 0;
			continue;
		}
		buf += start;
		have -= start;
	}
	if (rd->input_stop)
		return 0;
	if (shape == SHAPE_UNKNOWN) {	/* blank lines only, or nothing */
		have = drop_bom(buf, have);
		start = cut_lines(rd, buf, have, &skipping);
		buf += start;
		have -= start;
	}
	last_line(rd, buf, have, skipping);
	return 0;
}

/* Read an input from src, whose descriptor is fd. */
static int
read_source(struct reader *rd, struct source *src, int fd, const char *name)
{
	struct stat sb;
	bool may_block = fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode);

	rd->name = name;
	rd->lineno = 0;
	rd->input_stop = rd->stop;
	rd->error[0] = '\0';
	rd->fmt = rd->opts.base;	/* a header holds for its own object */
	rd->hcur = -1;
	if (rd->line == NULL)	/* not before: reader_line needs it not */
		/*
		 * Zeroed (by the kernel, at no cost): PCRE2's JIT code may
		 * read a few bytes past a subject, which valgrind would
		 * otherwise report as reads of uninitialised memory.
		 */
		rd->line = xcalloc(1, MAXLINE + 1 + INDEX_SLACK);
	rd->src = src;
	return read_lines(rd, may_block);
}

int
reader_fd(struct reader *rd, int fd, const char *name)
{
	int rc;

	source_open(rd->own, fd);
	rc = read_source(rd, rd->own, fd, name);
	source_close(rd->own);
	return rc;
}

static int
cannot_open(struct reader *rd, const char *path, int err, bool is_dir)
{
	if (is_dir)
		snprintf(rd->error, sizeof rd->error, "%s: is a directory",
		    path);
	else
		snprintf(rd->error, sizeof rd->error, "%s: %s", path,
		    strerror(err));
	return READ_UNOPENED;
}

void
reader_plan(struct reader *rd, char *const *paths, int n, int jobs)
{
	struct index_plan plan = { rd->use_literal ? &rd->opts.literal : NULL,
	    &rd->literal_dropped, rd->opts.literal_icase,
	    rd->use_literal && !rd->opts.invert, rd->opts.index_ahead };

	if (jobs > 1 && n > 0)
		rd->pf = prefetch_new(paths, n, jobs, rd->opts.interrupted,
		    &plan);
	rd->plan = paths;
	rd->nplan = n;
	rd->planned = 0;
}

/* The next file of the plan, which its worker has opened. */
static int
read_planned(struct reader *rd, const char *name)
{
	int i = rd->planned++, err, rc;
	bool is_dir;
	struct source *src = prefetch_take(rd->pf, i, &err, &is_dir);

	rd->name = name;
	rd->lineno = 0;
	if (src == NULL)
		rc = cannot_open(rd, name, err, is_dir);
	else
		rc = read_source(rd, src, source_fd(src), name);
	prefetch_done(rd->pf, i);
	return rc;
}

int
reader_file(struct reader *rd, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "(standard input)" : path;
	int fd, rc;
	struct stat sb;

	if (rd->pf != NULL && rd->planned < rd->nplan &&
	    strcmp(rd->plan[rd->planned], path) == 0)
		return read_planned(rd, name);
	rd->name = name;
	rd->lineno = 0;
	if ((fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY)) < 0)
		return cannot_open(rd, path, errno, false);
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (!is_stdin)
			close(fd);
		return cannot_open(rd, path, 0, true);
	}
	rc = reader_fd(rd, fd, name);
	if (!is_stdin)
		close(fd);
	return rc;
}
