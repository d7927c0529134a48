/*
 * Unit tests of jsonin.c: every shape it reads (from the real CLI samples
 * in tests/data), escapes, chunk boundaries, the message limit, big and
 * endless documents, errors, and stopping.  Run from the top of the tree
 * (make check does); the data directory may be given as an argument.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#include "flowgrep.h"

#define CAP JSONIN_MAX_MESSAGE

static int passed, failed;
static const char *datadir = "tests/data";

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

static bool
check(bool ok, const char *what, const char *file, int line)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
	return ok;
}

/* --- what a run delivered ------------------------------------------------ */

struct ev {
	char *message, *stream, *group;   /* copies; NULL for absent */
	size_t nmessage;
	int64_t ts;
	bool has_ts, too_long;
	unsigned long long index, line;
};

struct run {
	struct ev *ev;
	size_t n, cap;
	int feed_rc, end_rc;
	char *error;          /* a copy of jsonin_error, or NULL */
	bool stopped;
	size_t stop_after;    /* the callback says stop after this many */
	bool keep;            /* keep copies (not for the million) */
	unsigned long long last_index;
	bool index_ok;        /* 1, 2, 3, ... */
	bool slices_ok;       /* message.p never NULL, too_long => empty */
};

static char *
copy_slice(struct slice s)
{
	char *c;

	if (s.p == NULL)
		return NULL;
	c = xmalloc(s.n + 1);
	memcpy(c, s.p, s.n);
	c[s.n] = '\0';
	return c;
}

static bool
collect(void *ctx, const struct json_event *e)
{
	struct run *r = ctx;
	struct ev *v;

	r->index_ok &= e->index == r->last_index + 1;
	r->last_index = e->index;
	r->slices_ok &= e->message.p != NULL && e->message.n <= CAP &&
	    (!e->too_long || e->message.n == 0);
	if (r->keep) {
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 32;
			r->ev = xreallocarray(r->ev, r->cap, sizeof *r->ev);
		}
		v = &r->ev[r->n];
		v->message = copy_slice(e->message);
		v->nmessage = e->message.n;
		v->stream = copy_slice(e->stream);
		v->group = copy_slice(e->group);
		v->ts = e->timestamp_ms;
		v->has_ts = e->has_timestamp;
		v->too_long = e->too_long;
		v->index = e->index;
		v->line = e->line;
	}
	r->n++;
	return r->stop_after == 0 || r->n < r->stop_after;
}

static void
run_free(struct run *r)
{
	for (size_t i = 0; i < r->n && r->keep; i++) {
		free(r->ev[i].message);
		free(r->ev[i].stream);
		free(r->ev[i].group);
	}
	free(r->ev);
	free(r->error);
	memset(r, 0, sizeof *r);
}

/*
 * Feed doc in pieces: at the offsets of cuts[] (ncuts of them), then
 * in chunks of `chunk` bytes (0: the rest at once).  Each piece is a
 * copy of exactly its size, so a read past it is caught by ASan.
 */
static void
run_cut(struct run *r, const char *doc, size_t n, const size_t *cuts,
    size_t ncuts, size_t chunk, size_t stop_after)
{
	struct jsonin *j;
	size_t at = 0, k = 0;

	memset(r, 0, sizeof *r);
	r->keep = true;
	r->index_ok = r->slices_ok = true;
	r->stop_after = stop_after;
	j = jsonin_new(collect, r);
	while (at < n && r->feed_rc == 0) {
		size_t end = k < ncuts ? cuts[k++] : chunk ? at + chunk : n;
		char *piece;

		if (end > n)
			end = n;
		if (end < at)
			end = at;
		piece = xmalloc(end - at);
		memcpy(piece, doc + at, end - at);
		r->feed_rc = jsonin_feed(j, piece, end - at);
		free(piece);
		at = end;
	}
	r->end_rc = r->feed_rc == 0 ? jsonin_end(j) : -1;
	if (jsonin_error(j) != NULL)
		r->error = xstrndup(jsonin_error(j), strlen(jsonin_error(j)));
	r->stopped = jsonin_stopped(j);
	jsonin_free(j);
}

static void
run_doc(struct run *r, const char *doc, size_t n, size_t chunk)
{
	run_cut(r, doc, n, NULL, 0, chunk, 0);
}

static void
run_str(struct run *r, const char *doc)
{
	run_doc(r, doc, strlen(doc), 0);
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
same_event(const struct ev *a, const struct ev *b)
{
	return a->nmessage == b->nmessage &&
	    memcmp(a->message, b->message, a->nmessage) == 0 &&
	    same_str(a->stream, b->stream) && same_str(a->group, b->group) &&
	    a->ts == b->ts && a->has_ts == b->has_ts &&
	    a->too_long == b->too_long && a->index == b->index &&
	    a->line == b->line;
}

/* Two runs delivered the same and ended the same. */
static bool
same_run(const struct run *a, const struct run *b)
{
	if (a->n != b->n || a->end_rc != b->end_rc ||
	    a->stopped != b->stopped || !same_str(a->error, b->error))
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!same_event(&a->ev[i], &b->ev[i]))
			return false;
	return true;
}

/* --- files --------------------------------------------------------------- */

static char *
slurp(const char *name, size_t *n)
{
	char path[512];
	FILE *f;
	char *p = NULL;
	size_t cap = 0, got;

	snprintf(path, sizeof path, "%s/%s", datadir, name);
	if ((f = fopen(path, "rb")) == NULL) {
		printf("FAIL cannot open %s\n", path);
		failed++;
		*n = 0;
		return xmalloc(1);
	}
	*n = 0;
	do {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8192;
			p = xreallocarray(p, cap, 1);
		}
		got = fread(p + *n, 1, cap - *n, f);
		*n += got;
	} while (got > 0);
	fclose(f);
	return p;
}

/* The EVENTS lines of a --output text sample, as the events to expect. */
struct textev {
	char *message, *stream;
	int64_t ts;
};

static size_t
split_tabs(char *line, char **col, size_t max)
{
	size_t k = 0;

	col[k++] = line;
	for (char *p = line; *p != '\0' && k < max; p++)
		if (*p == '\t') {
			*p = '\0';
			col[k++] = p + 1;
		}
	return k;
}

static size_t
text_events(const char *name, struct textev *out, size_t max)
{
	size_t n, k = 0;
	char *text = slurp(name, &n), *line, *save = NULL;
	char *col[8];

	text = xreallocarray(text, n + 1, 1);
	text[n] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL && k < max;
	    line = strtok_r(NULL, "\n", &save)) {
		size_t nc = split_tabs(line, col, 8);

		if (strcmp(col[0], "EVENTS") != 0 || (nc != 6 && nc != 4))
			continue;
		out[k].message = xstrndup(col[nc - 2], strlen(col[nc - 2]));
		out[k].stream = nc == 6 ? xstrndup(col[3], strlen(col[3])) :
		    NULL;
		out[k].ts = strtoll(col[nc - 1], NULL, 10);
		k++;
	}
	free(text);
	return k;
}

static void
text_events_free(struct textev *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].message);
		free(t[i].stream);
	}
}

/* The events of r are those of the text sample, the stream aside. */
static bool
matches_text(const struct run *r, const struct textev *t, size_t nt,
    bool with_stream)
{
	if (r->n != nt)
		return false;
	for (size_t i = 0; i < nt; i++) {
		const struct ev *e = &r->ev[i];

		if (strcmp(e->message, t[i].message) != 0 || !e->has_ts ||
		    e->ts != t[i].ts || e->too_long || e->index != i + 1)
			return false;
		if (with_stream && !same_str(e->stream, t[i].stream))
			return false;
	}
	return true;
}

/* --- every split of a document gives the same run ------------------------ */

/* Split at every offset (two pieces), and in 1-byte chunks. */
static bool
chunk_invariant(const char *doc, size_t n)
{
	struct run whole, part;
	bool ok = true;

	run_doc(&whole, doc, n, 0);
	for (size_t cut = 0; cut <= n && ok; cut++) {
		run_cut(&part, doc, n, &cut, 1, 0, 0);
		ok = same_run(&whole, &part);
		if (!ok)
			printf("  split at %zu differs\n", cut);
		run_free(&part);
	}
	run_doc(&part, doc, n, 1);
	ok = ok && same_run(&whole, &part);
	run_free(&part);
	run_free(&whole);
	return ok;
}

static bool
chunk_invariant_str(const char *doc)
{
	return chunk_invariant(doc, strlen(doc));
}

/* --- the shapes, from the real samples ----------------------------------- */

static void
test_cli_responses(void)
{
	struct textev t[64];
	struct run r;
	size_t nt, n;
	char *doc;

	nt = text_events("filter-log-events.txt", t, 64);
	CHECK(nt == 20);
	doc = slurp("filter-log-events.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && r.error == NULL && r.index_ok && r.slices_ok);
	CHECK(matches_text(&r, t, nt, true));
	CHECK(r.n > 0 && r.ev[0].group == NULL && r.ev[0].line == 6);
	CHECK(chunk_invariant(doc, n));
	run_free(&r);
	free(doc);

	/* --query events: the same events in a top-level array */
	doc = slurp("filter-log-events-query-events.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_text(&r, t, nt, true));
	run_free(&r);
	free(doc);

	/* jq -c '.events[]': one event a line */
	doc = slurp("events-lines.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_text(&r, t, nt, true));
	CHECK(r.n == 20 && r.ev[19].line == 20);
	run_free(&r);
	free(doc);
	text_events_free(t, nt);

	/* get-log-events: no stream name in the events */
	nt = text_events("get-log-events.txt", t, 64);
	CHECK(nt == 10);
	doc = slurp("get-log-events.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_text(&r, t, nt, true));
	CHECK(r.n > 0 && r.ev[0].stream == NULL && r.ev[0].group == NULL);
	CHECK(chunk_invariant(doc, n));
	run_free(&r);
	free(doc);
	text_events_free(t, nt);

	nt = text_events("get-log-events-v5.txt", t, 64);
	CHECK(nt == 5);
	doc = slurp("get-log-events-v5.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_text(&r, t, nt, true));
	run_free(&r);
	free(doc);
	text_events_free(t, nt);
}

/* --query 'events[].message' --output json: an array of strings. */
static void
test_query_messages(void)
{
	struct run r;
	size_t n, nt, i = 0;
	char *doc = slurp("filter-log-events-messages.json", &n);
	char *text = slurp("filter-log-events-messages.txt", &nt);
	char *save = NULL, *m;

	text = xreallocarray(text, nt + 1, 1);
	text[nt] = '\0';
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && r.n == 20 && r.index_ok);
	/* the text output joins the same messages with tabs */
	for (m = strtok_r(text, "\t\n", &save); m != NULL && i < r.n;
	    m = strtok_r(NULL, "\t\n", &save), i++)
		if (!CHECK(strcmp(r.ev[i].message, m) == 0))
			break;
	CHECK(i == 20);
	CHECK(r.n == 20 && !r.ev[0].has_ts && r.ev[0].stream == NULL &&
	    r.ev[0].line == 2 && r.ev[19].line == 21);
	CHECK(chunk_invariant(doc, n));
	run_free(&r);
	free(text);
	free(doc);
}

/* The 20 events of filter-log-events, by way of a subscription. */
static bool
matches_payloads(const struct run *r, const struct textev *t, size_t nt,
    size_t first, size_t count)
{
	if (r->n != count || first + count > nt)
		return false;
	for (size_t i = 0; i < count; i++) {
		const struct ev *e = &r->ev[i];

		if (strcmp(e->message, t[first + i].message) != 0 ||
		    !same_str(e->stream, t[first + i].stream) ||
		    !same_str(e->group, "platforms-development-vpc-flow-logs") ||
		    !e->has_ts || e->ts != t[first + i].ts ||
		    e->index != i + 1)
			return false;
	}
	return true;
}

static void
test_subscriptions(void)
{
	struct textev t[64];
	struct run r;
	size_t nt, n;
	char *doc;

	nt = text_events("filter-log-events.txt", t, 64);
	/* Firehose to S3: DATA, CONTROL, DATA end to end, nothing between */
	doc = slurp("subscription-firehose.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_payloads(&r, t, nt, 0, 20));
	CHECK(chunk_invariant(doc, n));
	run_free(&r);
	free(doc);

	doc = slurp("subscription-lines.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_payloads(&r, t, nt, 0, 20));
	CHECK(r.n == 20 && r.ev[0].line == 1 && r.ev[19].line == 3);
	run_free(&r);
	free(doc);

	/* Lambda: base64 of the gzip of the first payload */
	doc = slurp("lambda-awslogs.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_payloads(&r, t, nt, 0, 10));
	CHECK(r.n == 10 && r.ev[9].line == 3);
	CHECK(chunk_invariant(doc, n));
	run_free(&r);
	free(doc);

	/* aws kinesis get-records: one payload a record, CONTROL between */
	doc = slurp("kinesis-get-records.json", &n);
	run_doc(&r, doc, n, 0);
	CHECK(r.end_rc == 0 && matches_payloads(&r, t, nt, 0, 20));
	CHECK(r.n == 20 && r.ev[0].line == 6 && r.ev[19].line == 18);
	run_free(&r);
	run_doc(&r, doc, n, 100);
	CHECK(r.end_rc == 0 && matches_payloads(&r, t, nt, 0, 20));
	run_free(&r);
	free(doc);
	text_events_free(t, nt);
}

/* Payload keys out of the usual order: what the header comment says. */
static void
test_payload_order(void)
{
	struct run r;

	/* group and stream after logEvents: too late for its events */
	run_str(&r, "{\"logEvents\":[{\"message\":\"a\"}],\"logGroup\":\"g\","
	    "\"logStream\":\"s\"}");
	CHECK(r.n == 1 && r.ev[0].group == NULL && r.ev[0].stream == NULL);
	run_free(&r);
	/* CONTROL_MESSAGE after them: they were delivered */
	run_str(&r, "{\"logEvents\":[{\"message\":\"a\"}],"
	    "\"messageType\":\"CONTROL_MESSAGE\"}");
	CHECK(r.n == 1);
	run_free(&r);
	/* before: skipped, and only for that payload */
	run_str(&r, "{\"messageType\":\"CONTROL_MESSAGE\",\"logEvents\":"
	    "[{\"message\":\"a\"}]} {\"messageType\":\"DATA_MESSAGE\","
	    "\"logEvents\":[{\"message\":\"b\"}]}");
	CHECK(r.n == 1 && strcmp(r.ev[0].message, "b") == 0 &&
	    r.ev[0].index == 1);
	run_free(&r);
	/* an event's own logStreamName wins over its payload's stream */
	run_str(&r, "{\"logStream\":\"p\",\"logGroup\":\"g\",\"events\":[{"
	    "\"message\":\"a\",\"logStreamName\":\"own\"},{\"message\":\"b\"}]}");
	CHECK(r.n == 2 && same_str(r.ev[0].stream, "own") &&
	    same_str(r.ev[1].stream, "p") && same_str(r.ev[1].group, "g"));
	run_free(&r);
	/* key order inside an event is free; the last of a key wins */
	run_str(&r, "{\"events\":[{\"message\":\"m\",\"x\":{\"message\":\"no\"},"
	    "\"timestamp\":5,\"logStreamName\":\"s\"},{\"timestamp\":7,"
	    "\"message\":\"one\",\"message\":\"two\"}]}");
	CHECK(r.n == 2 && strcmp(r.ev[0].message, "m") == 0 &&
	    r.ev[0].has_ts && r.ev[0].ts == 5 && same_str(r.ev[0].stream, "s"));
	CHECK(r.n == 2 && strcmp(r.ev[1].message, "two") == 0 &&
	    r.ev[1].ts == 7 && r.ev[1].stream == NULL);
	run_free(&r);
}

/* Shapes that hold no events, and values of the wrong type. */
static void
test_other_shapes(void)
{
	static const char *const none[] = {
		"{}", "[]", "5", "true", "null", "{\"foo\":[{\"message\":\"x\"}]}",
		"{\"events\":\"x\"}", "{\"events\":[1,\"s\",null,[\"m\"],true]}",
		"{\"events\":[{\"message\":5},{\"message\":null},"
		    "{\"message\":[\"m\"]}]}",
		"{\"message\":{\"message\":\"x\"}}", "[[\"m\"],[{\"message\":"
		    "\"x\"}]]", "{\"a\":{\"events\":[{\"message\":\"x\"}]}}",
		"{\"awslogs\":[{\"data\":\"e30=\"}]}", "{\"Records\":{\"Data\":"
		    "\"e30=\"}}", "{\"events\":[{\"logEvents\":[{\"message\":"
		    "\"x\"}]}]}", "  \n\t ", "",
	};
	struct run r;

	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		run_str(&r, none[i]);
		if (!CHECK(r.n == 0 && r.end_rc == 0 && r.error == NULL))
			printf("  for %s\n", none[i]);
		run_free(&r);
	}
	/* a string alone at the top is a message, as in a top-level array */
	run_str(&r, "\"lone\" [\"a\",5,\"b\"]");
	CHECK(r.n == 3 && strcmp(r.ev[0].message, "lone") == 0 &&
	    strcmp(r.ev[2].message, "b") == 0 && r.ev[2].index == 3);
	run_free(&r);
	/* timestamps: integers only */
	run_str(&r, "[{\"message\":\"a\",\"timestamp\":-1700000000000},"
	    "{\"message\":\"b\",\"timestamp\":1.5},{\"message\":\"c\","
	    "\"timestamp\":\"17\"},{\"message\":\"d\",\"timestamp\":1e3},"
	    "{\"message\":\"e\",\"timestamp\":9223372036854775807},"
	    "{\"message\":\"f\",\"timestamp\":9223372036854775808},"
	    "{\"message\":\"g\",\"timestamp\":-9223372036854775808}]");
	CHECK(r.n == 7);
	if (r.n == 7) {
		CHECK(r.ev[0].has_ts && r.ev[0].ts == -1700000000000LL);
		CHECK(!r.ev[1].has_ts && !r.ev[2].has_ts && !r.ev[3].has_ts);
		CHECK(r.ev[4].has_ts && r.ev[4].ts == INT64_MAX);
		CHECK(!r.ev[5].has_ts);
		CHECK(r.ev[6].has_ts && r.ev[6].ts == INT64_MIN);
	}
	run_free(&r);
}

/* --- escapes ------------------------------------------------------------- */

/* The one message of ["..."], decoded. */
static bool
decodes_to(const char *json_string, const char *want, size_t nwant)
{
	struct run r;
	char doc[512];
	bool ok;

	snprintf(doc, sizeof doc, "[\"%s\"]", json_string);
	run_str(&r, doc);
	ok = r.n == 1 && r.error == NULL && r.ev[0].nmessage == nwant &&
	    memcmp(r.ev[0].message, want, nwant) == 0;
	if (!ok)
		printf("  %s decodes wrongly\n", json_string);
	run_free(&r);
	return ok && chunk_invariant_str(doc);
}

#define DECODES(in, out) CHECK(decodes_to(in, out, sizeof out - 1))

static void
test_escapes(void)
{
	struct run r;

	DECODES("plain", "plain");
	DECODES("", "");
	DECODES("a\\\"b\\\\c\\/d", "a\"b\\c/d");
	DECODES("\\b\\f\\n\\r\\t", "\b\f\n\r\t");
	DECODES("\\u0041\\u00e9\\u20AC", "A\xc3\xa9\xe2\x82\xac");
	DECODES("\\u0000x", "\0x");
	DECODES("\\ud83d\\ude00", "\xf0\x9f\x98\x80");
	DECODES("\\uD83D\\uDE00!", "\xf0\x9f\x98\x80!");
	DECODES("\\udbff\\udfff", "\xf4\x8f\xbf\xbf");
	/* bad surrogates become U+FFFD, the rest kept */
	DECODES("\\ud800x", "\xef\xbf\xbdx");
	DECODES("\\ud800\\u0041", "\xef\xbf\xbd" "A");
	DECODES("a\\udc00b", "a\xef\xbf\xbd" "b");
	DECODES("\\ud800", "\xef\xbf\xbd");
	DECODES("\\ud800\\ud800\\udc00", "\xef\xbf\xbd\xf0\x90\x80\x80");
	DECODES("\\udc00\\ud800", "\xef\xbf\xbd\xef\xbf\xbd");
	DECODES("\\ud800\\n", "\xef\xbf\xbd\n");
	DECODES("\\ud800\\udbff\\udfff", "\xef\xbf\xbd\xf4\x8f\xbf\xbf");
	/* bytes that are not UTF-8 pass, as on text input */
	DECODES("\xff\xfe\xc3", "\xff\xfe\xc3");
	DECODES("caf\xc3\xa9", "caf\xc3\xa9");
	/* escapes in keys too */
	run_str(&r, "{\"ev\\u0065nts\":[{\"m\\u0065ssage\":\"x\"}]}");
	CHECK(r.n == 1 && strcmp(r.ev[0].message, "x") == 0);
	run_free(&r);
	/* bad escapes are errors, with where */
	run_str(&r, "[\"ok\",\n\"a\\qb\"]");
	CHECK(r.n == 1 && r.end_rc == -1 && r.error != NULL &&
	    strncmp(r.error, "line 2, column 4: ", 18) == 0);
	run_free(&r);
	run_str(&r, "[\"\\u12x4\"]");
	CHECK(r.n == 0 && r.end_rc == -1 && r.error != NULL);
	run_free(&r);
	run_str(&r, "[\"a\tb\"]");   /* a raw tab in a string */
	CHECK(r.n == 0 && r.end_rc == -1 && r.error != NULL);
	run_free(&r);
	CHECK(chunk_invariant_str("[\"x\\ud800\\u0041y\\udc00\\ud83d\\ude00\","
	    "\"\\ud800\",\"\\ud8\", \"after\"]"));
}

/* --- sizes --------------------------------------------------------------- */

/* ["<prefix><fill x k><suffix>", "next"] */
static char *
long_message_doc(const char *prefix, size_t k, const char *suffix,
    size_t *n)
{
	size_t lp = strlen(prefix), ls = strlen(suffix);
	char *doc = xmalloc(k + lp + ls + 32);

	*n = 0;
	doc[(*n)++] = '[';
	doc[(*n)++] = '"';
	memcpy(doc + *n, prefix, lp);
	*n += lp;
	memset(doc + *n, 'x', k);
	*n += k;
	memcpy(doc + *n, suffix, ls);
	*n += ls;
	memcpy(doc + *n, "\",\"next\"]", 9);
	*n += 9;
	return doc;
}

/* The first message is `len` bytes long, or too long; "next" follows. */
static bool
long_message(const char *prefix, size_t k, const char *suffix, size_t len,
    bool too_long)
{
	size_t n, chunks[] = { 0, 65536, 4093 };
	char *doc = long_message_doc(prefix, k, suffix, &n);
	bool ok = true;

	for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
		struct run r;

		run_doc(&r, doc, n, chunks[c]);
		ok &= r.n == 2 && r.end_rc == 0 && r.slices_ok &&
		    r.ev[0].too_long == too_long &&
		    r.ev[0].nmessage == (too_long ? 0 : len) &&
		    strcmp(r.ev[1].message, "next") == 0 && !r.ev[1].too_long;
		run_free(&r);
	}
	free(doc);
	return ok;
}

static void
test_sizes(void)
{
	struct run r;
	size_t n;
	char *doc;

	CHECK(long_message("", CAP, "", CAP, false));
	CHECK(long_message("", CAP + 1, "", 0, true));
	CHECK(long_message("", CAP - 1, "\\n", CAP, false));
	CHECK(long_message("", CAP, "\\n", 0, true));
	CHECK(long_message("", CAP - 2, "\\u00e9", CAP, false));
	CHECK(long_message("", CAP - 1, "\\u00e9", 0, true));
	CHECK(long_message("", CAP - 4, "\\ud83d\\ude00", CAP, false));
	CHECK(long_message("", CAP - 3, "\\ud83d\\ude00", 0, true));
	CHECK(long_message("", CAP - 3, "\\udc00", CAP, false));
	CHECK(long_message("\\\"", CAP - 1, "", CAP, false));
	CHECK(long_message("", 3 * CAP + 5, "\\\"\\\\", 0, true));
	/* escapes take more bytes than they decode to: still the cap */
	{
		size_t k = CAP / 3, m;
		char *esc = xmalloc(6 * k + 1);

		for (m = 0; m < k; m++)
			memcpy(esc + 6 * m, "\\udc00", 6);
		esc[6 * m] = '\0';
		CHECK(long_message(esc, CAP - 3 * k, "", CAP, false));
		CHECK(long_message(esc, CAP - 3 * k + 1, "", 0, true));
		free(esc);
	}
	/* a stream name too long is no stream name; the event stays */
	doc = xmalloc(CAP + 64);
	n = (size_t)sprintf(doc, "{\"logStreamName\":\"");
	memset(doc + n, 's', CAP + 1);
	n += CAP + 1;
	n += (size_t)sprintf(doc + n, "\",\"message\":\"m\"}");
	run_doc(&r, doc, n, 65536);
	CHECK(r.n == 1 && r.end_rc == 0 && r.ev[0].stream == NULL &&
	    strcmp(r.ev[0].message, "m") == 0);
	run_free(&r);
	free(doc);
}

/* A document of `events` events, over 64 KiB and over 1 MiB. */
static void
test_big_documents(void)
{
	size_t sizes[] = { 1000, 12000 };

	for (size_t s = 0; s < 2; s++) {
		size_t cap = sizes[s] * 120 + 64, n = 0;
		char *doc = xmalloc(cap);
		struct run r;
		bool ok = true;

		n += (size_t)sprintf(doc + n, "{\n    \"events\": [\n");
		for (size_t i = 0; i < sizes[s]; i++)
			n += (size_t)sprintf(doc + n, "%s        {\"timestamp\": "
			    "%zu, \"message\": \"2 1 eni-1 10.0.0.1 10.0.0.2 1 %zu"
			    " 6 1 40 1 2 ACCEPT OK\"}", i ? ",\n" : "", i, i);
		n += (size_t)sprintf(doc + n, "\n    ]\n}\n");
		CHECK(n > (s == 0 ? 1u << 16 : 1u << 20));
		run_doc(&r, doc, n, 65536);
		CHECK(r.n == sizes[s] && r.end_rc == 0 && r.index_ok);
		for (size_t i = 0; i < r.n && ok; i += 97)
			ok = r.ev[i].ts == (int64_t)i && r.ev[i].line == i + 3 &&
			    r.ev[i].nmessage > 30;
		CHECK(ok);
		run_free(&r);
		free(doc);
	}
}

/* --- endless input: a million events, in bounded memory ------------------ */

/* The next piece of {"events":[ ...million events... ]}, into buf. */
static size_t
million_piece(char *buf, size_t cap, size_t *next, size_t total)
{
	size_t n = 0;

	if (*next == 0)
		n += (size_t)sprintf(buf, "{\n    \"events\": [\n");
	while (*next < total && cap - n > 400) {
		n += (size_t)sprintf(buf + n, "        {\n"
		    "            \"logStreamName\": \"eni-%07zu-all\",\n"
		    "            \"timestamp\": %zu,\n"
		    "            \"message\": \"2 111111111111 eni-%07zu 10.0.0.1 "
		    "10.0.0.2 443 %zu 6 7 311 1648219031 1648219031 ACCEPT OK\",\n"
		    "            \"eventId\": \"%zu\"\n        }%s\n",
		    *next % 10, 1795939320000 + *next, *next, *next % 65536,
		    *next, *next + 1 < total ? "," : "");
		++*next;
	}
	if (*next == total && cap - n > 64) {
		n += (size_t)sprintf(buf + n, "    ]\n}\n");
		++*next;
	}
	return n;
}

struct count {
	unsigned long long n;
	bool ok;
};

static bool
count_event(void *ctx, const struct json_event *e)
{
	struct count *c = ctx;

	c->n++;
	c->ok &= e->index == c->n && e->has_timestamp &&
	    e->timestamp_ms == (int64_t)(1795939320000 + c->n - 1) &&
	    e->stream.p != NULL && e->stream.n == 15 && e->message.n > 80;
	return true;
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/*
 * Run first, before other tests raise the high-water mark: after the
 * first MiB the peak may not grow by more than 4 MiB over ~300 MB.
 */
static void
test_million_events(void)
{
	const size_t total = 1000000;
	char *buf = xmalloc(1 << 16);
	struct count c = { 0, true };
	struct jsonin *j = jsonin_new(count_event, &c);
	size_t next = 0, n, bytes = 0;
	long before = 0;
	int rc = 0;

	while (rc == 0 && (n = million_piece(buf, 1 << 16, &next, total)) > 0) {
		rc = jsonin_feed(j, buf, n);
		bytes += n;
		if (before == 0 && bytes > (1 << 20))
			before = max_rss_kb();
	}
	CHECK(rc == 0 && jsonin_end(j) == 0);
	CHECK(c.n == total && c.ok);
	CHECK(bytes > 200u << 20);
	if (!CHECK(max_rss_kb() - before < 4096))
		printf("  peak memory grew by %ld KiB\n", max_rss_kb() - before);
	jsonin_free(j);
	free(buf);
}

/* --- documents end to end, errors, the end ------------------------------- */

static void
test_concatenated(void)
{
	struct run r;
	const char *doc = "{\"message\":\"a\"}{\"message\":\"b\"}\n"
	    "[\"c\"][\"d\"]\r\n{\"events\":[{\"message\":\"e\"}]}   "
	    "{\"message\":\"f\"}\n\n";

	run_str(&r, doc);
	CHECK(r.n == 6 && r.end_rc == 0 && r.index_ok);
	CHECK(r.n == 6 && strcmp(r.ev[5].message, "f") == 0 &&
	    r.ev[5].line == 3 && r.ev[1].line == 1);
	run_free(&r);
	CHECK(chunk_invariant_str(doc));
	/* a BOM at the start, whole or split */
	run_str(&r, "\xef\xbb\xbf[\"a\"]");
	CHECK(r.n == 1 && r.end_rc == 0);
	run_free(&r);
	CHECK(chunk_invariant_str("\xef\xbb\xbf {\"message\":\"a\"}"));
	run_str(&r, "\xef\xbb[\"a\"]");
	CHECK(r.n == 0 && r.end_rc == -1);
	run_free(&r);
	run_str(&r, "[\"a\"]\xef\xbb\xbf");   /* not at the start: an error */
	CHECK(r.n == 1 && r.end_rc == -1);
	run_free(&r);
}

/* The error of a run, or "" */
static const char *
error_of(struct run *r, const char *doc)
{
	run_free(r);
	run_str(r, doc);
	return r->error != NULL ? r->error : "";
}

static void
test_errors(void)
{
	struct run r;

	memset(&r, 0, sizeof r);
	CHECK(strcmp(error_of(&r, "{\"events\": ["),
	    "line 1, column 13: truncated JSON") == 0);
	CHECK(strcmp(error_of(&r, "{\"events\": [\n  {\"message\": \"a\"},\n"
	    "  {\"message\": \"b\"}"), "line 3, column 19: truncated JSON") == 0);
	CHECK(r.n == 2 && r.end_rc == -1 && r.feed_rc == 0);
	CHECK(strcmp(error_of(&r, "[\"abc"),
	    "line 1, column 6: truncated JSON") == 0);
	CHECK(strcmp(error_of(&r, "[\"a\\u00"),
	    "line 1, column 8: truncated JSON") == 0);
	CHECK(strcmp(error_of(&r, "[\"a\\ud800"),
	    "line 1, column 10: truncated JSON") == 0);
	CHECK(strcmp(error_of(&r, "[\"a\\"),
	    "line 1, column 5: truncated JSON") == 0);
	CHECK(strcmp(error_of(&r, "[1, 2,]"), "line 1, column 7: "
	    "unallowed token at this point in JSON text") == 0);
	CHECK(strcmp(error_of(&r, "{\n  \"events\": [\n    {\"message\" 1}"),
	    "line 3, column 16: object key and value must be separated by "
	    "a colon (':')") == 0);
	CHECK(strcmp(error_of(&r, "[\"a\"]\n[\"b\"] x"),
	    "line 2, column 7: invalid char in json text") == 0);
	CHECK(r.n == 2 && r.end_rc == -1);   /* a word at the end waits */
	CHECK(strcmp(error_of(&r, "{'a': 1}"),
	    "line 1, column 2: invalid char in json text") == 0);
	CHECK(strcmp(error_of(&r, "[tru]"),
	    "line 1, column 5: invalid string in json text") == 0);
	CHECK(strcmp(error_of(&r, "[-]"), "line 1, column 3: malformed "
	    "number, a digit is required after the minus sign") == 0);
	run_free(&r);
	/* feed after an error: -1 again, nothing more delivered */
	{
		struct jsonin *j;

		memset(&r, 0, sizeof r);
		r.keep = true;
		j = jsonin_new(collect, &r);
		CHECK(jsonin_feed(j, "[\"a\"] }", 7) == -1);
		CHECK(jsonin_feed(j, "[\"b\"]", 5) == -1 && r.n == 1);
		CHECK(jsonin_end(j) == -1 && jsonin_error(j) != NULL);
		jsonin_free(j);
		run_free(&r);
	}
}

static void
test_limits(void)
{
	struct run r;
	size_t n = 3000;
	char *doc = xmalloc(n + 8);

	/* nesting: 1000 levels are fine, 1001 are not */
	memset(doc, '[', 1000);
	memset(doc + 1000, ']', 1000);
	run_doc(&r, doc, 2000, 0);
	CHECK(r.end_rc == 0);
	run_free(&r);
	memset(doc, '[', 1001);
	run_doc(&r, doc, 1001, 0);
	CHECK(r.end_rc == -1 && r.error != NULL &&
	    strcmp(r.error, "line 1, column 1001: JSON nested deeper than "
	    "1000 levels") == 0);
	run_free(&r);
	/* numbers: 1024 bytes are fine, 1025 are not */
	doc[0] = '[';
	memset(doc + 1, '7', 1024);
	memcpy(doc + 1025, "]", 1);
	run_doc(&r, doc, 1026, 7);
	CHECK(r.end_rc == 0);
	run_free(&r);
	memset(doc + 1, '7', 1025);
	memcpy(doc + 1026, "]", 1);
	run_doc(&r, doc, 1027, 7);
	CHECK(r.end_rc == -1 && r.error != NULL && strcmp(r.error,
	    "line 1, column 1026: a number longer than 1024 bytes") == 0);
	run_free(&r);
	free(doc);
}

/* --- stopping ------------------------------------------------------------ */

static void
test_stop(void)
{
	struct run r, all;
	size_t n;
	char *doc = slurp("filter-log-events.json", &n);
	char *kin;

	run_cut(&r, doc, n, NULL, 0, 100, 3);
	CHECK(r.n == 3 && r.stopped && r.end_rc == 0 && r.error == NULL);
	run_free(&r);
	free(doc);
	/* inside the data of a record too */
	kin = slurp("kinesis-get-records.json", &n);
	run_cut(&r, kin, n, NULL, 0, 0, 12);
	run_doc(&all, kin, n, 0);
	CHECK(r.n == 12 && r.stopped && r.end_rc == 0 && r.error == NULL);
	CHECK(r.n == 12 && all.n == 20 && same_event(&r.ev[11], &all.ev[11]));
	run_free(&r);
	run_free(&all);
	free(kin);
	/* a stopped reader ignores what comes */
	{
		struct jsonin *j;

		memset(&r, 0, sizeof r);
		r.keep = true;
		r.stop_after = 1;
		j = jsonin_new(collect, &r);
		CHECK(jsonin_feed(j, "[\"a\",\"b\"", 8) == 0);
		CHECK(jsonin_stopped(j) && r.n == 1);
		CHECK(jsonin_feed(j, "garbage", 7) == 0 && r.n == 1);
		CHECK(jsonin_end(j) == 0 && jsonin_error(j) == NULL);
		jsonin_free(j);
		run_free(&r);
	}
}

/* --- the data of records ------------------------------------------------- */

static char *
base64(const unsigned char *p, size_t n)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = xmalloc(4 * (n / 3 + 1) + 1), *o = out;

	for (size_t i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16;

		v |= i + 1 < n ? (unsigned long)p[i + 1] << 8 : 0;
		v |= i + 2 < n ? p[i + 2] : 0;
		*o++ = abc[v >> 18 & 63];
		*o++ = abc[v >> 12 & 63];
		*o++ = i + 1 < n ? abc[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? abc[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

/* gzip of p, by zlib. */
static unsigned char *
gzip_of(const char *p, size_t n, size_t *out_n)
{
	z_stream zs;
	uLong cap = compressBound((uLong)n) + 32;
	unsigned char *out = xmalloc(cap);

	memset(&zs, 0, sizeof zs);
	deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	deflate(&zs, Z_FINISH);
	*out_n = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* {"awslogs":{"data":"<base64 of p, gzipped if gz>"}} */
static char *
envelope(const char *p, size_t n, bool gz, size_t drop)
{
	size_t zn;
	unsigned char *z = gz ? gzip_of(p, n, &zn) : NULL;
	char *b64 = gz ? base64(z, zn - drop) :
	    base64((const unsigned char *)p, n);
	size_t len = strlen(b64) + 64;
	char *doc = xmalloc(len);

	snprintf(doc, len, "{\"awslogs\":{\"data\":\"%s\"}}", b64);
	free(b64);
	free(z);
	return doc;
}

static void
test_record_data(void)
{
	const char *pl = "{\"logGroup\":\"g\",\"logStream\":\"s\",\"logEvents\":"
	    "[{\"message\":\"a\",\"timestamp\":1},{\"message\":\"b\"}]}";
	struct run r;
	char *doc;

	/* plain JSON in base64 is read too */
	doc = envelope(pl, strlen(pl), false, 0);
	run_str(&r, doc);
	CHECK(r.n == 2 && r.end_rc == 0 && same_str(r.ev[1].group, "g") &&
	    same_str(r.ev[1].stream, "s") && r.ev[1].index == 2);
	run_free(&r);
	free(doc);
	/* a truncated gzip member is an error */
	doc = envelope(pl, strlen(pl), true, 6);
	run_str(&r, doc);
	CHECK(r.end_rc == -1 && r.error != NULL &&
	    strstr(r.error, "in the base64 data: truncated gzip data") != NULL);
	run_free(&r);
	free(doc);
	/* bad JSON inside: its own line and column, after ours */
	doc = envelope("{\"logEvents\":[{\"message\":\"a\"},\n x]}", 35, true, 0);
	run_str(&r, doc);
	CHECK(r.n == 1 && r.end_rc == -1 && r.error != NULL &&
	    strstr(r.error, "line 1, column ") == r.error &&
	    strstr(r.error, ": in the base64 data: line 2, column 2: invalid "
	    "char in json text") != NULL);
	run_free(&r);
	free(doc);
	/* not base64, or base64 of something else: another producer's */
	run_str(&r, "{\"awslogs\":{\"data\":\"not base64!\"}} {\"Records\":[{"
	    "\"Data\":\"aGVsbG8=\"},{\"Data\":\"\"},{\"Data\":5}]}");
	CHECK(r.n == 0 && r.end_rc == 0);
	run_free(&r);
	/* data within data is not read */
	doc = envelope("{\"awslogs\":{\"data\":\"WyJ4Il0=\"}}", 31, false, 0);
	run_str(&r, doc);
	CHECK(r.n == 0 && r.end_rc == 0);
	run_free(&r);
	free(doc);
}

/* The Lambda events of Kinesis and Firehose, built whole. */
static void
test_lambda_records(void)
{
	const char *pl = "{\"logGroup\":\"g\",\"logStream\":\"s\",\"logEvents\":"
	    "[{\"message\":\"a\"}]}";
	size_t zn, len;
	unsigned char *z = gzip_of(pl, strlen(pl), &zn);
	char *b64 = base64(z, zn), *doc;
	struct run r;

	len = 2 * strlen(b64) + 160;
	doc = xmalloc(len);
	snprintf(doc, len, "{\"Records\":[{\"kinesis\":{\"data\":\"%s\"}}]}\n"
	    "{\"records\":[{\"recordId\":\"1\",\"data\":\"%s\"}]}", b64, b64);
	run_str(&r, doc);
	CHECK(r.n == 2 && r.end_rc == 0 && same_str(r.ev[0].group, "g") &&
	    r.ev[0].line == 1 && r.ev[1].line == 2 && r.ev[1].index == 2);
	run_free(&r);
	CHECK(chunk_invariant_str(doc));
	free(doc);
	free(b64);
	free(z);
}

/* Data over its limit is an error; up to it, it is read. */
static void
test_data_limit(void)
{
	size_t n = (8u << 20) + 64, k;
	char *doc = xmalloc(n);
	struct run r;

	k = (size_t)sprintf(doc, "{\"awslogs\":{\"data\":\"");
	memset(doc + k, 'A', 8u << 20);
	k += 8u << 20;
	k += (size_t)sprintf(doc + k, "\"}}");
	run_doc(&r, doc, k, 65536);
	CHECK(r.end_rc == 0 && r.n == 0);   /* base64 of zeros: not ours */
	run_free(&r);
	memmove(doc + 21, doc + 20, k - 20);
	k++;
	run_doc(&r, doc, k, 65536);
	CHECK(r.end_rc == -1 && r.error != NULL &&
	    strstr(r.error, "base64 data longer than 8388608 bytes") != NULL);
	run_free(&r);
	free(doc);
}

/* --- sniffing ------------------------------------------------------------ */

static bool
sniff(const char *s)
{
	return jsonin_sniff(s, strlen(s));
}

static void
test_sniff(void)
{
	CHECK(sniff("{"));
	CHECK(sniff("["));
	CHECK(sniff(" \t\r\n\n  {\"events\""));
	CHECK(sniff("\xef\xbb\xbf{"));
	CHECK(sniff("\xef\xbb\xbf \n["));
	CHECK(!sniff(""));
	CHECK(!sniff("   \n"));
	CHECK(!sniff("\xef\xbb\xbf"));
	CHECK(!sniff("\xef\xbb{"));
	CHECK(!sniff("2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100"));
	CHECK(!sniff("2026-11-29T08:02:00 2 111111111111"));
	CHECK(!sniff("EVENTS\t0\t1795940872644"));
	CHECK(!sniff("\"a string\""));
	CHECK(!sniff("\x1f\x8b\x08"));
	CHECK(!sniff(" x{"));
	CHECK(!jsonin_sniff("{", 0));
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		datadir = argv[1];
	test_million_events();
	test_cli_responses();
	test_query_messages();
	test_subscriptions();
	test_payload_order();
	test_other_shapes();
	test_escapes();
	test_sizes();
	test_big_documents();
	test_concatenated();
	test_errors();
	test_limits();
	test_stop();
	test_record_data();
	test_lambda_records();
	test_data_limit();
	test_sniff();
	printf("jsonin: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
