/*
 * output.c: rendering selected records as fields, a template, JSON, CSV,
 * TSV or a table, and the default line with the tested fields coloured.
 *
 * Whatever can be decided once is decided in output_new: the -o list or
 * the template becomes an array of items (literal text, or a field and
 * how to render it).  output_record then only walks the items and copies
 * slices, so a record costs no allocation and no printf.
 *
 * All output goes through one struct writer: a buffer flushed when full
 * and when flowgrep.c is about to wait for input.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "flowgrep.h"

/* --- the output buffer ------------------------------------------- */

void
writer_flush(struct writer *w)
{
	size_t off = 0;

	while (off < w->len && w->err == 0) {
		ssize_t k = write(w->fd, w->buf + off, w->len - off);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			w->err = errno;
			break;
		}
		off += (size_t)k;
	}
	w->len = 0;
}

void
writer_slow_put(struct writer *w, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		size_t room = sizeof w->buf - w->len;

		if (room == 0) {
			writer_flush(w);
			room = sizeof w->buf;
		}
		if (room > n)
			room = n;
		memcpy(w->buf + w->len, s, room);
		w->len += room;
		s += room;
		n -= room;
	}
}

static size_t utoa(char *buf, uint64_t v);

void
wr_uint(struct writer *w, uint64_t v)
{
	char tmp[24];

	wr_put(w, tmp, utoa(tmp, v));
}

/* How a value is turned into text. */
enum conv { C_RAW, C_NAME, C_ISO, C_LOCAL, C_EPOCH, C_HUMAN };

/* What a value turned out to be; VK_NUM text is a valid JSON number. */
enum vkind { VK_MISSING, VK_NUM, VK_STR };

enum itemkind { I_LIT, I_FIELD, I_ALL };

/* -o all, as resolve_field returns it */
#define FID_ALL (-2)

/* The last second of 9999: ISO years have four digits. */
#define MAX_SECS 253402300799LL
#define MAX_MS (MAX_SECS * 1000 + 999)

struct item {
	enum itemkind kind;
	int fid;
	enum ftype type;
	enum conv conv;
	bool optional;   /* @timestamp, @logStream: only when the record has it */
	bool left;       /* template: pad on the right */
	int pad;         /* template: display columns to pad to, 0 for none */
	size_t tw;       /* table: the column's width so far */
	bool right;      /* table: numbers align right */
	const char *text; /* literal text, or the field's name */
	size_t n;
	size_t at, len;  /* where the -o list or template names the field */
};

/* How to render the columns of one format, for -o all and --json. */
struct plancol {
	int fid;
	enum ftype type;
	enum conv conv;
	bool hl;          /* tested by the expression: coloured */
	const char *name;
	size_t namen;
};

struct plan {
	const struct format *fmt;
	unsigned long serial;
	int n;
	struct plancol col[MAXCOLS];
};

struct tzslot {
	int64_t slot;
	int off;
	bool valid;
};

/* A value of the table's row in hand, converted once. */
struct cell {
	struct slice s;
	size_t dw;       /* its display width */
	char buf[64];    /* where a conversion writes it */
};

struct output {
	struct outopts o;
	struct writer *w;
	struct item *items;   /* as compiled from -o or the template */
	int nitems;
	struct item *cols;    /* CSV, TSV, table: the columns once fixed */
	struct cell *cells;   /* table: the row in hand, a cell a column */
	int ncols;
	bool fixed;
	bool header_done;
	bool raw_fields;      /* -o of plain columns: put_fields_raw */
	char *lits;           /* the template with its escapes resolved */
	const char *missing_word;
	struct plan plan;
	bool names_ready;     /* proto[] and flags[] filled in */
	const char *proto[256];
	char flags[256][32];
	unsigned char flagsn[256];
	struct tzslot tz[64];
	bool warned[MAXFIELDS];
	/* CSV, TSV, table: columns taken from the first record */
	bool from_record, warned_dropped;
	const struct format *seen_fmt;
	unsigned long seen_serial;
};

static const char spaces[] = "                                ";

/* --- small helpers -------------------------------------------------- */

static void
set_err(struct expr_error *err, size_t column, size_t width,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->column = (int)column;
	err->width = width > 0 ? (int)width : 1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

static void
wr_spaces(struct writer *w, size_t n)
{
	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;

		wr_put(w, spaces, k);
		n -= k;
	}
}

/*
 * Room for n more bytes, so that the hot paths can write straight into
 * the buffer instead of calling wr_put per piece.  False when n would
 * not fit even in an empty buffer.
 */
static inline bool
wr_room(struct writer *w, size_t n)
{
	if (sizeof w->buf - w->len >= n)
		return true;
	writer_flush(w);
	return sizeof w->buf - w->len >= n;
}

/* Values are short: fixed-size moves beat a call to memcpy. */
static inline char *
copy_bytes(char *d, const char *s, size_t n)
{
	for (; n >= 8; n -= 8, d += 8, s += 8)
		memcpy(d, s, 8);
	if (n & 4) {
		memcpy(d, s, 4);
		d += 4;
		s += 4;
	}
	if (n & 2) {
		memcpy(d, s, 2);
		d += 2;
		s += 2;
	}
	if (n & 1)
		*d++ = *s;
	return d;
}

static size_t
utoa(char *buf, uint64_t v)
{
	char tmp[24];
	size_t k = 0, n;

	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (n = 0; n < k; n++)
		buf[n] = tmp[k - 1 - n];
	return k;
}

static char *
put2(char *p, unsigned v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static bool
is_int_type(enum ftype t)
{
	return t == T_INT || t == T_COUNT || t == T_PORT || t == T_PROTO ||
	    t == T_FLAGS || t == T_TPATH || t == T_TIME;
}

/* --- times ---------------------------------------------------------- */

/*
 * YYYY-MM-DDTHH:MM:SS[.mmm] then Z or the offset.  Returns 0 for a year
 * that does not have four digits, so the caller prints the value as is.
 */
static size_t
format_time(char *buf, int64_t ms, int off, bool zulu)
{
	int64_t secs = floor_div(ms, 1000), days, sod, y;
	unsigned frac = (unsigned)(ms - secs * 1000), mo, d, a;
	char *p = buf;

	secs += off;
	days = floor_div(secs, 86400);
	sod = secs - days * 86400;
	civil_from_days(days, &y, &mo, &d);
	if (y < 0 || y > 9999)
		return 0;
	p = put2(p, (unsigned)(y / 100));
	p = put2(p, (unsigned)(y % 100));
	*p++ = '-';
	p = put2(p, mo);
	*p++ = '-';
	p = put2(p, d);
	*p++ = 'T';
	p = put2(p, (unsigned)(sod / 3600));
	*p++ = ':';
	p = put2(p, (unsigned)(sod / 60 % 60));
	*p++ = ':';
	p = put2(p, (unsigned)(sod % 60));
	if (frac != 0) {
		*p++ = '.';
		*p++ = (char)('0' + frac / 100);
		p = put2(p, frac % 100);
	}
	if (zulu)
		*p++ = 'Z';
	else {
		*p++ = off < 0 ? '-' : '+';
		a = (unsigned)(off < 0 ? -off : off);
		p = put2(p, a / 3600);
		*p++ = ':';
		p = put2(p, a / 60 % 60);
	}
	return (size_t)(p - buf);
}

/* Seconds since the epoch, with .mmm when the milliseconds are not 0. */
static size_t
format_epoch(char *buf, int64_t ms)
{
	uint64_t a;
	size_t k = 0;

	if (ms < 0)
		buf[k++] = '-';
	a = ms < 0 ? (uint64_t)-ms : (uint64_t)ms;
	k += utoa(buf + k, a / 1000);
	if (a % 1000 != 0) {
		buf[k++] = '.';
		buf[k++] = (char)('0' + a % 1000 / 100);
		put2(buf + k, (unsigned)(a % 100));
		k += 2;
	}
	return k;
}

/*
 * The local UTC offset at secs.  Zones change offset on a quarter hour
 * of UTC, so one localtime_r per quarter hour met is enough; the small
 * cache keeps start, end and @timestamp of old records from thrashing.
 */
static bool
local_offset(struct output *out, int64_t secs, int *off)
{
	int64_t slot = floor_div(secs, 900), local;
	struct tzslot *z = &out->tz[(uint64_t)slot & 63];
	struct tm tm;
	time_t t;

	if (!z->valid || z->slot != slot) {
		t = (time_t)secs;
		if (localtime_r(&t, &tm) == NULL)
			return false;
		local = days_from_civil((int64_t)tm.tm_year + 1900,
		    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * 86400 +
		    tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
		z->off = (int)(local - secs);
		z->slot = slot;
		z->valid = true;
	}
	*off = z->off;
	return true;
}

/* --- counts ---------------------------------------------------------- */

/*
 * Three significant digits and a power of 1000: 999, 1.00k, 12.3M, 123G.
 * Rounding may carry into the next unit (999.5k is 1.00M).
 */
static size_t
format_human(char *buf, uint64_t v)
{
	static const char units[] = "kMGTPE";
	uint64_t p = 1, m, rem, t;
	unsigned lead = 0, digs[3], intd;
	size_t k = 0;

	if (v < 1000)
		return utoa(buf, v);
	for (t = v; t >= 10; t /= 10)
		lead++;
	for (unsigned i = 2; i < lead; i++)
		p *= 10;
	m = v / p;
	rem = v % p;
	if (rem >= p - rem)
		m++;
	if (m == 1000) {
		m = 100;
		lead++;
	}
	digs[0] = (unsigned)(m / 100);
	digs[1] = (unsigned)(m / 10 % 10);
	digs[2] = (unsigned)(m % 10);
	intd = lead % 3 + 1;
	for (unsigned i = 0; i < 3; i++) {
		if (i == intd)
			buf[k++] = '.';
		buf[k++] = (char)('0' + digs[i]);
	}
	buf[k++] = units[lead / 3 - 1];
	return k;
}

/* --- values --------------------------------------------------------- */

/* The text of fid, from column col or a tail prefix; false if missing. */
static bool
raw_value(const struct record *r, int fid, int col, struct slice *s)
{
	return col >= 0 ? rec_col_text(r, col, s) : rec_text(r, fid, s);
}

/* A number as JSON wants it: no leading zeros. */
static enum vkind
number(uint64_t v, struct slice *s, char *buf)
{
	if (s->n > 1 && s->p[0] == '0') {
		s->n = utoa(buf, v);
		s->p = buf;
	}
	return VK_NUM;
}

/*
 * Epoch seconds as format_epoch writes them, with .mmm when needed: how
 * a summary writes the times it derives from @timestamp, and the times
 * of its own columns (min-start ...).  A valid JSON number.
 */
static bool
epoch_text(const struct slice *s, int64_t *ms)
{
	size_t i = s->n > 0 && s->p[0] == '-' ? 1 : 0, dot;
	uint64_t secs, frac = 0;

	for (dot = i; dot < s->n && s->p[dot] != '.'; dot++)
		;
	if (!parse_uint(s->p + i, dot - i, &secs) || secs > MAX_SECS ||
	    (dot - i > 1 && s->p[i] == '0'))
		return false;
	if (dot < s->n && (s->n - dot != 4 ||
	    !parse_uint(s->p + dot + 1, 3, &frac)))
		return false;
	*ms = (int64_t)(secs * 1000 + frac);
	if (i == 1)
		*ms = -*ms;
	return true;
}

/* Times in epoch_text: @timestamp in no input's form, summary columns. */
static bool
summary_time(const struct record *r, int fid)
{
	return (fid == F_TIMESTAMP && !r->ts_is_ms) || !field_is_known(fid);
}

static bool time_ms(const struct record *r, int fid, const struct slice *s,
    int64_t *ms);

/*
 * For JSON: numbers of integer fields that parse, strings otherwise;
 * @timestamp as --time=epoch writes it.
 */
static enum vkind
typed_raw(const struct record *r, int fid, enum ftype type, struct slice *s,
    char *buf)
{
	uint64_t v;
	int64_t ms;

	if (fid == F_TIMESTAMP) {	/* one type, whatever the input wrote */
		if (!time_ms(r, fid, s, &ms))
			return VK_STR;
		s->n = format_epoch(buf, ms);
		s->p = buf;
		return VK_NUM;
	}
	if (type == T_TIME && summary_time(r, fid))
		return epoch_text(s, &ms) ? VK_NUM : VK_STR;
	if (!is_int_type(type))
		return VK_STR;
	if (!parse_uint(s->p, s->n, &v) || v > ftype_max(type))
		return VK_STR;
	return number(v, s, buf);
}

/* Rendered on first use: most runs never print a name. */
static void
name_tables(struct output *out)
{
	for (unsigned v = 0; v < 256; v++) {
		out->proto[v] = proto_name(v);
		out->flagsn[v] = (unsigned char)tcpflags_render(v,
		    out->flags[v]);
	}
	out->names_ready = true;
}

static enum vkind
named(struct output *out, enum ftype type, struct slice *s, char *buf)
{
	const char *name = NULL;
	uint64_t v;

	if (!parse_uint(s->p, s->n, &v) || v > 255)
		return VK_STR;
	if (!out->names_ready)
		name_tables(out);
	if (type == T_FLAGS) {
		s->p = out->flags[v];
		s->n = out->flagsn[v];
		return VK_STR;
	}
	name = type == T_PROTO ? out->proto[v] : tpath_name((unsigned)v);
	if (name == NULL)
		return number(v, s, buf);
	s->p = name;
	s->n = strlen(name);
	return VK_STR;
}

static bool
time_ms(const struct record *r, int fid, const struct slice *s, int64_t *ms)
{
	uint64_t v;

	if (fid == F_TIMESTAMP && !r->ts_is_ms &&
	    parse_iso_time(s->p, s->n, ms, NULL))
		return true;
	if (summary_time(r, fid))
		return epoch_text(s, ms);
	if (!parse_uint(s->p, s->n, &v))
		return false;
	if (fid == F_TIMESTAMP) {
		if (v > (uint64_t)MAX_MS)
			return false;
		*ms = (int64_t)v;
	} else {
		if (v > (uint64_t)MAX_SECS)
			return false;
		*ms = (int64_t)v * 1000;
	}
	return true;
}

static enum vkind
time_value(struct output *out, const struct record *r, int fid,
    enum conv conv, struct slice *s, char *buf)
{
	int64_t ms;
	size_t n;
	int off;

	if (!time_ms(r, fid, s, &ms))
		return VK_STR;
	if (conv == C_EPOCH) {
		s->n = format_epoch(buf, ms);
		s->p = buf;
		return VK_NUM;
	}
	if (conv == C_ISO)
		n = format_time(buf, ms, 0, true);
	else if (local_offset(out, floor_div(ms, 1000), &off))
		n = format_time(buf, ms, off, false);
	else
		n = 0;
	if (n > 0) {
		s->p = buf;
		s->n = n;
	}
	return VK_STR;
}

/* duration and @line: numbers that no column holds as text */
static enum vkind
computed_value(const struct record *r, int fid, enum conv conv,
    struct slice *s, char *buf)
{
	uint64_t v;

	if (rec_uint(r, fid, &v) != V_OK)
		return VK_MISSING;
	s->p = buf;
	if (conv == C_HUMAN) {
		s->n = format_human(buf, v);
		return VK_STR;
	}
	s->n = utoa(buf, v);
	return VK_NUM;
}

/*
 * The value of fid as text in *s (inside the record, a table, or buf,
 * which must hold 64 bytes).  col is the column to read, -1 for a pseudo
 * field.  typed asks for JSON typing of raw values.  A value that does
 * not convert is left as written.
 */
static enum vkind
field_value(struct output *out, const struct record *r, int fid, int col,
    enum ftype type, enum conv conv, bool typed, char *buf, struct slice *s)
{
	uint64_t v;

	if (col < 0 && (fid == F_DURATION || fid == F_LINE))
		return computed_value(r, fid, conv, s, buf);
	if (!raw_value(r, fid, col, s))
		return VK_MISSING;
	switch (conv) {
	case C_RAW:
		return typed ? typed_raw(r, fid, type, s, buf) : VK_STR;
	case C_NAME:
		return named(out, type, s, buf);
	case C_HUMAN:
		if (parse_uint(s->p, s->n, &v)) {
			s->n = format_human(buf, v);
			s->p = buf;
		}
		return VK_STR;
	default:
		return time_value(out, r, fid, conv, s, buf);
	}
}

static void
warn_missing(struct output *out, int fid)
{
	if (out->warned[fid])
		return;
	out->warned[fid] = true;
	if (!out->o.quiet)
		fprintf(stderr, "flowgrep: warning: some records have no "
		    "field '%s'; printed as %s\n", field_get(fid)->name,
		    out->missing_word);
}

/*
 * The value of a field item; a real field the format lacks is warned of.
 * A column the format has wins over a pseudo field of the same name (a
 * header may well have its own "duration").
 */
static enum vkind
item_value(struct output *out, const struct record *r, const struct item *it,
    bool typed, char *buf, struct slice *s)
{
	int col = r->fmt->col_of[it->fid];

	if (col < 0 && !FIELD_PSEUDO(it->fid)) {
		warn_missing(out, it->fid);
		return VK_MISSING;
	}
	return field_value(out, r, it->fid, col, it->type, it->conv, typed,
	    buf, s);
}

static enum conv
default_conv(const struct outopts *o, enum ftype type)
{
	if (type == T_TIME && o->time_set)
		return o->time == TIME_ISO ? C_ISO :
		    o->time == TIME_LOCAL ? C_LOCAL : C_EPOCH;
	if (o->names && (type == T_PROTO || type == T_FLAGS ||
	    type == T_TPATH))
		return C_NAME;
	return C_RAW;
}

/* The columns of a format, worked out again only when the format changes. */
static const struct plan *
plan_get(struct output *out, const struct format *fmt)
{
	struct plan *pl = &out->plan;

	if (pl->fmt == fmt && pl->serial == fmt->serial)
		return pl;
	pl->fmt = fmt;
	pl->serial = fmt->serial;
	pl->n = fmt->ncols;
	for (int c = 0; c < fmt->ncols; c++) {
		struct plancol *pc = &pl->col[c];
		const struct field_info *fi = field_get(fmt->field_at[c]);

		pc->fid = fmt->field_at[c];
		pc->type = fi->type;
		pc->conv = default_conv(&out->o, fi->type);
		pc->name = fi->name;
		pc->namen = strlen(fi->name);
		pc->hl = out->o.expr != NULL && expr_uses(out->o.expr, pc->fid);
	}
	return pl;
}

/* --- escaping ------------------------------------------------------- */

/* Bytes a JSON string may hold as they are. */
static bool json_plain[256];

/*
 * Eight bytes at a time: values are mostly plain ASCII, and testing a
 * word for the few bytes that need care halves the cost of a record.
 */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Nonzero if some byte of x is below n (n <= 128). */
static inline uint64_t
swar_below(uint64_t x, unsigned n)
{
	return (x - ONES * n) & ~x & HIGHS;
}

/* Nonzero if some byte of x is c. */
static inline uint64_t
swar_has(uint64_t x, unsigned char c)
{
	uint64_t y = x ^ (ONES * c);

	return (y - ONES) & ~y & HIGHS;
}

static inline bool
json_plain8(const char *p)
{
	uint64_t x = load_u64(p);

	return ((x & HIGHS) | swar_below(x, 0x20) | swar_has(x, '"') |
	    swar_has(x, '\\') | swar_has(x, 0x7f)) == 0;
}

static void
json_init(void)
{
	for (int c = 0x20; c < 0x7f; c++)
		json_plain[c] = c != '"' && c != '\\';
}

/*
 * Escape p into d, which has room for 6 * n bytes: at worst \u00XX or
 * \ufffd for each byte.
 */
static char *
json_escape(char *d, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	utf8proc_int32_t cp;
	utf8proc_ssize_t len;
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)p[i];

		if (i + 8 <= n && json_plain8(p + i)) {
			memcpy(d, p + i, 8);
			d += 8;
			i += 8;
			continue;
		}
		/*
		 * A plain tail shorter than a word: the last eight bytes
		 * again, over the ones just copied as they were.
		 */
		if (n >= 8 && i + 8 > n && json_plain8(p + n - 8)) {
			memcpy(d - (8 - (n - i)), p + n - 8, 8);
			d += n - i;
			break;
		}
		if (json_plain[c]) {
			*d++ = (char)c;
			i++;
			continue;
		}
		if (c >= 0x80) {
			len = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
			    (utf8proc_ssize_t)(n - i), &cp);
			if (len > 0) {
				d = copy_bytes(d, p + i, (size_t)len);
				i += (size_t)len;
			} else {	/* not UTF-8: never passed on */
				d = copy_bytes(d, "\\ufffd", 6);
				i++;
			}
			continue;
		}
		*d++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*d++ = (char)c;
			break;
		case '\n':
			*d++ = 'n';
			break;
		case '\t':
			*d++ = 't';
			break;
		case '\r':
			*d++ = 'r';
			break;
		default:
			d = copy_bytes(d, "u00", 3);
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
		i++;
	}
	return d;
}

static inline bool
is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/*
 * A value too long for the buffer, in pieces that do not cut a UTF-8
 * sequence (one has at most three continuation bytes).
 */
static void
json_string_long(struct writer *w, const char *p, size_t n)
{
	size_t k, cut;

	wr_char(w, '"');
	while (n > 0) {
		k = cut = n < 4096 ? n : 4096;
		/* cut before the lead byte, if a sequence spans the cut */
		for (int back = 0; k < n && back < 3 && is_cont(p[k]); back++)
			k--;
		if (k < cut && is_cont(p[k]))
			k = cut;
		wr_room(w, 6 * k);
		w->len = (size_t)(json_escape(w->buf + w->len, p, k) - w->buf);
		p += k;
		n -= k;
	}
	wr_char(w, '"');
}

static inline bool
csv_plain8(const char *p)
{
	uint64_t x = load_u64(p);

	return (swar_has(x, ',') | swar_has(x, '"') | swar_has(x, '\n') |
	    swar_has(x, '\r')) == 0;
}

/* RFC 4180: quote a field holding a comma, a quote, CR or LF. */
static void
csv_field(struct writer *w, const char *p, size_t n)
{
	size_t i = 0, run = 0;

	while (i + 8 <= n && csv_plain8(p + i))
		i += 8;
	if (i < n && i + 8 > n && n >= 8 && csv_plain8(p + n - 8))
		i = n;
	for (; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r')
			break;
	if (i == n) {
		if (wr_room(w, n))
			w->len = (size_t)(copy_bytes(w->buf + w->len, p, n) -
			    w->buf);
		else
			wr_put(w, p, n);
		return;
	}
	wr_char(w, '"');
	for (i = 0; i < n; i++)
		if (p[i] == '"') {
			wr_put(w, p + run, i + 1 - run);
			run = i;
		}
	wr_put(w, p + run, n - run);
	wr_char(w, '"');
}

static void
tsv_field(struct writer *w, const char *p, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *e;

		switch (p[i]) {
		case '\t':
			e = "\\t";
			break;
		case '\n':
			e = "\\n";
			break;
		case '\r':
			e = "\\r";
			break;
		case '\\':
			e = "\\\\";
			break;
		default:
			continue;
		}
		wr_put(w, p + run, i - run);
		wr_put(w, e, 2);
		run = i + 1;
	}
	wr_put(w, p + run, n - run);
}

/*
 * Display columns of text as put_visible shows it: controls and bytes
 * that are not UTF-8 take one column (as U+FFFD), wide characters two,
 * combining marks none.
 */
size_t
text_width(const char *p, size_t n)
{
	size_t i = 0, w = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t len;

	while (i < n) {
		if ((unsigned char)p[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		len = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0) {
			w++;
			i++;
			continue;
		}
		w += cp < 0xa0 ? 1 : (size_t)utf8proc_charwidth(cp);
		i += (size_t)len;
	}
	return w;
}

/* For the terminal: no control byte or broken UTF-8 gets through. */
static void
put_visible(struct writer *w, const char *p, size_t n)
{
	size_t i = 0, run = 0, skip;
	utf8proc_int32_t cp;
	utf8proc_ssize_t len;

	while (i < n) {
		unsigned char c = (unsigned char)p[i];

		skip = 1;
		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			len = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
			    (utf8proc_ssize_t)(n - i), &cp);
			if (len > 0 && cp >= 0xa0) {
				i += (size_t)len;
				continue;
			}
			if (len > 0)
				skip = (size_t)len;
		}
		wr_put(w, p + run, i - run);
		wr_put(w, "\xef\xbf\xbd", 3);
		i += skip;
		run = i;
	}
	wr_put(w, p + run, n - run);
}

/* --- compiling -o lists and templates ------------------------------- */

/* The field named at src + at; FID_ALL for "all"; -1 with err set. */
static int
resolve_field(const char *src, size_t at, size_t n, bool allow_all,
    struct expr_error *err)
{
	const char *p = src + at;
	char why[200];
	int fid;

	if (n == 0) {
		set_err(err, at, 1, "empty field name");
		return -1;
	}
	if (n == 3 && strncasecmp(p, "all", 3) == 0) {
		if (allow_all)
			return FID_ALL;
		set_err(err, at, n, "'all' is for -o; a template names each "
		    "field");
		return -1;
	}
	if ((fid = field_resolve(p, n, why, sizeof why)) < 0) {
		set_err(err, at, n, "%s", why);
		return -1;
	}
	if (FIELD_EITHER(fid)) {
		set_err(err, at, n, "'%.*s' stands for either %s or %s and "
		    "cannot be printed; name one of them", (int)n, p,
		    fid == F_ADDR ? "srcaddr" : "srcport",
		    fid == F_ADDR ? "dstaddr" : "dstport");
		return -1;
	}
	return fid;
}

static void
field_item(struct output *out, struct item *it, int fid)
{
	const struct field_info *fi = field_get(fid);

	memset(it, 0, sizeof *it);
	it->kind = I_FIELD;
	it->fid = fid;
	it->type = fi->type;
	it->conv = default_conv(&out->o, fi->type);
	it->text = fi->name;
	it->n = strlen(fi->name);
}

static int
compile_list(struct output *out, const char *list, struct expr_error *err)
{
	size_t n = strlen(list), at = 0, a, b;
	int fid;

	while (list_item(list, n, &at, &a, &b)) {
		if ((fid = resolve_field(list, a, b - a, true, err)) == -1)
			return -1;
		if (fid == FID_ALL) {
			memset(&out->items[out->nitems], 0, sizeof out->items[0]);
			out->items[out->nitems++].kind = I_ALL;
		} else {
			field_item(out, &out->items[out->nitems], fid);
			out->items[out->nitems].at = a;
			out->items[out->nitems++].len = b - a;
		}
	}
	return 0;
}

static const struct {
	const char *name;
	enum conv conv;
} modifiers[] = {
	{ "name", C_NAME }, { "iso", C_ISO }, { "local", C_LOCAL },
	{ "epoch", C_EPOCH }, { "human", C_HUMAN },
};

/* Whether a conversion makes sense for a type: say so now, not per line. */
static const char *
mod_misfit(enum conv conv, enum ftype type)
{
	switch (conv) {
	case C_NAME:
		return type == T_PROTO || type == T_FLAGS || type == T_TPATH ?
		    NULL : "protocol, tcp-flags and traffic-path";
	case C_HUMAN:
		return type == T_INT || type == T_COUNT ? NULL :
		    "counts (packets, bytes, duration ...)";
	default:
		return type == T_TIME ? NULL : "start, end and @timestamp";
	}
}

static int
apply_modifier(struct item *it, const char *t, size_t at, size_t n,
    bool *conv_set, struct expr_error *err)
{
	const char *p = t + at, *why;
	size_t i = p[0] == '-' ? 1 : 0;
	unsigned long v = 0;

	if (n > i && strspn(p + i, "0123456789") >= n - i) {
		for (; i < n && v <= 10000; i++)
			v = v * 10 + (unsigned long)(p[i] - '0');
		if (v == 0 || v > 1000) {
			set_err(err, at, n, "width '%.*s' out of range 1..1000",
			    (int)n, p);
			return -1;
		}
		if (it->pad != 0) {
			set_err(err, at, n, "more than one width");
			return -1;
		}
		it->pad = (int)v;
		it->left = p[0] == '-';
		return 0;
	}
	if (n == 0) {
		set_err(err, at, 1, "empty modifier");
		return -1;
	}
	for (size_t m = 0; m < sizeof modifiers / sizeof modifiers[0]; m++) {
		if (strlen(modifiers[m].name) != n ||
		    strncasecmp(p, modifiers[m].name, n) != 0)
			continue;
		if (*conv_set) {
			set_err(err, at, n, "modifier '%.*s' conflicts with "
			    "an earlier one", (int)n, p);
			return -1;
		}
		if ((why = mod_misfit(modifiers[m].conv, it->type)) != NULL) {
			set_err(err, at, n, "modifier '%.*s' applies only to "
			    "%s", (int)n, p, why);
			return -1;
		}
		it->conv = modifiers[m].conv;
		*conv_set = true;
		return 0;
	}
	set_err(err, at, n, "unknown modifier '%.*s' (known: name iso local "
	    "epoch human -N N)", (int)n, p);
	return -1;
}

/* {name[:mod]...}, t[*ip] being the '{'; *ip ends past the '}'. */
static int
compile_placeholder(struct output *out, const char *t, size_t n, size_t *ip,
    struct expr_error *err)
{
	size_t open = *ip, i = open + 1, ns = i, ms;
	struct item *it = &out->items[out->nitems];
	bool conv_set = false;
	const char *close;
	int fid;

	if (i + 1 < n && t[i] == '$' && t[i + 1] == '{') {
		if ((close = memchr(t + i, '}', n - i)) == NULL)
			goto unclosed;
		i = (size_t)(close - t) + 1;
	} else
		while (i < n && t[i] != ':' && t[i] != '}' && t[i] != '{')
			i++;
	if (i >= n || t[i] == '{')
		goto unclosed;
	if (t[i] != ':' && t[i] != '}') {
		set_err(err, i, 1, "expected ':' or '}' after the field name");
		return -1;
	}
	if ((fid = resolve_field(t, ns, i - ns, false, err)) < 0)
		return -1;
	field_item(out, it, fid);
	it->at = ns;
	it->len = i - ns;
	while (t[i] == ':') {
		ms = ++i;
		while (i < n && t[i] != ':' && t[i] != '}' && t[i] != '{')
			i++;
		if (i >= n || t[i] == '{')
			goto unclosed;
		if (apply_modifier(it, t, ms, i - ms, &conv_set, err) < 0)
			return -1;
	}
	out->nitems++;
	*ip = i + 1;
	return 0;
unclosed:
	set_err(err, open, 1, "unclosed '{' (write '{{' for a literal brace)");
	return -1;
}

static void
literal_item(struct output *out, const char *p, size_t n)
{
	struct item *it;

	if (n == 0)
		return;
	it = &out->items[out->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = I_LIT;
	it->text = p;
	it->n = n;
}

static int
compile_template(struct output *out, const char *t, struct expr_error *err)
{
	size_t n = strlen(t), i = 0, k = 0, lit = 0;

	out->lits = xmalloc(n + 1);
	while (i < n) {
		char c = t[i], next = i + 1 < n ? t[i + 1] : '\0';

		if ((c == '{' || c == '}') && next == c) {
			out->lits[k++] = c;
			i += 2;
		} else if (c == '}') {
			set_err(err, i, 1, "stray '}' (write '}}' for a literal "
			    "brace)");
			return -1;
		} else if (c == '{') {
			literal_item(out, out->lits + lit, k - lit);
			lit = k;
			if (compile_placeholder(out, t, n, &i, err) < 0)
				return -1;
		} else if (c == '\\' && (next == 't' || next == 'n' ||
		    next == '\\')) {
			out->lits[k++] = next == 't' ? '\t' :
			    next == 'n' ? '\n' : '\\';
			i += 2;
		} else
			out->lits[k++] = t[i++];
	}
	literal_item(out, out->lits + lit, k - lit);
	return 0;
}

/* --- table widths --------------------------------------------------- */

/* What a typical value needs, so that the first screenful lines up. */
static size_t
initial_width(int fid, enum ftype type, enum conv conv)
{
	switch (conv) {
	case C_ISO:
		return 20;
	case C_LOCAL:
		return 25;
	case C_EPOCH:
		return 10;
	default:
		break;
	}
	switch (fid) {
	case F_VERSION:
		return 1;
	case F_ACCOUNT_ID:
		return 12;
	case F_INTERFACE_ID:
	case F_VPC_ID:
		return 21;
	case F_SUBNET_ID:
		return 24;
	case F_INSTANCE_ID:
		return 19;
	case F_ACTION:
		return 6;
	case F_LOG_STATUS:
		return 8;
	case F_TYPE:
		return 4;
	case F_REGION:
		return 9;
	case F_AZ_ID:
		return 8;
	case F_FLOW_DIRECTION:
		return 7;
	case F_TIMESTAMP:
		return 24;
	case F_LOGSTREAM:
		return 25;
	case F_LINE:
		return 5;
	default:
		break;
	}
	switch (type) {
	case T_ADDR:
		return 15;
	case T_PORT:
		return 5;
	case T_PROTO:
		return conv == C_NAME ? 6 : 3;
	case T_FLAGS:
		return conv == C_NAME ? 7 : 3;
	case T_TPATH:
		return conv == C_NAME ? 9 : 1;
	case T_COUNT:
		return 8;
	case T_TIME:
		return 10;
	default:
		return 1;
	}
}

static void
table_column(struct item *it)
{
	size_t w = initial_width(it->fid, it->type, it->conv);

	it->tw = w > it->n ? w : it->n;
	it->right = (it->type == T_INT || it->type == T_COUNT ||
	    it->type == T_PORT || it->type == T_PROTO ||
	    it->type == T_FLAGS || it->type == T_TPATH) && it->conv != C_NAME;
}

/*
 * CSV, TSV and the table keep one set of columns: the -o list, with
 * "all" (or no list) standing for the columns of the first record.
 */
static bool
needs_record(const struct output *out)
{
	for (int i = 0; i < out->nitems; i++)
		if (out->items[i].kind == I_ALL || out->items[i].optional)
			return true;
	return false;
}

static bool
has_column(const struct output *out, int fid)
{
	for (int i = 0; i < out->ncols; i++)
		if (out->cols[i].fid == fid)
			return true;
	return false;
}

static void
fix_columns(struct output *out, const struct record *r)
{
	if (r != NULL && r->fmt != NULL) {
		out->from_record = needs_record(out);
		out->seen_fmt = r->fmt;
		out->seen_serial = r->fmt->serial;
	}
	for (int i = 0; i < out->nitems; i++) {
		const struct item *it = &out->items[i];

		if (it->kind == I_ALL) {
			for (int c = 0; c < r->fmt->ncols; c++)
				field_item(out, &out->cols[out->ncols++],
				    r->fmt->field_at[c]);
			continue;
		}
		if (it->optional && (r == NULL || r->fmt == NULL ||
		    (it->fid == F_TIMESTAMP ? r->ts.p : r->stream.p) == NULL))
			continue;
		out->cols[out->ncols] = *it;
		out->cols[out->ncols++].optional = false;
	}
	for (int i = 0; i < out->ncols; i++)
		table_column(&out->cols[i]);
	out->fixed = true;
}

static bool
all_raw(const struct output *out)
{
	for (int i = 0; i < out->nitems; i++)
		if (out->items[i].kind != I_FIELD ||
		    FIELD_PSEUDO(out->items[i].fid) ||
		    out->items[i].conv != C_RAW)
			return false;
	return out->nitems > 0;
}

/* --- the modes ------------------------------------------------------ */

/*
 * -o naming real columns without conversions, the usual case: copy the
 * slices straight into the buffer.
 */
static void
put_fields_raw(struct output *out, const struct record *r)
{
	struct writer *w = out->w;
	const short *col_of = r->fmt->col_of;
	char *d;
	int c;

	for (int i = 0; i < out->nitems; i++) {
		const struct item *it = &out->items[i];
		struct slice s = { "-", 1 };

		if ((c = col_of[it->fid]) >= 0 && c < r->nstored)
			s = rec_col(r, c);
		else if (c < 0)
			warn_missing(out, it->fid);
		if (!wr_room(w, s.n + 1)) {
			wr_put(w, s.p, s.n);
			wr_char(w, ' ');
			continue;
		}
		d = copy_bytes(w->buf + w->len, s.p, s.n);
		*d++ = ' ';
		w->len = (size_t)(d - w->buf);
	}
	/* the last separator becomes the end of the line */
	w->buf[w->len - 1] = '\n';
}

static void
put_fields(struct output *out, const struct record *r)
{
	struct writer *w = out->w;
	struct slice s;
	char buf[64];
	bool first = true;

	for (int i = 0; i < out->nitems; i++) {
		const struct item *it = &out->items[i];

		if (it->kind == I_ALL) {
			const struct plan *pl = plan_get(out, r->fmt);

			for (int c = 0; c < pl->n; c++) {
				const struct plancol *pc = &pl->col[c];

				if (!first)
					wr_char(w, ' ');
				first = false;
				if (field_value(out, r, pc->fid, c, pc->type,
				    pc->conv, false, buf, &s) == VK_MISSING)
					wr_char(w, '-');
				else
					wr_put(w, s.p, s.n);
			}
			continue;
		}
		if (!first)
			wr_char(w, ' ');
		first = false;
		if (item_value(out, r, it, false, buf, &s) == VK_MISSING)
			wr_char(w, '-');
		else
			wr_put(w, s.p, s.n);
	}
	wr_char(w, '\n');
}

static void
put_template(struct output *out, const struct record *r)
{
	struct writer *w = out->w;
	struct slice s;
	size_t dw;
	char buf[64];

	for (int i = 0; i < out->nitems; i++) {
		const struct item *it = &out->items[i];

		if (it->kind == I_LIT) {
			wr_put(w, it->text, it->n);
			continue;
		}
		if (item_value(out, r, it, false, buf, &s) == VK_MISSING) {
			s.p = "-";
			s.n = 1;
		}
		if (it->pad == 0) {
			wr_put(w, s.p, s.n);
			continue;
		}
		dw = text_width(s.p, s.n);
		if (!it->left && dw < (size_t)it->pad)
			wr_spaces(w, (size_t)it->pad - dw);
		wr_put(w, s.p, s.n);
		if (it->left && dw < (size_t)it->pad)
			wr_spaces(w, (size_t)it->pad - dw);
	}
	wr_char(w, '\n');
}

static void
json_pair(struct writer *w, const char *name, size_t n, enum vkind k,
    const struct slice *s, bool *first)
{
	size_t need = 6 * n + 4 + (k == VK_MISSING ? 4 : k == VK_NUM ? s->n :
	    6 * s->n + 2);
	char *d;

	/* names are escaped too: an expression may name ${a"b} */
	if (!wr_room(w, need)) {
		if (!*first)
			wr_char(w, ',');
		*first = false;
		json_string_long(w, name, n);
		wr_char(w, ':');
		if (k == VK_MISSING)
			wr_put(w, "null", 4);
		else if (k == VK_NUM)
			wr_put(w, s->p, s->n);
		else
			json_string_long(w, s->p, s->n);
		return;
	}
	d = w->buf + w->len;
	if (!*first)
		*d++ = ',';
	*first = false;
	*d++ = '"';
	d = json_escape(d, name, n);
	*d++ = '"';
	*d++ = ':';
	if (k == VK_MISSING)
		d = copy_bytes(d, "null", 4);
	else if (k == VK_NUM)
		d = copy_bytes(d, s->p, s->n);
	else {
		*d++ = '"';
		d = json_escape(d, s->p, s->n);
		*d++ = '"';
	}
	w->len = (size_t)(d - w->buf);
}

static void
put_json(struct output *out, const struct record *r)
{
	struct writer *w = out->w;
	struct slice s = { NULL, 0 };
	enum vkind k;
	char buf[64];
	bool first = true;

	wr_char(w, '{');
	for (int i = 0; i < out->nitems; i++) {
		const struct item *it = &out->items[i];

		if (it->kind == I_ALL) {
			const struct plan *pl = plan_get(out, r->fmt);

			for (int c = 0; c < pl->n; c++) {
				const struct plancol *pc = &pl->col[c];

				k = field_value(out, r, pc->fid, c, pc->type,
				    pc->conv, true, buf, &s);
				json_pair(w, pc->name, pc->namen, k, &s, &first);
			}
			continue;
		}
		k = item_value(out, r, it, true, buf, &s);
		if (k == VK_MISSING && it->optional &&
		    (it->fid == F_TIMESTAMP ? r->ts.p : r->stream.p) == NULL)
			continue;
		json_pair(w, it->text, it->n, k, &s, &first);
	}
	wr_put(w, "}\n", 2);
}

static void
put_header(struct output *out)
{
	struct writer *w = out->w;

	out->header_done = true;
	if (!out->o.header)
		return;
	for (int i = 0; i < out->ncols; i++) {
		const struct item *it = &out->cols[i];

		if (out->o.mode == OUT_CSV) {
			if (i > 0)
				wr_char(w, ',');
			csv_field(w, it->text, it->n);
		} else if (out->o.mode == OUT_TSV) {
			if (i > 0)
				wr_char(w, '\t');
			tsv_field(w, it->text, it->n);
		} else {
			/* the last column is never padded: no trailing blanks */
			if (i > 0)
				wr_put(w, "  ", 2);
			if (it->right)
				wr_spaces(w, it->tw - it->n);
			wr_put(w, it->text, it->n);
			if (!it->right && i + 1 < out->ncols)
				wr_spaces(w, it->tw - it->n);
		}
	}
	wr_char(w, '\n');
}

static void
put_separated(struct output *out, const struct record *r)
{
	struct writer *w = out->w;
	bool csv = out->o.mode == OUT_CSV;
	struct slice s;
	char buf[64];

	for (int i = 0; i < out->ncols; i++) {
		if (i > 0)
			wr_char(w, csv ? ',' : '\t');
		if (item_value(out, r, &out->cols[i], false, buf, &s) ==
		    VK_MISSING)
			continue;
		if (csv)
			csv_field(w, s.p, s.n);
		else
			tsv_field(w, s.p, s.n);
	}
	wr_char(w, '\n');
}

static void
table_value(struct output *out, const struct record *r, struct item *it,
    char *buf, struct slice *s, size_t *dw)
{
	if (item_value(out, r, it, false, buf, s) == VK_MISSING) {
		s->p = "-";
		s->n = 1;
	}
	*dw = text_width(s->p, s->n);
	if (*dw > it->tw)
		it->tw = *dw;
}

/*
 * r's values into the row's cells, widening the columns they do not
 * fit; whether all fitted.
 */
static bool
table_row(struct output *out, const struct record *r)
{
	bool fits = true;

	for (int i = 0; i < out->ncols; i++) {
		struct cell *c = &out->cells[i];
		size_t before = out->cols[i].tw;

		table_value(out, r, &out->cols[i], c->buf, &c->s, &c->dw);
		fits = fits && out->cols[i].tw == before;
	}
	return fits;
}

/*
 * The columns are the first record's: say once that a later record has
 * a field they leave out (another format, or a tail prefix the first
 * lacked), and how to ask for it.
 */
static void
warn_dropped(struct output *out, const struct record *r)
{
	int fid = -1;

	if (out->warned_dropped || !out->from_record)
		return;
	if (r->fmt != out->seen_fmt || r->fmt->serial != out->seen_serial) {
		out->seen_fmt = r->fmt;
		out->seen_serial = r->fmt->serial;
		for (int c = 0; c < r->fmt->ncols && fid < 0; c++)
			if (!has_column(out, r->fmt->field_at[c]))
				fid = r->fmt->field_at[c];
	}
	if (fid < 0 && r->ts.p != NULL && !has_column(out, F_TIMESTAMP))
		fid = F_TIMESTAMP;
	if (fid < 0 && r->stream.p != NULL && !has_column(out, F_LOGSTREAM))
		fid = F_LOGSTREAM;
	if (fid < 0)
		return;
	out->warned_dropped = true;
	if (!out->o.quiet)
		fprintf(stderr, "flowgrep: warning: the columns are the first "
		    "record's; later records have '%s' too, left out (name "
		    "the columns with -o)\n", field_get(fid)->name);
}

static const char *
action_color(const struct slice *s)
{
	if (s->n == 6 && memcmp(s->p, "ACCEPT", 6) == 0)
		return "\033[32m";
	if (s->n == 6 && memcmp(s->p, "REJECT", 6) == 0)
		return "\033[31m";
	return NULL;
}

/*
 * Padding is held back until the next column is written, so that no
 * line ends in blanks.
 */
static void
put_table(struct output *out)
{
	struct writer *w = out->w;
	size_t pending = 0;
	const char *color;

	for (int i = 0; i < out->ncols; i++) {
		const struct item *it = &out->cols[i];
		struct slice s = out->cells[i].s;
		size_t dw = out->cells[i].dw;

		if (i > 0)
			pending += 2;
		if (it->right)
			pending += it->tw - dw;
		wr_spaces(w, pending);
		color = out->o.color && it->fid == F_ACTION ?
		    action_color(&s) : NULL;
		if (color != NULL)
			wr_put(w, color, 5);
		put_visible(w, s.p, s.n);
		if (color != NULL)
			wr_put(w, "\033[0m", 4);
		pending = it->right ? 0 : it->tw - dw;
	}
	wr_char(w, '\n');
}

/* --- the interface -------------------------------------------------- */

static void
default_items(struct output *out)
{
	struct item *it = &out->items[out->nitems++];

	memset(it, 0, sizeof *it);
	it->kind = I_ALL;
	if (out->o.mode == OUT_FIELDS)
		return;
	field_item(out, &out->items[out->nitems], F_TIMESTAMP);
	out->items[out->nitems++].optional = true;
	field_item(out, &out->items[out->nitems], F_LOGSTREAM);
	out->items[out->nitems++].optional = true;
}

/* Room for the columns, each "all" standing for up to MAXCOLS of them. */
static void
alloc_columns(struct output *out)
{
	size_t cap = 0;

	for (int i = 0; i < out->nitems; i++)
		cap += out->items[i].kind == I_ALL ? MAXCOLS : 1;
	out->cols = xcalloc(cap, sizeof *out->cols);
	if (out->o.mode == OUT_TABLE)
		out->cells = xcalloc(cap, sizeof *out->cells);
}

/*
 * -H and -n in the modes of named values: @file and @line lead each row,
 * where grep would print its "file:line:" prefix.
 */
static void
origin_items(struct output *out)
{
	const int fid[2] = { F_LINE, F_FILE };	/* @file ends up first */
	const bool want[2] = { out->o.with_line, out->o.with_file };

	if (out->o.mode == OUT_FIELDS)	/* a prefix, as grep's */
		return;
	for (int k = 0; k < 2; k++) {
		bool named = false;

		for (int i = 0; i < out->nitems; i++)
			named = named || (out->items[i].kind == I_FIELD &&
			    out->items[i].fid == fid[k]);
		if (!want[k] || named)	/* -o named it: once is enough */
			continue;
		memmove(&out->items[1], &out->items[0],
		    (size_t)out->nitems * sizeof out->items[0]);
		field_item(out, &out->items[0], fid[k]);
		out->nitems++;
	}
}

static int
compile(struct output *out, struct expr_error *err)
{
	const struct outopts *o = &out->o;
	const char *src = o->mode == OUT_TEMPLATE ? o->tmpl : o->fields;
	size_t cap = 5;	/* @file, @line, @timestamp, @logStream, all */

	if (o->mode == OUT_TEMPLATE && src == NULL) {
		set_err(err, 0, 1, "empty template");
		return -1;
	}
	if (src != NULL)
		cap += strlen(src) + 1;
	out->items = xcalloc(cap, sizeof *out->items);
	if (o->mode == OUT_LINE)
		return 0;
	if (o->mode == OUT_TEMPLATE)
		return compile_template(out, src, err);
	if (src == NULL)
		default_items(out);
	else if (compile_list(out, src, err) < 0)
		return -1;
	origin_items(out);
	if (o->mode == OUT_CSV || o->mode == OUT_TSV || o->mode == OUT_TABLE)
		alloc_columns(out);
	return 0;
}

struct output *
output_new(const struct outopts *o, struct writer *w, struct expr_error *err)
{
	struct output *out;

	out = xcalloc(1, sizeof *out);
	out->o = *o;
	out->w = w;
	switch (o->mode) {
	case OUT_CSV:
	case OUT_TSV:
		out->missing_word = "empty";
		break;
	case OUT_JSON:
		out->missing_word = "null";
		break;
	default:
		out->missing_word = "'-'";
	}
	if (compile(out, err) < 0) {
		output_free(out);
		return NULL;
	}
	json_init();
	tzset();
	out->raw_fields = o->mode == OUT_FIELDS && all_raw(out);
	if ((o->mode == OUT_CSV || o->mode == OUT_TSV ||
	    o->mode == OUT_TABLE) && !needs_record(out))
		fix_columns(out, NULL);
	return out;
}

void
output_free(struct output *out)
{
	if (out == NULL)
		return;
	free(out->items);
	free(out->cols);
	free(out->cells);
	free(out->lits);
	free(out);
}

void
output_record(struct output *out, const struct record *r)
{
	switch (out->o.mode) {
	case OUT_LINE:	/* flowgrep.c prints lines itself */
		break;
	case OUT_FIELDS:
		if (out->raw_fields)
			put_fields_raw(out, r);
		else
			put_fields(out, r);
		return;
	case OUT_TEMPLATE:
		put_template(out, r);
		return;
	case OUT_JSON:
		put_json(out, r);
		return;
	default:
		break;
	}
	if (!out->fixed)
		fix_columns(out, r);
	else
		warn_dropped(out, r);
	/* a wider value widens its column, under a header printed again */
	if ((out->o.mode == OUT_TABLE && !table_row(out, r)) ||
	    !out->header_done)
		put_header(out);
	if (out->o.mode == OUT_TABLE)
		put_table(out);
	else
		put_separated(out, r);
}

static int
want_of(int want, const struct format *fmt, int fid)
{
	if (fmt->col_of[fid] >= 0)
		return fmt->col_of[fid] >= want ? fmt->col_of[fid] + 1 : want;
	if (fid == F_DURATION)
		return want_of(want_of(want, fmt, F_START), fmt, F_END);
	return want;
}

/*
 * For record->want: how many leading columns of fmt the output reads, so
 * that the splitter can stop there; 0 when it may read any column.  In
 * the default mode only the colouring of tested fields reads columns.
 */
bool
output_reads_origin(const struct output *out)
{
	for (int i = 0; i < out->nitems; i++)
		if (out->items[i].kind == I_FIELD &&
		    FIELD_ORIGIN(out->items[i].fid))
			return true;
	return false;
}

int
output_columns_wanted(const struct output *out, const struct format *fmt)
{
	const struct item *items = out->fixed ? out->cols : out->items;
	int n = out->fixed ? out->ncols : out->nitems, want = 1;

	if (out->o.mode == OUT_LINE) {
		for (int c = 0; c < fmt->ncols; c++)
			if (out->o.expr != NULL &&
			    expr_uses(out->o.expr, fmt->field_at[c]))
				want = c + 1;
		return want;
	}
	for (int i = 0; i < n; i++) {
		if (items[i].kind == I_ALL)
			return 0;
		if (items[i].kind == I_FIELD)
			want = want_of(want, fmt, items[i].fid);
	}
	return want;
}

void
output_fix_columns(struct output *out, const struct format *fmt)
{
	static struct record r;

	if (out->fixed || (out->o.mode != OUT_CSV && out->o.mode != OUT_TSV &&
	    out->o.mode != OUT_TABLE))
		return;
	r.fmt = fmt;
	fix_columns(out, &r);
	r.fmt = NULL;
}

void
output_measure(struct output *out, const struct record *r)
{
	char buf[64];
	struct slice s;
	size_t dw;

	if (out->o.mode != OUT_TABLE)
		return;
	if (!out->fixed)
		fix_columns(out, r);
	for (int i = 0; i < out->ncols; i++)
		table_value(out, r, &out->cols[i], buf, &s, &dw);
}

int
output_check_fields(const struct output *out, const struct format *fmt,
    struct expr_error *err)
{
	char names[160];
	size_t k = 0;

	for (int c = 0; c < fmt->ncols && k < sizeof names; c++)
		k += (size_t)snprintf(names + k, sizeof names - k, "%s%s",
		    c > 0 ? " " : "", fmt->name_at[c]);
	for (int i = 0; i < out->nitems; i++) {
		const struct item *it = &out->items[i];

		if (it->kind != I_FIELD || fmt->col_of[it->fid] >= 0)
			continue;
		set_err(err, it->at, it->len, "'%s' is not a column here "
		    "(the columns: %s)", field_get(it->fid)->name, names);
		return -1;
	}
	return 0;
}

/* Colour the columns the expression tests, as grep colours its matches. */
void
output_line_color(struct output *out, const struct record *r)
{
	struct slice span[MAXCOLS + 2], t;
	const char *at = r->line.p, *end = r->line.p + r->line.n;
	const struct expr *e = out->o.expr;
	const struct plan *pl;
	int ns = 0, j;

	if (e != NULL) {
		pl = plan_get(out, r->fmt);
		for (int c = 0; c < pl->n && c < r->nstored; c++)
			if (pl->col[c].hl)
				span[ns++] = rec_col(r, c);
		if (r->ts.p != NULL && expr_uses(e, F_TIMESTAMP))
			span[ns++] = r->ts;
		if (r->stream.p != NULL && expr_uses(e, F_LOGSTREAM))
			span[ns++] = r->stream;
	}
	/* CLI text output puts @timestamp after the record: keep line order */
	for (int i = 1; i < ns; i++) {
		t = span[i];
		for (j = i; j > 0 && span[j - 1].p > t.p; j--)
			span[j] = span[j - 1];
		span[j] = t;
	}
	for (int i = 0; i < ns; i++) {
		if (span[i].n == 0 || span[i].p < at ||
		    span[i].p + span[i].n > end)
			continue;
		wr_put(out->w, at, (size_t)(span[i].p - at));
		wr_put(out->w, "\033[01;31m", 8);
		wr_put(out->w, span[i].p, span[i].n);
		wr_put(out->w, "\033[m", 3);
		at = span[i].p + span[i].n;
	}
	wr_put(out->w, at, (size_t)(end - at));
	wr_char(out->w, '\n');
}

void
output_finish(struct output *out)
{
	/* CSV and TSV with known columns: a header even without records */
	if ((out->o.mode == OUT_CSV || out->o.mode == OUT_TSV) &&
	    out->fixed && !out->header_done)
		put_header(out);
}
