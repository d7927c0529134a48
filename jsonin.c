/*
 * jsonin.c: the events of CloudWatch Logs JSON, read as a stream.
 *
 * JSON is the AWS CLI's default output, so `aws logs filter-log-events
 * | flowgrep` has to read it.  Every shape below is known by its keys,
 * with no flag, and one input may hold several documents, end to end or
 * one per line:
 *
 *   {"events": [{...}, ...], ...}    filter-log-events, get-log-events
 *   ["message", ...]                 --query 'events[].message'
 *   [{...}, ...]                     --query events
 *   {"message": ..., ...}            one event a line (jq -c '.events[]')
 *   {"messageType": ..., "logGroup": ..., "logStream": ...,
 *    "logEvents": [{...}, ...]}      a subscription payload (Firehose
 *                                    S3 objects are these end to end)
 *   {"awslogs": {"data": B}}         a Lambda event from a subscription
 *   {"Records": [{"Data": B}, ...]}  aws kinesis get-records
 *   {"Records": [{"kinesis": {"data": B}}]}, {"records": [{"data": B}]}
 *                                    Lambda events from Kinesis, Firehose
 *
 * where B is the base64 of a gzip payload (or of plain JSON), read with
 * the same rules by a nested reader.  An event object is delivered when
 * it closes, so the order of its keys is free; nothing is kept but the
 * event being read.  A payload's logGroup and logStream are known to its
 * events only if they come before "logEvents" (they do in the payloads
 * CloudWatch sends), and "messageType": "CONTROL_MESSAGE" skips only the
 * events after it: events met before a key cannot wait for it without
 * holding the whole payload.  Other keys and shapes are skipped.
 *
 * yajl parses, through callbacks, over chunks split anywhere.  A thin
 * guard (scan_*) walks the bytes before yajl sees them, for what yajl
 * does not do:
 *   - yajl keeps a token that spans chunks whole in its own buffer, so a
 *     string of a gigabyte would be held whole.  The guard counts what a
 *     string decodes to and cuts the rest once it passes the limit: yajl
 *     then sees a shorter string, and the callback is told it was cut.
 *     Numbers, the other unbounded token, may not pass MAX_NUMBER bytes.
 *   - yajl lexes such a token again from its start at every call, so a
 *     1 MiB message read from a pipe 4 KiB at a time would be lexed 256
 *     times.  The guard holds a token open at the end of a call back
 *     instead (everything before it goes to yajl at once) and gives it
 *     whole once it ends.  As no token then spans two calls to yajl (but
 *     a string cut at the same byte however the input came), yajl's
 *     error offsets, and so the line and column of an error, do not
 *     depend on how the input was split.
 *   - yajl 2.1.0 decodes a bad surrogate escape wrongly (\ud800\u0041
 *     becomes one 4-byte character, a lone \udc00 three bytes that are
 *     not UTF-8, a lone \ud800 a '?').  The guard rewrites such an
 *     escape to \ufffd, as long as it was, so columns stay right.
 *   - It skips a UTF-8 BOM, and counts lines for messages.
 * Strings are not checked as UTF-8: a message is bytes, as on text input.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include <zlib.h>

#include "flowgrep.h"

/* The base64 data of a record: a Lambda event is at most 6 MB. */
#ifndef JSONIN_MAX_DATA
#define JSONIN_MAX_DATA (8 << 20)
#endif
#define MAX_NUMBER 1024   /* bytes of a number (yajl would buffer more) */
#define MAX_DEPTH 1000    /* nesting (yajl's stack grows a byte a level) */
#define ROLE_DEPTH 8      /* deeper containers are never read */
#define DATA_BLOCK 4096   /* base64 characters decoded at a time */
#define INFLATED (1 << 16)
#define ERRLEN 400

/* A place in the input: line and column, from 1. */
struct pos {
	unsigned long long line, col;
};

/* A growing byte buffer. */
struct buf {
	char *p;
	size_t n, cap;
};

/* What the guard is inside of. */
enum scanstate {
	SC_OUT,     /* between strings */
	SC_STR,     /* a string */
	SC_CUT,     /* the cut-off rest of a string */
	SC_CUT_ESC  /* the same, just after a backslash */
};

struct guard {
	enum scanstate state;
	size_t decoded;   /* bytes the string decodes to so far */
	size_t limit;     /* the string is cut beyond this many */
	bool raised;      /* its limit was looked up for its role */
	bool cut;         /* a string was cut: for its callback */
	size_t bare;      /* length of the number or word being read */
	bool bom_done;
	char carry[12];   /* an escape (or BOM) the end of a feed split */
	size_t ncarry;
};

/* One call's bytes, as the guard walks them. */
struct work {
	const char *p;    /* the caller's bytes, or scratch once changed */
	size_t n;
	size_t at;        /* the next byte to look at */
	size_t fed;       /* bytes before this went to yajl or were cut */
	bool final;       /* no byte comes after these */
	bool own;         /* p is scratch: it may be rewritten */
	bool carry;       /* the bytes from at wait for the next call */
	size_t token_at;  /* where the last token began, */
	bool token_here;  /* if it began in these bytes */
	size_t quote;     /* the next '"' from at (n if none), once looked */
	bool quote_known;
};

/* What a container is to us. */
enum role {
	R_SKIP,       /* nothing inside matters */
	R_TOP,        /* a document: a response, event, payload, envelope */
	R_TOP_ARRAY,  /* a document that is an array: messages or objects */
	R_EVENTS,     /* "events" or "logEvents" */
	R_EVENT,      /* an event in them */
	R_RECORDS,    /* "Records" or "records" of Kinesis, Firehose */
	R_RECORD,     /* one of those */
	R_HOLDER      /* "awslogs" or "kinesis": holds "data" */
};

/* The keys that matter; K_NONE for the rest, and in arrays. */
enum key {
	K_NONE, K_MESSAGE, K_TIMESTAMP, K_STREAM_NAME, K_EVENTS, K_GROUP,
	K_STREAM, K_MESSAGE_TYPE, K_AWSLOGS, K_RECORDS, K_KINESIS, K_DATA
};

#define ROLE(r) (1u << (r))
#define EVENTISH (ROLE(R_TOP) | ROLE(R_EVENT))

static const struct keyname {
	const char *name;
	size_t len;
	enum key key;
	unsigned roles;   /* the containers it means something in */
	bool outer;       /* not read by a nested reader (data in data) */
} keynames[] = {
	{ "message", 7, K_MESSAGE, EVENTISH, false },
	{ "timestamp", 9, K_TIMESTAMP, EVENTISH, false },
	{ "logStreamName", 13, K_STREAM_NAME, EVENTISH, false },
	{ "events", 6, K_EVENTS, ROLE(R_TOP), false },
	{ "logEvents", 9, K_EVENTS, ROLE(R_TOP), false },
	{ "logGroup", 8, K_GROUP, ROLE(R_TOP), false },
	{ "logStream", 9, K_STREAM, ROLE(R_TOP), false },
	{ "messageType", 11, K_MESSAGE_TYPE, ROLE(R_TOP), false },
	{ "awslogs", 7, K_AWSLOGS, ROLE(R_TOP), true },
	{ "Records", 7, K_RECORDS, ROLE(R_TOP), true },
	{ "records", 7, K_RECORDS, ROLE(R_TOP), true },
	{ "kinesis", 7, K_KINESIS, ROLE(R_RECORD), true },
	{ "Data", 4, K_DATA, ROLE(R_RECORD), true },
	{ "data", 4, K_DATA, ROLE(R_RECORD) | ROLE(R_HOLDER), true },
};

/* An event object being read. */
struct draft {
	struct buf message, stream;
	bool has_message, has_stream, too_long, has_timestamp;
	int64_t timestamp_ms;
	unsigned long long line;
};

/* The subscription payload being read (or any document: the same keys). */
struct payload {
	struct buf group, stream;
	bool has_group, has_stream, control;
};

enum { D_TOP, D_INNER };   /* the drafts: a document's own, an inner event's */

struct jsonin {
	yajl_handle yajl;
	json_event_fn fn;
	void *ctx;
	bool nested;               /* reads a record's data: no data inside */
	struct guard g;
	struct buf scratch;        /* rewritten or carried-over bytes */
	struct buf held;           /* an open token, kept from yajl */
	struct pos next;           /* of the next byte not yet counted */
	struct pos last;           /* of the last byte counted */
	/* the bytes in yajl's hands, where they started, how far counted */
	const char *seg;
	size_t seg_counted;
	struct pos seg_next, seg_last;
	/* where in the structure */
	unsigned depth;
	enum role roles[ROLE_DEPTH];
	enum key key;              /* the key of the value to come */
	struct draft draft[2];
	struct payload payload;
	unsigned long long nevents;
	bool started;              /* a token was seen: the end may be early */
	bool stopped, failed;
	const char *why;           /* a callback's reason to fail */
	char whybuf[ERRLEN];
	char error[ERRLEN];
	unsigned char *inflated;   /* INFLATED bytes, for a record's data */
};

/* --- memory --------------------------------------------------------- */

static void
buf_set(struct buf *b, const void *p, size_t n)
{
	if (n > b->cap) {
		b->p = xreallocarray(b->p, n, 1);
		b->cap = n;
	}
	if (n > 0)
		memcpy(b->p, p, n);
	b->n = n;
}

static void
buf_append(struct buf *b, const void *p, size_t n)
{
	if (n > b->cap - b->n) {
		b->cap = b->n + n > 2 * b->cap ? b->n + n : 2 * b->cap;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	if (n > 0)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static struct slice
buf_slice(const struct buf *b)
{
	struct slice s = { b->p != NULL ? b->p : "", b->n };

	return s;
}

/* yajl and zlib allocate through alloc.c too: out of memory exits 2. */
static void *
yajl_malloc(void *ctx, size_t n)
{
	(void)ctx;
	return xmalloc(n);
}

static void *
yajl_realloc(void *ctx, void *p, size_t n)
{
	(void)ctx;
	return xreallocarray(p, n, 1);
}

static void
yajl_release(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

static voidpf
zlib_alloc(voidpf opaque, uInt n, uInt size)
{
	(void)opaque;
	return xreallocarray(NULL, n, size);
}

static void
zlib_release(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* --- where we are, and failing ---------------------------------------- */

/* Count n bytes: next goes past them, last to the last of them. */
static void
count_bytes(struct pos *next, struct pos *last, const char *p, size_t n)
{
	const char *nl;

	if (n == 0)
		return;
	while ((nl = memchr(p, '\n', n)) != NULL) {
		last->line = next->line;
		last->col = next->col + (size_t)(nl - p);
		next->line++;
		next->col = 1;
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	if (n > 0) {
		*last = *next;
		last->col += n - 1;
		next->col += n;
	}
}

/* Count the bytes in yajl's hands up to byte k. */
static void
seg_move(struct jsonin *j, size_t k)
{
	if (k < j->seg_counted) {
		j->next = j->seg_next;
		j->last = j->seg_last;
		j->seg_counted = 0;
	}
	count_bytes(&j->next, &j->last, j->seg + j->seg_counted,
	    k - j->seg_counted);
	j->seg_counted = k;
}

/*
 * Put next on the byte just before yajl's offset `used`: the last byte of
 * the token at fault.  A token that ended with the bytes before these
 * leaves used at 0: its last byte is then the last one counted.
 */
static void
seg_point_before(struct jsonin *j, size_t used)
{
	seg_move(j, used > 0 ? used - 1 : 0);
	if (used == 0)
		j->next = j->last;
}

/* Fail at the current line and column. */
static void
fail(struct jsonin *j, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (j->failed)
		return;
	j->failed = true;
	k = snprintf(j->error, sizeof j->error, "line %llu, column %llu: ",
	    j->next.line, j->next.col);
	if (k < 0 || (size_t)k >= sizeof j->error)
		return;
	va_start(ap, fmt);
	vsnprintf(j->error + k, sizeof j->error - (size_t)k, fmt, ap);
	va_end(ap);
}

/* From a callback: stop yajl, and fail once it has returned. */
static int
callback_fail(struct jsonin *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->whybuf, sizeof j->whybuf, fmt, ap);
	va_end(ap);
	j->why = j->whybuf;
	return 0;
}

/*
 * yajl's account of an error: "lexical error: what.\n" becomes "what".
 * Its offset is on the byte at fault for lexical errors, and after the
 * token at fault for parse errors; but after the character for "invalid
 * char", and on the token's first byte for "after key and value".
 */
static void
fail_as_yajl(struct jsonin *j, const unsigned char *seg, size_t n)
{
	unsigned char *msg = yajl_get_error(j->yajl, 0, seg, n);
	const char *what = msg != NULL ? (const char *)msg : "bad JSON";
	const char *colon = strstr(what, "error: ");
	size_t len, used = yajl_get_bytes_consumed(j->yajl);
	bool on_it;

	if (colon != NULL)
		what = colon + strlen("error: ");
	len = strcspn(what, "\n");
	if (len > 0 && what[len - 1] == '.')
		len--;
	if (len == strlen("premature EOF") &&
	    strncmp(what, "premature EOF", len) == 0) {
		what = "truncated JSON";
		len = strlen(what);
	}
	if (seg != NULL) {
		if (strncmp((const char *)msg, "lexical", 7) == 0)
			on_it = strncmp(what, "invalid char in", 15) != 0;
		else
			on_it = strncmp(what, "after key and value", 19) == 0;
		if (on_it)
			seg_move(j, used);
		else
			seg_point_before(j, used);
	}
	fail(j, "%.*s", (int)len, what);
	if (msg != NULL)
		yajl_free_error(j->yajl, msg);
}

/* --- yajl ------------------------------------------------------------- */

/* Give yajl bytes; they are counted as they go. */
static void
yajl_give(struct jsonin *j, const char *p, size_t n)
{
	yajl_status st;

	if (n == 0 || j->failed || j->stopped)
		return;
	j->seg = p;
	j->seg_counted = 0;
	j->seg_next = j->next;
	j->seg_last = j->last;
	st = yajl_parse(j->yajl, (const unsigned char *)p, n);
	if (st == yajl_status_ok) {
		seg_move(j, n);
		return;
	}
	if (j->stopped && j->why == NULL)
		return;
	if (j->why != NULL) {
		/* a callback's reason: the token it was called for */
		seg_point_before(j, yajl_get_bytes_consumed(j->yajl));
		fail(j, "%s", j->why);
	} else
		fail_as_yajl(j, (const unsigned char *)p, n);
}

/* The line of the token yajl just read, from a callback. */
static unsigned long long
token_line(struct jsonin *j)
{
	seg_move(j, yajl_get_bytes_consumed(j->yajl));
	return j->next.line;
}

/* --- the guard -------------------------------------------------------- */

/* The bytes up to `upto` go to yajl, after the token held back. */
static void
give_to(struct jsonin *j, struct work *w, size_t upto)
{
	if (j->held.n > 0) {
		buf_append(&j->held, w->p + w->fed, upto - w->fed);
		yajl_give(j, j->held.p, j->held.n);
		j->held.n = 0;
	} else
		yajl_give(j, w->p + w->fed, upto - w->fed);
	w->fed = upto;
}

/* The bytes up to `upto`, in an open token, wait for its end. */
static void
hold_to(struct jsonin *j, struct work *w, size_t upto)
{
	buf_append(&j->held, w->p + w->fed, upto - w->fed);
	w->fed = upto;
}

/* The bytes up to `upto` are cut: counted, never parsed. */
static void
cut_to(struct jsonin *j, struct work *w, size_t upto)
{
	count_bytes(&j->next, &j->last, w->p + w->fed, upto - w->fed);
	w->fed = upto;
}

/* A UTF-8 BOM at the very start is not JSON: skip it. */
static void
skip_bom(struct jsonin *j, struct work *w)
{
	static const char bom[] = "\xef\xbb\xbf";
	size_t k = w->n < 3 ? w->n : 3;

	if (memcmp(w->p, bom, k) != 0) {
		j->g.bom_done = true;
	} else if (k < 3 && !w->final) {
		w->carry = true;   /* too few bytes to say */
	} else {
		j->g.bom_done = true;
		w->at = w->fed = k == 3 ? 3 : 0;
	}
}

/* What a byte is between strings: a word's (number, literal) unless... */
enum { B_WORD, B_BLANK, B_PUNCT, B_QUOTE };

static const unsigned char byte_class[256] = {
	[' '] = B_BLANK, ['\t'] = B_BLANK, ['\n'] = B_BLANK, ['\r'] = B_BLANK,
	['\v'] = B_BLANK, ['\f'] = B_BLANK,   /* yajl takes these two too */
	['{'] = B_PUNCT, ['}'] = B_PUNCT, ['['] = B_PUNCT, [']'] = B_PUNCT,
	[','] = B_PUNCT, [':'] = B_PUNCT, ['"'] = B_QUOTE,
};

/* A string opens at w->at. */
static void
open_string(struct jsonin *j, struct work *w)
{
	struct guard *g = &j->g;

	if (g->bare == 0) {
		w->token_at = w->at;
		w->token_here = true;
	}   /* else the word before it ends with the string */
	g->state = SC_STR;
	g->decoded = g->bare = 0;
	g->limit = JSONIN_MAX_MESSAGE;
	g->raised = false;
	w->at++;
}

/* A byte of a word (a number, mostly) at w->at.  False: too long. */
static bool
word_byte(struct jsonin *j, struct work *w)
{
	struct guard *g = &j->g;

	if (g->bare == 0) {
		w->token_at = w->at;
		w->token_here = true;
	}
	if (++g->bare <= MAX_NUMBER)
		return true;
	give_to(j, w, w->at);   /* yajl's error first */
	if (!j->stopped)
		fail(j, "a number longer than %d bytes", MAX_NUMBER);
	return false;
}

/* The end of a run of spaces at p[i] (indentation), 8 bytes at a time. */
static size_t
skip_spaces(const char *p, size_t i, size_t n)
{
	uint64_t eight;

	while (n - i >= 8) {
		memcpy(&eight, p + i, 8);
		if (eight != 0x2020202020202020ULL)
			break;
		i += 8;
	}
	while (i < n && p[i] == ' ')
		i++;
	return i;
}

/* Between strings: until a string opens, or a number grows too long. */
static void
scan_outside(struct jsonin *j, struct work *w)
{
	struct guard *g = &j->g;

	for (; w->at < w->n; w->at++) {
		switch (byte_class[(unsigned char)w->p[w->at]]) {
		case B_BLANK:
			g->bare = 0;
			w->at = skip_spaces(w->p, w->at + 1, w->n) - 1;
			break;
		case B_PUNCT:
			j->started = true;
			g->bare = 0;
			break;
		case B_QUOTE:
			j->started = true;
			open_string(j, w);
			return;
		default:
			j->started = true;
			if (!word_byte(j, w))
				return;
		}
	}
}

/* The limit of the string being read: its role is known by now. */
static size_t
string_limit(const struct jsonin *j)
{
	return j->key == K_DATA ? JSONIN_MAX_DATA : JSONIN_MAX_MESSAGE;
}

/*
 * `need` more decoded bytes at w->at pass the string's limit.  The first
 * time, yajl is brought up to here so that the key before the string is
 * known, and a record's data gets its larger limit.  Returns true if the
 * bytes now fit; else the string is cut from w->at.
 */
static bool
fits_after_all(struct jsonin *j, struct work *w, size_t need)
{
	struct guard *g = &j->g;

	give_to(j, w, w->at);
	if (j->failed || j->stopped)
		return false;
	if (!g->raised) {
		g->raised = true;
		g->limit = string_limit(j);
		if (g->decoded + need <= g->limit)
			return true;
	}
	g->state = SC_CUT;
	g->cut = true;
	return false;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

enum esc_verdict { ESC_OK, ESC_MORE };

/* An escape as the guard sees it. */
struct escape {
	size_t len;       /* bytes from the backslash */
	size_t decoded;   /* what yajl decodes them to */
	bool rewrite;     /* a bad surrogate: make it \ufffd */
};

/* The 4 hex digits at p[i]: their value, -1 if not hex, -2 if short. */
static long
hex4(const char *p, size_t i, size_t n)
{
	long v = 0;

	for (size_t k = 0; k < 4; k++) {
		int h;

		if (i + k >= n)
			return -2;
		if ((h = hexval((unsigned char)p[i + k])) < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/*
 * After a high surrogate, at p[i]: a low one (\udc00 to \udfff)?  1 yes,
 * 0 no, -1 the bytes end too soon to say.
 */
static int
low_follows(const char *p, size_t i, size_t n)
{
	long v;

	if (i < n && p[i] != '\\')
		return 0;
	if (i + 1 < n && p[i + 1] != 'u')
		return 0;
	if (i + 2 < n && (p[i + 2] | 0x20) != 'd')
		return 0;
	if (i + 3 < n && hexval((unsigned char)p[i + 3]) < 0xc)
		return 0;
	if ((v = hex4(p, i + 2, n)) == -2)
		return -1;
	return v >= 0xdc00 && v <= 0xdfff;
}

/* The escape at p[i]; ESC_MORE if the bytes end before it can be told. */
static enum esc_verdict
read_escape(const char *p, size_t i, size_t n, bool final,
    struct escape *e)
{
	long v;
	int low;

	e->len = 2;
	e->decoded = 1;
	e->rewrite = false;
	if (i + 1 >= n)
		return final ? ESC_OK : ESC_MORE;
	if (p[i + 1] != 'u')
		return ESC_OK;   /* \" \\ \/ \b \f \n \r \t, or yajl's error */
	v = hex4(p, i + 2, n);
	if (v == -2)
		return final ? ESC_OK : ESC_MORE;
	if (v < 0)
		return ESC_OK;   /* yajl's error */
	e->len = 6;
	e->decoded = v < 0x80 ? 1 : v < 0x800 ? 2 : 3;
	if (v >= 0xdc00 && v <= 0xdfff)
		e->rewrite = true;
	else if (v >= 0xd800 && v <= 0xdbff) {
		low = low_follows(p, i + 6, n);
		if (low < 0 && !final)
			return ESC_MORE;
		if (low > 0) {
			e->len = 12;
			e->decoded = 4;
		} else
			e->rewrite = true;
	}
	return ESC_OK;
}

/* Bad surrogate at w->at: \ufffd in its place, in a copy of the bytes. */
static void
rewrite_escape(struct jsonin *j, struct work *w)
{
	if (!w->own) {
		buf_set(&j->scratch, w->p, w->n);
		w->p = j->scratch.p;
		w->own = true;
	}
	memcpy(j->scratch.p + w->at + 2, "fffd", 4);
}

/* The escape at w->at.  False: the scan stops here (cut or carried). */
static bool
scan_escape(struct jsonin *j, struct work *w)
{
	struct guard *g = &j->g;
	struct escape e;

	if (read_escape(w->p, w->at, w->n, w->final, &e) == ESC_MORE) {
		w->carry = true;
		return false;
	}
	if (e.len > w->n - w->at)
		e.len = w->n - w->at;   /* the input ends in it: yajl says so */
	if (g->decoded + e.decoded > g->limit &&
	    !fits_after_all(j, w, e.decoded))
		return false;
	if (e.rewrite)
		rewrite_escape(j, w);
	g->decoded += e.decoded;
	w->at += e.len;
	return true;
}

/*
 * The next quote or backslash from w->at, or w->n.  The quote found is
 * kept until w->at passes it (it was escaped), so that a string of many
 * escapes is not searched to its end once per escape.
 */
static size_t
plain_end(struct work *w)
{
	const char *q, *b;

	if (!w->quote_known || w->quote < w->at) {
		q = memchr(w->p + w->at, '"', w->n - w->at);
		w->quote = q != NULL ? (size_t)(q - w->p) : w->n;
		w->quote_known = true;
	}
	b = memchr(w->p + w->at, '\\', w->quote - w->at);
	return b != NULL ? (size_t)(b - w->p) : w->quote;
}

/* In a string: plain bytes count one each, escapes as they decode. */
static void
scan_string(struct jsonin *j, struct work *w)
{
	struct guard *g = &j->g;

	while (w->at < w->n) {
		size_t end = plain_end(w), room = g->limit - g->decoded;

		if (end - w->at > room) {
			/* the limit falls among plain bytes */
			g->decoded += room;
			w->at += room;
			if (!fits_after_all(j, w, 1))
				return;   /* cut */
			continue;
		}
		g->decoded += end - w->at;
		w->at = end;
		if (end == w->n)
			return;
		if (w->p[end] == '"') {
			g->state = SC_OUT;
			w->at++;
			return;
		}
		if (!scan_escape(j, w))
			return;
	}
}

/* The cut rest of a string: skipped up to its closing quote. */
static void
scan_cut(struct jsonin *j, struct work *w)
{
	struct guard *g = &j->g;
	size_t i = w->at;

	if (g->state == SC_CUT_ESC && i < w->n) {
		g->state = SC_CUT;
		i++;
	}
	for (; i < w->n; i++) {
		if (w->p[i] == '\\') {
			if (i + 1 == w->n) {
				g->state = SC_CUT_ESC;
				i++;
				break;
			}
			i++;
		} else if (w->p[i] == '"') {
			cut_to(j, w, i);   /* the quote itself goes to yajl */
			g->state = SC_OUT;
			i++;
			break;
		}
	}
	w->at = i;
}

/* Walk the bytes of one call, the escape carried from the last first. */
static void
guard_feed(struct jsonin *j, const char *p, size_t n, bool final)
{
	struct work w = { p, n, 0, 0, final, false, false, 0, false, 0, false };
	struct guard *g = &j->g;

	if (g->ncarry > 0) {
		buf_set(&j->scratch, g->carry, g->ncarry);
		buf_append(&j->scratch, p, n);
		w.p = j->scratch.p;
		w.n = j->scratch.n;
		w.own = true;
		g->ncarry = 0;
	}
	if (!g->bom_done)
		skip_bom(j, &w);
	while (w.at < w.n && !w.carry && !j->failed && !j->stopped) {
		if (g->state == SC_OUT)
			scan_outside(j, &w);
		else if (g->state == SC_STR)
			scan_string(j, &w);
		else
			scan_cut(j, &w);
	}
	if (j->failed || j->stopped)
		return;
	if (g->state == SC_CUT || g->state == SC_CUT_ESC)
		cut_to(j, &w, w.at);
	else if (g->state == SC_STR || (g->bare > 0 && !final)) {
		/* a string or a number open: held from where it began */
		if (w.token_here && w.token_at >= w.fed)
			give_to(j, &w, w.token_at);
		hold_to(j, &w, w.at);
	} else
		give_to(j, &w, w.at);
	if (w.carry && !j->failed && !j->stopped) {
		g->ncarry = w.n - w.at;
		memcpy(g->carry, w.p + w.at, g->ncarry);
	}
}

/* --- events ----------------------------------------------------------- */

static bool
emit(struct jsonin *j, struct json_event *ev)
{
	ev->index = ++j->nevents;
	if (!j->fn(j->ctx, ev)) {
		j->stopped = true;
		return false;
	}
	return true;
}

/* An event object has closed: deliver it if it was one. */
static bool
deliver(struct jsonin *j, const struct draft *d)
{
	const struct payload *pl = &j->payload;
	struct json_event ev;

	if (!d->has_message || pl->control)
		return true;
	memset(&ev, 0, sizeof ev);
	ev.message = buf_slice(&d->message);
	if (d->too_long)
		ev.message.n = 0;
	ev.too_long = d->too_long;
	if (d->has_stream)
		ev.stream = buf_slice(&d->stream);
	else if (pl->has_stream)
		ev.stream = buf_slice(&pl->stream);
	if (pl->has_group)
		ev.group = buf_slice(&pl->group);
	ev.timestamp_ms = d->timestamp_ms;
	ev.has_timestamp = d->has_timestamp;
	ev.line = d->line;
	return emit(j, &ev);
}

/* A string where a message stands alone: in a top-level array. */
static bool
deliver_bare(struct jsonin *j, const unsigned char *s, size_t n, bool cut)
{
	struct json_event ev;

	memset(&ev, 0, sizeof ev);
	ev.message.p = cut ? "" : (const char *)s;
	ev.message.n = cut ? 0 : n;
	ev.too_long = cut;
	ev.line = token_line(j);
	return emit(j, &ev);
}

/* --- the data of a record: base64 of gzip (or of JSON) ------------------ */

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Padded or not, but nothing else: else it is not data of ours. */
static bool
base64_valid(const unsigned char *s, size_t n)
{
	size_t pad = 0;

	while (pad < 2 && n > 0 && s[n - 1] == '=') {
		n--;
		pad++;
	}
	if (n % 4 == 1 || (pad > 0 && (n + pad) % 4 != 0))
		return false;
	for (size_t i = 0; i < n; i++)
		if (b64val(s[i]) < 0)
			return false;
	return true;
}

/* Decode valid base64 (padding stripped by the caller): bytes out. */
static size_t
base64_decode(const unsigned char *s, size_t n, unsigned char *out)
{
	size_t k = 0, i;
	unsigned long v = 0;

	for (i = 0; i < n; i++) {
		v = v << 6 | (unsigned)b64val(s[i]);
		if (i % 4 == 3) {
			out[k++] = (unsigned char)(v >> 16);
			out[k++] = (unsigned char)(v >> 8);
			out[k++] = (unsigned char)v;
			v = 0;
		}
	}
	if (i % 4 == 2)
		out[k++] = (unsigned char)(v >> 4);
	else if (i % 4 == 3) {
		out[k++] = (unsigned char)(v >> 10);
		out[k++] = (unsigned char)(v >> 2);
	}
	return k;
}

/* A record's data on its way to the nested reader. */
struct unpack {
	struct jsonin *inner;
	bool gzip;
	z_stream zs;
	bool zs_live, in_member;
	const char *why;   /* set when it went wrong */
};

/* The nested reader's events are the outer reader's. */
static bool
forward_event(void *ctx, const struct json_event *ev)
{
	struct jsonin *outer = ctx;
	struct json_event copy = *ev;

	copy.line = outer->next.line;
	return emit(outer, &copy);
}

static bool
inner_feed(struct unpack *u, const unsigned char *p, size_t n)
{
	if (jsonin_feed(u->inner, (const char *)p, n) != 0) {
		u->why = jsonin_error(u->inner);
		return false;
	}
	return !jsonin_stopped(u->inner);
}

/* Inflate decoded bytes (gzip members end to end) into the reader. */
static bool
gunzip_feed(struct jsonin *j, struct unpack *u, const unsigned char *p,
    size_t n)
{
	z_stream *zs = &u->zs;
	int rc;

	zs->next_in = (Bytef *)(uintptr_t)p;
	zs->avail_in = (uInt)n;
	do {
		if (!u->in_member) {
			if (zs->avail_in == 0)
				break;
			inflateReset(zs);
			u->in_member = true;
		}
		zs->next_out = j->inflated;
		zs->avail_out = INFLATED;
		rc = inflate(zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			u->in_member = false;
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			u->why = zs->msg != NULL ? zs->msg : "bad gzip data";
			return false;
		}
		if (!inner_feed(u, j->inflated, INFLATED - zs->avail_out))
			return false;
		if (rc == Z_BUF_ERROR && zs->avail_out == INFLATED)
			break;   /* no progress: wants more input */
	} while (zs->avail_in > 0 || zs->avail_out == 0);
	return true;
}

/* The first decoded bytes say what the data is: gzip, JSON, or not ours. */
static bool
unpack_start(struct jsonin *j, struct unpack *u, const unsigned char *p,
    size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
		u->gzip = true;
		u->zs.zalloc = zlib_alloc;
		u->zs.zfree = zlib_release;
		if (inflateInit2(&u->zs, 15 + 16) != Z_OK) {
			u->why = "cannot start gzip decoding";
			return false;
		}
		u->zs_live = u->in_member = true;
		if (j->inflated == NULL)
			j->inflated = xmalloc(INFLATED);
	} else if (!jsonin_sniff((const char *)p, n))
		return false;
	u->inner = jsonin_new(forward_event, j);
	u->inner->nested = true;
	return true;
}

static bool
unpack_feed(struct jsonin *j, struct unpack *u, const unsigned char *p,
    size_t n)
{
	return u->gzip ? gunzip_feed(j, u, p, n) : inner_feed(u, p, n);
}

static bool
unpack_end(struct unpack *u)
{
	if (u->gzip && u->in_member) {
		u->why = "truncated gzip data";
		return false;
	}
	if (jsonin_end(u->inner) != 0) {
		u->why = jsonin_error(u->inner);
		return false;
	}
	return true;
}

/* Decode the base64 a block at a time and read what it holds. */
static void
unpack_all(struct jsonin *j, struct unpack *u, const unsigned char *s,
    size_t n)
{
	unsigned char block[DATA_BLOCK / 4 * 3];

	while (n > 0 && s[n - 1] == '=')
		n--;
	for (size_t i = 0; i < n; i += DATA_BLOCK) {
		size_t k = base64_decode(s + i,
		    n - i < DATA_BLOCK ? n - i : DATA_BLOCK, block);

		if (i == 0 && !unpack_start(j, u, block, k))
			return;
		if (!unpack_feed(j, u, block, k))
			return;
	}
	if (u->inner != NULL)
		unpack_end(u);
}

/*
 * The data of a record, a Lambda event, a Kinesis record: base64 of a
 * gzip payload, read by a nested reader whose events are ours.  Data that
 * is not base64 of gzip or JSON is another producer's: skipped.
 */
static int
read_data(struct jsonin *j, const unsigned char *s, size_t n, bool cut)
{
	struct unpack u;
	int ok;

	if (cut)
		return callback_fail(j, "base64 data longer than %d bytes",
		    JSONIN_MAX_DATA);
	if (!base64_valid(s, n))
		return 1;
	memset(&u, 0, sizeof u);
	token_line(j);   /* the line its events are on */
	unpack_all(j, &u, s, n);
	if (u.zs_live)
		inflateEnd(&u.zs);
	if (u.why != NULL)
		ok = callback_fail(j, "in the base64 data: %s", u.why);
	else
		ok = !j->stopped;
	jsonin_free(u.inner);
	return ok;
}

/* --- the structure: yajl's callbacks ---------------------------------- */

static enum role
current_role(const struct jsonin *j)
{
	if (j->depth == 0)
		return R_SKIP;
	return j->depth <= ROLE_DEPTH ? j->roles[j->depth - 1] : R_SKIP;
}

/* The draft an event key of the current container writes to. */
static struct draft *
current_draft(struct jsonin *j)
{
	return &j->draft[current_role(j) == R_TOP ? D_TOP : D_INNER];
}

/* The key of the value at hand (K_NONE in arrays), used once. */
static enum key
take_key(struct jsonin *j)
{
	enum key k = j->key;

	j->key = K_NONE;
	return k;
}

/* Was the string at hand cut?  Asked once per string. */
static bool
take_cut(struct jsonin *j)
{
	bool cut = j->g.cut;

	j->g.cut = false;
	return cut;
}

static enum key
key_lookup(const struct jsonin *j, const unsigned char *s, size_t n)
{
	unsigned role = ROLE(current_role(j));

	for (size_t i = 0; i < sizeof keynames / sizeof keynames[0]; i++) {
		const struct keyname *kn = &keynames[i];

		if (kn->len == n && (kn->roles & role) &&
		    !(kn->outer && j->nested) && memcmp(kn->name, s, n) == 0)
			return kn->key;
	}
	return K_NONE;
}

/* The role of a container opening under key k (K_NONE in arrays). */
static enum role
child_role(const struct jsonin *j, enum key k, bool is_map)
{
	if (j->depth == 0)
		return is_map ? R_TOP : R_TOP_ARRAY;
	switch (current_role(j)) {
	case R_TOP_ARRAY:
		return is_map ? R_TOP : R_SKIP;
	case R_TOP:
		if (k == K_EVENTS && !is_map)
			return R_EVENTS;
		if (k == K_RECORDS && !is_map)
			return R_RECORDS;
		return k == K_AWSLOGS && is_map ? R_HOLDER : R_SKIP;
	case R_EVENTS:
		return is_map ? R_EVENT : R_SKIP;
	case R_RECORDS:
		return is_map ? R_RECORD : R_SKIP;
	case R_RECORD:
		return k == K_KINESIS && is_map ? R_HOLDER : R_SKIP;
	default:
		return R_SKIP;
	}
}

static void
draft_reset(struct draft *d)
{
	d->message.n = d->stream.n = 0;
	d->has_message = d->has_stream = d->too_long = false;
	d->has_timestamp = false;
	d->timestamp_ms = 0;
	d->line = 0;
}

static int
open_container(struct jsonin *j, bool is_map)
{
	enum role r = child_role(j, take_key(j), is_map);

	if (j->depth >= MAX_DEPTH)
		return callback_fail(j, "JSON nested deeper than %d levels",
		    MAX_DEPTH);
	if (j->depth < ROLE_DEPTH)
		j->roles[j->depth] = r;
	j->depth++;
	if (r == R_TOP) {
		draft_reset(&j->draft[D_TOP]);
		j->payload.has_group = j->payload.has_stream = false;
		j->payload.control = false;
	} else if (r == R_EVENT)
		draft_reset(&j->draft[D_INNER]);
	return 1;
}

static int
close_container(struct jsonin *j)
{
	enum role r = current_role(j);

	j->depth--;
	if (r == R_TOP)
		return deliver(j, &j->draft[D_TOP]);
	if (r == R_EVENT)
		return deliver(j, &j->draft[D_INNER]);
	return 1;
}

static int
cb_start_map(void *ctx)
{
	return open_container(ctx, true);
}

static int
cb_start_array(void *ctx)
{
	return open_container(ctx, false);
}

static int
cb_end(void *ctx)
{
	return close_container(ctx);
}

static int
cb_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct jsonin *j = ctx;

	j->key = take_cut(j) ? K_NONE : key_lookup(j, s, n);
	return 1;
}

static int
cb_scalar(void *ctx)
{
	take_key(ctx);
	return 1;
}

static int
cb_boolean(void *ctx, int b)
{
	(void)b;
	return cb_scalar(ctx);
}

/* An integer that fits in int64_t; a fraction or exponent is not a time. */
static bool
parse_int64(const char *s, size_t n, int64_t *out)
{
	bool neg = n > 0 && s[0] == '-';
	uint64_t v = 0;
	size_t i = neg;

	if (i == n)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX + neg)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

static int
cb_number(void *ctx, const char *s, size_t n)
{
	struct jsonin *j = ctx;
	struct draft *d;

	if (take_key(j) == K_TIMESTAMP) {
		d = current_draft(j);
		d->has_timestamp = parse_int64(s, n, &d->timestamp_ms);
	}
	return 1;
}

/* A string under an event key, or a payload's. */
static void
keyed_string(struct jsonin *j, enum key k, const unsigned char *s,
    size_t n, bool cut)
{
	struct draft *d = current_draft(j);
	struct payload *pl = &j->payload;

	switch (k) {
	case K_MESSAGE:
		buf_set(&d->message, s, cut ? 0 : n);
		d->has_message = true;
		d->too_long = cut;
		d->line = token_line(j);
		break;
	case K_STREAM_NAME:
		buf_set(&d->stream, s, cut ? 0 : n);
		d->has_stream = !cut;
		break;
	case K_GROUP:
		buf_set(&pl->group, s, cut ? 0 : n);
		pl->has_group = !cut;
		break;
	case K_STREAM:
		buf_set(&pl->stream, s, cut ? 0 : n);
		pl->has_stream = !cut;
		break;
	case K_MESSAGE_TYPE:
		pl->control = n == strlen("CONTROL_MESSAGE") &&
		    memcmp(s, "CONTROL_MESSAGE", n) == 0;
		break;
	default:
		break;
	}
}

static int
cb_string(void *ctx, const unsigned char *s, size_t n)
{
	struct jsonin *j = ctx;
	bool cut = take_cut(j);
	enum key k = take_key(j);
	enum role r = current_role(j);

	if (j->depth == 0 || r == R_TOP_ARRAY)
		return deliver_bare(j, s, n, cut);
	if (k == K_DATA)
		return read_data(j, s, n, cut);
	if (r == R_TOP || r == R_EVENT)
		keyed_string(j, k, s, n, cut);
	return 1;
}

static int
cb_null(void *ctx)
{
	return cb_scalar(ctx);
}

static const yajl_callbacks callbacks = {
	cb_null, cb_boolean, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end
};

/* --- the interface ---------------------------------------------------- */

struct jsonin *
jsonin_new(json_event_fn fn, void *ctx)
{
	yajl_alloc_funcs afs = { yajl_malloc, yajl_realloc, yajl_release, NULL };
	struct jsonin *j = xcalloc(1, sizeof *j);

	j->fn = fn;
	j->ctx = ctx;
	j->next.line = j->next.col = 1;
	/* never NULL: the allocator exits rather than return NULL */
	j->yajl = yajl_alloc(&callbacks, &afs, j);
	/* documents end to end; any bytes in strings, as in text input */
	yajl_config(j->yajl, yajl_allow_multiple_values, 1);
	yajl_config(j->yajl, yajl_dont_validate_strings, 1);
	return j;
}

int
jsonin_feed(struct jsonin *j, const char *p, size_t n)
{
	if (j->failed)
		return -1;
	if (j->stopped || n == 0)
		return 0;
	guard_feed(j, p, n, false);
	return j->failed ? -1 : 0;
}

int
jsonin_end(struct jsonin *j)
{
	yajl_status st;

	if (j->failed)
		return -1;
	if (j->stopped)
		return 0;
	guard_feed(j, "", 0, true);   /* what was carried */
	if (j->failed)
		return -1;
	if (j->stopped || !j->started)
		return 0;   /* blanks alone hold no events */
	if (j->g.state != SC_OUT) {
		/* no need to ask yajl, which would see the space it adds */
		count_bytes(&j->next, &j->last, j->held.p, j->held.n);
		fail(j, "truncated JSON");
		return -1;
	}
	j->seg = " ";   /* yajl ends by parsing a space */
	j->seg_counted = 0;
	j->seg_next = j->next;
	j->seg_last = j->last;
	st = yajl_complete_parse(j->yajl);
	if (st == yajl_status_ok || (j->stopped && j->why == NULL))
		return 0;
	if (j->why != NULL)
		fail(j, "%s", j->why);
	else
		fail_as_yajl(j, NULL, 0);
	return -1;
}

const char *
jsonin_error(const struct jsonin *j)
{
	return j->failed ? j->error : NULL;
}

bool
jsonin_stopped(const struct jsonin *j)
{
	return j->stopped;
}

void
jsonin_free(struct jsonin *j)
{
	if (j == NULL)
		return;
	yajl_free(j->yajl);
	for (int i = 0; i < 2; i++) {
		free(j->draft[i].message.p);
		free(j->draft[i].stream.p);
	}
	free(j->payload.group.p);
	free(j->payload.stream.p);
	free(j->scratch.p);
	free(j->held.p);
	free(j->inflated);
	free(j);
}

bool
jsonin_sniff(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i < n && (p[i] == '{' || p[i] == '[');
}
