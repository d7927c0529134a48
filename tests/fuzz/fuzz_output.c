/*
 * fuzz_output.c: the output writers of output.c.
 *
 * Input: three control bytes, a NUL-terminated -o list or template, then
 * (when byte 1 asks for it) a NUL-terminated expression, then record
 * lines.
 *   byte 0  bits 0-2  mode: 0 default line with colour, 1 -o (fields),
 *                     2 -t (template), 3 --json, 4 --csv, 5 --tsv,
 *                     6 and 7 --table
 *           bit 3     --color      bit 4  --names
 *           bit 5     header row (not --no-header)
 *           bit 6     the list is given (-o with --json, --csv ...)
 *           bit 7     print only the records the expression selects
 *   byte 1  bits 0-1  --time: none, epoch, iso, local
 *           bits 2-3  the expression (for colour): none, two fixed ones,
 *                     or 3: read from the input
 *           bits 4-5  TZ: UTC, CET with summer time, +05:45, -03:30
 *           bits 6-7  starting format: v2, v5 names, v5 LogFormat, v2
 *   byte 2  bits 0-5  the writer's buffer starts that many times 97
 *                     bytes short of full, so that writes meet its end
 *           bit 6     stretch each line's last column to 16 KiB and
 *           bit 7     to 70 KiB: values that do not fit the buffer
 * The records go through line_classify as in flowgrep.c, and each is
 * given to output_record (output_line_color in the default mode), then
 * output_finish and output_free.  The writer writes to a temporary
 * file, which is read back, and its shape is checked per mode: JSON lines are JSON
 * objects in UTF-8, CSV and TSV rows have one column count, the table
 * has no control bytes but its colours and no trailing blanks, and the
 * coloured line is the line once its highlights are taken out.  Set
 * FLOWGREP_FUZZ_NO_SHAPE=1 to check only for crashes, and
 * FLOWGREP_FUZZ_DUMP=1 to see the output on stderr (to replay a find).
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "fuzz_lists.h"

#define NOW_MS 1795941000000LL

static struct writer w;

#define CAPTURE_MAX (4u << 20)

static char *cap;
static size_t capskip;

/*
 * The writer's descriptor is a temporary file: emptied before an input,
 * read back after it.  skip is what the buffer held before the input.
 */
static void
capture_start(size_t skip)
{
	CHECK(ftruncate(w.fd, 0) == 0);
	CHECK(lseek(w.fd, 0, SEEK_SET) == 0);
	capskip = skip;
}

static const char *
captured(size_t *n, bool *overflow)
{
	off_t size = lseek(w.fd, 0, SEEK_END);
	size_t want;
	ssize_t k;

	CHECK(size >= 0 && (size_t)size >= capskip);
	if (cap == NULL)
		CHECK((cap = malloc(CAPTURE_MAX)) != NULL);
	want = (size_t)size - capskip;
	*overflow = want > CAPTURE_MAX;
	if (*overflow)
		want = CAPTURE_MAX;
	k = pread(w.fd, cap, want, (off_t)capskip);
	CHECK(k >= 0 && (size_t)k == want);
	*n = want;
	return cap;
}
static struct expr *fixed_expr[3];
static bool check_shape = true, dump;

/* What the coloured lines should be once their highlights are removed. */
static char *plain;
static size_t plainn, plaincap;
static bool plain_ok;

struct ctx {
	struct output *out;
	enum outmode mode;
	const struct expr *e;
	struct expr_run run;
	bool select;
};

static void
plain_add(const char *p, size_t n)
{
	if (!plain_ok)
		return;
	if (memchr(p, '\033', n) != NULL) {
		plain_ok = false;
		return;
	}
	if (plainn + n + 1 > plaincap) {
		plaincap = (plainn + n + 1) * 2;
		plain = realloc(plain, plaincap);
		CHECK(plain != NULL);
	}
	memcpy(plain + plainn, p, n);
	plainn += n;
	plain[plainn++] = '\n';
}

static void
on_record(struct drive *d, struct record *rec)
{
	struct ctx *c = d->ctx;

	if (c->select && c->e != NULL && !expr_eval(c->e, rec, &c->run))
		return;
	if (c->mode == OUT_LINE) {
		plain_add(rec->line.p, rec->line.n);
		output_line_color(c->out, rec);
	} else
		output_record(c->out, rec);
}

/* --- shapes ---------------------------------------------------------- */

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t
utf8_len(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c = p[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool
json_string(const char **pp, const char *e)
{
	const char *p = *pp;

	if (p >= e || *p != '"')
		return false;
	for (p++; p < e && *p != '"'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20)
			return false;
		if (c == '\\') {
			if (++p >= e)
				return false;
			if (*p == 'u') {
				for (int i = 0; i < 4; i++)
					if (++p >= e || strchr("0123456789abcdefABCDEF",
					    *p) == NULL || *p == '\0')
						return false;
			} else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0')
				return false;
		}
	}
	if (p >= e)
		return false;
	*pp = p + 1;
	return true;
}

static bool
json_number(const char **pp, const char *e)
{
	const char *p = *pp;

	if (p < e && *p == '-')
		p++;
	if (p >= e || *p < '0' || *p > '9')
		return false;
	if (*p == '0')
		p++;
	else
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	if (p < e && *p == '.') {
		if (++p >= e || *p < '0' || *p > '9')
			return false;
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	*pp = p;
	return true;
}

/* One line of --json: {"name":value,...} with strings, numbers, null. */
static bool
json_line(const char *p, const char *e)
{
	if (p >= e || *p++ != '{')
		return false;
	if (p < e && *p == '}')
		return p + 1 == e;
	for (;;) {
		if (!json_string(&p, e) || p >= e || *p++ != ':')
			return false;
		if (e - p >= 4 && memcmp(p, "null", 4) == 0)
			p += 4;
		else if (p < e && *p == '"') {
			if (!json_string(&p, e))
				return false;
		} else if (!json_number(&p, e))
			return false;
		if (p < e && *p == ',') {
			p++;
			continue;
		}
		return p < e && *p == '}' && p + 1 == e;
	}
}

static void
check_utf8(const char *p, size_t n, bool visible)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_len((const unsigned char *)p + i, n - i, &cp);

		CHECK(k > 0 && "the output is UTF-8");
		if (visible)
			CHECK(cp >= 0x20 && cp != 0x7f && (cp < 0x80 || cp >= 0xa0) &&
			    "the table has no control characters");
		i += k;
	}
}

static void
check_json(const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(p + i, '\n', n - i);

		CHECK(nl != NULL);
		check_utf8(p + i, (size_t)(nl - p - i), false);
		CHECK(json_line(p + i, nl) && "each --json line is a JSON object");
		i = (size_t)(nl - p) + 1;
	}
}

/* RFC 4180 rows, all with the same number of fields. */
static void
check_csv(const char *p, size_t n)
{
	size_t i = 0;
	long want = -1;

	while (i < n) {
		long fields = 1;

		for (;;) {
			if (p[i] == '"') {
				for (i++;; i++) {
					CHECK(i < n);
					if (p[i] != '"')
						continue;
					if (i + 1 < n && p[i + 1] == '"') {
						i++;
						continue;
					}
					break;
				}
				i++;
				CHECK(i < n && (p[i] == ',' || p[i] == '\n'));
			} else {
				while (i < n && p[i] != ',' && p[i] != '\n') {
					CHECK(p[i] != '"' && p[i] != '\r' &&
					    "a CSV field with a quote or CR is quoted");
					i++;
				}
				CHECK(i < n);
			}
			if (p[i++] == '\n')
				break;
			fields++;
		}
		if (want < 0)
			want = fields;
		CHECK(fields == want && "CSV rows have one width");
	}
}

/* Rows with the same number of tabs, and no CR. */
static void
check_tsv(const char *p, size_t n)
{
	long want = -1;

	CHECK(memchr(p, '\r', n) == NULL);
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(p + i, '\n', n - i);
		long tabs = 0;

		CHECK(nl != NULL);
		for (const char *q = p + i; q < nl; q++)
			tabs += *q == '\t';
		if (want < 0)
			want = tabs;
		CHECK(tabs == want && "TSV rows have one width");
		i = (size_t)(nl - p) + 1;
	}
}

/* For the terminal: visible UTF-8 and the colours, no trailing blank. */
static void
check_table(const char *p, size_t n)
{
	static const char *const sgr[] = { "\033[32m", "\033[31m", "\033[0m" };
	char *line = malloc(n + 1);

	CHECK(line != NULL);
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t k = 0;

		CHECK(nl != NULL);
		while (p + i < nl) {
			bool esc = false;

			for (size_t s = 0; s < 3; s++) {
				size_t len = strlen(sgr[s]);

				if ((size_t)(nl - p - i) >= len &&
				    memcmp(p + i, sgr[s], len) == 0) {
					i += len;
					esc = true;
					break;
				}
			}
			if (!esc)
				line[k++] = p[i++];
		}
		check_utf8(line, k, true);
		CHECK((k == 0 || line[k - 1] != ' ') &&
		    "no table line ends in a blank");
		i++;
	}
	free(line);
}

/* The coloured lines, their highlights taken out, are the lines. */
static void
check_line_color(const char *p, size_t n)
{
	static const char hl[] = "\033[01;31m", end[] = "\033[m";
	size_t i = 0, k = 0;

	if (!plain_ok)
		return;
	while (i < n) {
		if (n - i >= sizeof hl - 1 && memcmp(p + i, hl, sizeof hl - 1) == 0)
			i += sizeof hl - 1;
		else if (n - i >= sizeof end - 1 &&
		    memcmp(p + i, end, sizeof end - 1) == 0)
			i += sizeof end - 1;
		else {
			CHECK(k < plainn && p[i] == plain[k] &&
			    "the coloured line is the line");
			i++;
			k++;
		}
	}
	CHECK(k == plainn);
}

static void
check_output(enum outmode mode)
{
	size_t n;
	bool over;
	const char *p = captured(&n, &over);

	if (dump)
		fwrite(p, 1, n, stderr);
	if (over || !check_shape)
		return;
	switch (mode) {
	case OUT_JSON:
		check_json(p, n);
		break;
	case OUT_CSV:
		check_csv(p, n);
		break;
	case OUT_TSV:
		check_tsv(p, n);
		break;
	case OUT_TABLE:
		check_table(p, n);
		break;
	case OUT_LINE:
		check_line_color(p, n);
		break;
	default:
		break;
	}
}

/* --- the harness ----------------------------------------------------- */

static void
set_tz(int which)
{
	static const char *const zones[] = { "UTC0",
		"CET-1CEST,M3.5.0,M10.5.0/3", "<+0545>-5:45", "<-0330>3:30" };
	static int now = -1;

	if (which == now)
		return;
	now = which;
	CHECK(setenv("TZ", zones[which], 1) == 0);
	tzset();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const srcs[] = {
		"dstport=22 and action=REJECT or @timestamp>0 or @logStream=x*",
		"srcaddr=10.0.0.0/8 tcp-flags=SYN or traffic-path=igw or "
		"duration>0 or ${my-field}=x or addr=::/0 or port=1..65535 or "
		"protocol=tcp or start>=2026-01-01",
	};
	const struct expr_env env = { NOW_MS };
	struct expr_error err;
	const char *no = getenv("FLOWGREP_FUZZ_NO_SHAPE");

	(void)argc;
	(void)argv;
	check_shape = no == NULL || *no == '\0' || strcmp(no, "0") == 0;
	dump = getenv("FLOWGREP_FUZZ_DUMP") != NULL;
	lists_create();
	{
		FILE *f = tmpfile();

		CHECK(f != NULL);
		w.fd = dup(fileno(f));	/* the file lives on, unlinked */
		fclose(f);
		CHECK(w.fd >= 0);
	}
	for (int i = 0; i < 2; i++)
		CHECK((fixed_expr[i + 1] = expr_compile(srcs[i], &env, &err)) !=
		    NULL);
	return 0;
}

/*
 * Each line with its last column repeated until the line is at least
 * len bytes long (a line without a space is left alone).
 */
static void
stretch_lines(struct drive *d, const uint8_t *data, size_t size, size_t len)
{
	struct lines ls = { data, size, 0 };
	const uint8_t *p;
	size_t n;

	while (next_line(&ls, &p, &n)) {
		size_t last = n, k = n;
		char *line;

		while (last > 0 && p[last - 1] != ' ')
			last--;
		if (last == 0 || last == n || n >= len) {
			line = exact_copy(p, n);
		} else {
			size_t col = n - last, want = n + (len - n + col - 1) / col *
			    col;

			line = malloc(want);
			CHECK(line != NULL);
			memcpy(line, p, n);
			for (k = n; k < want; k += col)
				memcpy(line + k, p + last, col);
		}
		drive_line(d, line, k);
		free(line);
	}
}

/* The next NUL-terminated chunk, copied to an exactly sized string. */
static char *
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum outmode modes[] = { OUT_LINE, OUT_FIELDS,
		OUT_TEMPLATE, OUT_JSON, OUT_CSV, OUT_TSV, OUT_TABLE, OUT_TABLE };
	const struct expr_env env = { NOW_MS };
	struct outopts o;
	struct expr_error err;
	struct expr *own = NULL;
	struct ctx c = { 0 };
	struct drive d;
	char *text, *src = NULL;
	unsigned b0, b1, b2;
	size_t fill;
	bool had;

	fresh_dictionary();

	if (size < 3)
		return 0;
	b0 = data[0];
	b1 = data[1];
	b2 = data[2];
	data += 3;
	size -= 3;
	text = chunk(&data, &size, &had);
	if ((b1 >> 2 & 3) == 3) {
		char *raw = chunk(&data, &size, &had);

		src = lists_rewrite(raw, strlen(raw));
		free(raw);
		if (src == NULL) {
			free(text);
			return -1;
		}
		own = expr_compile(src, &env, &err);
	}

	memset(&o, 0, sizeof o);
	o.mode = modes[b0 & 7];
	o.color = o.mode == OUT_LINE || (b0 & 0x08) != 0;
	o.names = (b0 & 0x10) != 0;
	o.header = (b0 & 0x20) != 0;
	o.quiet = true;
	if (o.mode == OUT_TEMPLATE)
		o.tmpl = text;
	else if (o.mode == OUT_FIELDS || (o.mode != OUT_LINE && (b0 & 0x40)))
		o.fields = text;
	o.time_set = (b1 & 3) != 0;
	o.time = (b1 & 3) == 2 ? TIME_ISO : (b1 & 3) == 3 ? TIME_LOCAL :
	    TIME_EPOCH;
	o.expr = (b1 >> 2 & 3) == 3 ? own : fixed_expr[b1 >> 2 & 3];
	set_tz((int)(b1 >> 4 & 3));

	fill = (b2 & 0x3f) * 97;
	w.len = fill > 0 ? sizeof w.buf - fill : 0;
	memset(w.buf, '.', w.len);
	w.err = 0;
	memset(&err, 0x5a, sizeof err);
	c.out = output_new(&o, &w, &err);
	if (c.out == NULL) {
		w.len = 0;
		const char *s = o.mode == OUT_TEMPLATE ? o.tmpl : o.fields;

		CHECK(s != NULL || o.mode == OUT_TEMPLATE);
		CHECK(err.column >= 0 && err.width >= 1);
		CHECK(s == NULL || (size_t)err.column <= strlen(s));
		CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL &&
		    err.msg[0] != '\0');
		goto done;
	}
	c.mode = o.mode;
	c.e = o.expr;
	if (c.e != NULL)
		expr_run_init(&c.run, c.e);
	c.select = (b0 & 0x80) != 0;
	plainn = 0;
	plain_ok = true;
	capture_start(w.len);
	drive_init(&d, (int)(b1 >> 6 & 3) % 3, on_record, &c);
	if (b2 & 0xc0)
		stretch_lines(&d, data, size, b2 & 0x80 ? 70000 : 16384);
	else
		drive_lines(&d, data, size);
	output_finish(c.out);
	writer_flush(&w);
	CHECK(w.err == 0);
	check_output(o.mode);
	drive_free(&d);
	output_free(c.out);
	if (c.e != NULL)
		expr_run_free(&c.run);
done:
	expr_free(own);
	free(src);
	free(text);
	return 0;
}
