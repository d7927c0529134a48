/*
 * flowgrep: select AWS VPC flow-log records with an expression.
 *
 * This file owns the command line, the input loop and the diagnostics.
 * Input is read in large blocks and cut into lines in place; a line is
 * handed to parse.c, which makes a record view of it, and expr.c says
 * whether it is selected.  Output goes through one buffer that is
 * flushed when it fills and whenever the next read would block, so a
 * match from a slow stream (aws logs tail --follow) shows at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

#include "flowgrep.h"

#define MAXLINE (1 << 20)        /* a longer line is not a record */

struct options {
	bool count, invert, quiet, no_messages, line_number, strict;
	bool line_buffered, explain;
	int with_filename;          /* -1 unset, 0 -h, 1 -H */
	long long max_count;        /* -1: no limit */
	const char *format;
	const char *expr_src;
	struct outopts out;
	const char *color_when;
	int to;                     /* --to: a pushdown_target, or -1 */
	struct pushdown_opts pushdown;
};

/* Everything the input loop keeps between lines and files. */
struct state {
	const struct options *opt;
	struct expr *expr;
	struct expr_run run;        /* the evaluator's scratch and counts */
	struct output *out;
	struct writer *w;
	struct format base;         /* --format or the default */
	struct format header;       /* the last header read */
	const struct format *fmt;   /* the one in force */
	const char *fname;          /* for messages */
	bool show_name;
	unsigned long long lineno;
	unsigned long long selected;      /* in all files */
	unsigned long long file_selected; /* in this file, for -c */
	bool stop;                  /* -q matched, a fault, a signal */
	bool file_stop;             /* -m reached in this file */
	unsigned long checked_serial; /* format last checked for lacks */
	unsigned long want_serial;  /* format want was computed for */
	int want;                   /* columns the expression reads */
	/* the prefilter: a text every selected record contains */
	bool has_literal, literal_icase;
	struct slice literal;
	const char *next_hit;       /* its next place in the buffer, or NULL */
	bool lacks_literal;         /* the current line does not contain it */
	unsigned prefilter_lines, prefilter_hits;
	bool error;                 /* exit 2 at the end */
	/* the header of the current format, printed before its first match */
	char *header_line;
	size_t header_len;
	unsigned long long header_lineno;
	bool header_pending;
	/* lines that were not records */
	unsigned long long bad_lines;
	char bad_where[PATH_MAX + 32];
	char bad_why[96];
	/* values that did not parse */
	unsigned long long bad_value_records;
	int bad_fid;
	char value_where[PATH_MAX + 32];
	bool warned_lacks[MAXFIELDS];
	char *buf;
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* --- messages ------------------------------------------------------- */

static void
warnx_(const char *fmt, ...)
{
	va_list ap;

	fputs("flowgrep: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Display columns of src[0..n), for a caret under a multibyte text. */
static size_t
display_width(const char *src, size_t n)
{
	size_t i = 0, width = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)
		    src + i, (utf8proc_ssize_t)(n - i), &cp);

		if (k <= 0) {
			width++;
			i++;
			continue;
		}
		width += cp == '\t' ? 1 : (size_t)utf8proc_charwidth(cp);
		i += (size_t)k;
	}
	return width;
}

/*
 * Print the error with the text and a caret under the column.  Long
 * texts are shown as a window around the column.
 */
static void
report_at(const char *what, const char *src, const struct expr_error *err)
{
	size_t n = strlen(src), col = (size_t)err->column, from = 0, to = n;
	size_t width = (size_t)err->width;

	if (col > n)
		col = n;
	if (col > 60)
		from = col - 40;
	while (from > 0 && from < n && (src[from] & 0xc0) == 0x80)
		from--;
	if (to - from > 120)
		to = from + 120 > col + width ? from + 120 : col + width;
	while (to < n && (src[to] & 0xc0) == 0x80)
		to++;
	warnx_("%s%s", what, err->msg);
	fprintf(stderr, "  %s%.*s%s\n  %s", from > 0 ? "..." : "",
	    (int)(to - from), src + from, to < n ? "..." : "",
	    from > 0 ? "   " : "");
	for (size_t i = display_width(src + from, col - from); i > 0; i--)
		fputc(' ', stderr);
	fputc('^', stderr);
	if (col + width > to)
		width = to > col ? to - col : 1;
	for (size_t i = display_width(src + col, width); i > 1; i--)
		fputc('~', stderr);
	fputc('\n', stderr);
}

static void
usage(FILE *fp)
{
	fputs("usage: flowgrep [-chHnqsv] [-m NUM] [-o LIST | -t TEMPLATE | "
	    "--json | --csv | --tsv | --table]\n"
	    "                [--format FORMAT] [--strict] [--explain] "
	    "EXPRESSION [FILE ...]\n", fp);
}

static void
help(void)
{
	usage(stdout);
	fputs("\nSelect AWS VPC flow-log records that match EXPRESSION.\n"
	    "Example: flowgrep 'dstport=22 and action=REJECT' flows.log\n\n"
	    "  -c, --count            print the number of selected records\n"
	    "  -v, --invert-match     select records that do not match\n"
	    "  -m, --max-count=NUM    stop after NUM selected records\n"
	    "  -q, --quiet            print nothing; exit 0 on the first match\n"
	    "  -s, --no-messages      no warnings about the input\n"
	    "  -n, --line-number      prefix each line with its line number\n"
	    "  -H, --with-filename    prefix each line with its file name\n"
	    "  -h, --no-filename      never prefix file names\n"
	    "      --format=FORMAT    the flow log's LogFormat ('${version} "
	    "${srcaddr} ...')\n"
	    "      --strict           a line that is not a record is an error\n"
	    "      --line-buffered    flush after every selected record\n"
	    "      --explain          print the expression as understood; "
	    "exit\n"
	    "      --to=TARGET        print it as filter-pattern, insights or "
	    "athena; exit\n"
	    "      --sql-table=NAME   the Athena table (vpc_flow_logs)\n"
	    "      --sql-partition=P  its partition column: date, day or none\n"
	    "  -o, --fields=LIST      print these fields (or 'all')\n"
	    "  -t, --template=TEXT    print TEXT with {field} replaced\n"
	    "      --json             one JSON object per record\n"
	    "      --csv, --tsv       comma- or tab-separated, with a header\n"
	    "      --table            aligned columns with a header\n"
	    "      --no-header        no header row for --csv, --tsv, --table\n"
	    "      --time=WHEN        epoch, iso or local, for start, end, "
	    "@timestamp\n"
	    "      --names            protocol, tcp-flags, traffic-path by name\n"
	    "      --color[=WHEN]     never, always or auto (the default)\n"
	    "      --help, --version\n\n"
	    "See flowgrep(1) for the expression language.\n", stdout);
}

/* --- reading -------------------------------------------------------- */

static void
where(char *buf, size_t len, const struct state *st)
{
	snprintf(buf, len, "%s:%llu", st->fname, st->lineno);
}

static void
note_bad_line(struct state *st, const char *why)
{
	if (st->bad_lines++ == 0) {
		where(st->bad_where, sizeof st->bad_where, st);
		snprintf(st->bad_why, sizeof st->bad_why, "%s", why);
	}
	if (st->opt->strict) {
		warnx_("%s:%llu: not a flow-log record: %s", st->fname,
		    st->lineno, why);
		st->error = true;
		st->stop = true;
	}
}

static void
put_prefix(struct state *st, unsigned long long lineno)
{
	if (st->show_name) {
		wr_str(st->w, st->fname);
		wr_char(st->w, ':');
	}
	if (st->opt->line_number) {
		wr_uint(st->w, lineno);
		wr_char(st->w, ':');
	}
}

static void
print_selected(struct state *st, const struct record *rec)
{
	const struct options *o = st->opt;

	if (o->out.mode != OUT_LINE) {
		output_record(st->out, rec);
		return;
	}
	if (st->header_pending) {
		put_prefix(st, st->header_lineno);
		wr_put(st->w, st->header_line, st->header_len);
		wr_char(st->w, '\n');
		st->header_pending = false;
	}
	put_prefix(st, st->lineno);
	if (o->out.color)
		output_line_color(st->out, rec);
	else {
		wr_put(st->w, rec->line.p, rec->line.n);
		wr_char(st->w, '\n');
	}
}

/* A field the expression reads that this format lacks: say so once. */
static void
check_format(struct state *st, const struct format *fmt)
{
	int fids[MAXFIELDS], n = expr_fields(st->expr, fids, MAXFIELDS);

	for (int i = 0; i < n; i++) {
		int f = fids[i];

		if (fmt->col_of[f] >= 0 || st->warned_lacks[f])
			continue;
		st->warned_lacks[f] = true;
		if (st->opt->no_messages)
			continue;
		fprintf(stderr, "flowgrep: warning: %s:%llu: the format has no "
		    "field '%s'; it is missing in these records (fields:",
		    st->fname, st->lineno, field_get(f)->name);
		for (int c = 0; c < fmt->ncols; c++)
			fprintf(stderr, " %s", fmt->name_at[c]);
		fputs(")\n", stderr);
	}
}

static void
handle_record(struct state *st, const struct record *rec)
{
	const struct options *o = st->opt;
	unsigned long before = st->run.bad_values;
	bool sel;

	if (rec->fmt->serial != st->checked_serial) {
		st->checked_serial = rec->fmt->serial;
		check_format(st, rec->fmt);
	}
	/* without the literal the expression cannot be true */
	sel = (!st->lacks_literal && expr_eval(st->expr, rec, &st->run)) !=
	    o->invert;

	/* counted by record: a value read twice is one bad value */
	if (st->run.bad_values != before && st->bad_value_records++ == 0) {
		where(st->value_where, sizeof st->value_where, st);
		st->bad_fid = st->run.bad_fid;
	}
	if (!sel)
		return;
	st->selected++;
	st->file_selected++;
	if (o->quiet) {
		st->stop = true;
		return;
	}
	if (!o->count)
		print_selected(st, rec);
	if (o->line_buffered)
		writer_flush(st->w);
	if (o->max_count >= 0 && st->file_selected >= (unsigned long long)
	    o->max_count)
		st->file_stop = true;
}

static void
install_header(struct state *st, const char *p, size_t n)
{
	char err[96];

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (format_parse(&st->header, p, n, err, sizeof err) < 0) {
		note_bad_line(st, err);
		return;
	}
	st->fmt = &st->header;
	free(st->header_line);
	st->header_line = malloc(n);
	if (st->header_line == NULL) {
		note_bad_line(st, "out of memory");
		return;
	}
	memcpy(st->header_line, p, n);
	st->header_len = n;
	st->header_lineno = st->lineno;
	st->header_pending = true;
}

/* Tab-joined messages (--query 'events[].message' --output text). */
static void
handle_segments(struct state *st, struct record *rec, const char *p,
    size_t n)
{
	char why[96];
	int k;

	while (!st->stop && !st->file_stop &&
	    (k = segment_next(rec, st->fmt, &p, &n, why, sizeof why)) >= 0) {
		if (k == 0)
			note_bad_line(st, why);
		else
			handle_record(st, rec);
	}
}

/*
 * How many leading columns of this format must be split: up to the last
 * one the expression or the output reads (0: all of them).
 */
static int
columns_wanted(const struct state *st, const struct format *fmt)
{
	int fids[MAXFIELDS], n, want = 1;

	if (st->out != NULL && (want = output_columns_wanted(st->out, fmt)) == 0)
		return 0;
	if (want < 1)
		want = 1;
	n = expr_fields(st->expr, fids, MAXFIELDS);
	for (int i = 0; i < n; i++)
		if (fmt->col_of[fids[i]] >= want)
			want = fmt->col_of[fids[i]] + 1;
	return want;
}

static void
handle_line(struct state *st, struct record *rec, const char *p, size_t n)
{
	struct lineinfo li;

	st->lineno++;
	/*
	 * The prefilter ruled this line out: if it is a plain record of
	 * the format in force (checked already), nothing more is needed.
	 */
	if (st->lacks_literal && !st->opt->invert &&
	    st->fmt->serial == st->checked_serial &&
	    plain_columns(p, n) == st->fmt->ncols)
		return;
	if (st->fmt->serial != st->want_serial) {
		st->want_serial = st->fmt->serial;
		st->want = columns_wanted(st, st->fmt);
	}
	/*
	 * A line that cannot match needs its columns counted, not split;
	 * unless -v selects it for an output that reads them.
	 */
	rec->want = st->lacks_literal && st->want > 0 &&
	    !(st->opt->invert && st->out != NULL) ? -1 : st->want;
	switch (line_classify(rec, st->fmt, p, n, &li)) {
	case L_RECORD:
		handle_record(st, rec);
		break;
	case L_MULTI:
		handle_segments(st, rec, rec->line.p, rec->line.n);
		break;
	case L_HEADER:
		install_header(st, p, n);
		break;
	case L_BAD:
		note_bad_line(st, li.why);
		break;
	case L_FRAMING: case L_BLANK:
		break;
	}
}

/*
 * Does the line [p, end) lack the literal?  The search runs over the
 * whole rest of the buffer and its result serves the lines up to the
 * hit, so the bytes are scanned once, not once a line.
 */
static void
prefilter(struct state *st, const char *p, const char *end,
    const char *bufend)
{
	if (!st->has_literal) {
		st->lacks_literal = false;
		return;
	}
	if (st->next_hit != NULL && st->next_hit < p)
		st->next_hit = find_literal(p, (size_t)(bufend - p),
		    st->literal.p, st->literal.n, st->literal_icase);
	st->lacks_literal = st->next_hit == NULL || st->next_hit >= end;
	/* a literal in most lines filters nothing: stop looking for it */
	st->prefilter_hits += !st->lacks_literal;
	if (++st->prefilter_lines == 8192) {
		if (st->prefilter_hits > 8192 / 2)
			st->has_literal = false;
		st->prefilter_lines = st->prefilter_hits = 0;
	}
}

/*
 * An input: a descriptor, decompressed on the fly when its first bytes
 * are gzip's magic (S3 delivers flow logs as .log.gz).  Concatenated
 * gzip members, as cat a.gz b.gz gives, are read one after the other.
 */
struct input {
	int fd;
	bool sniffed, gz, eof, in_member;
	z_stream zs;
	unsigned char zbuf[1 << 16];
	const char *error;   /* what went wrong, for the message */
};

static ssize_t
input_raw(struct input *in, void *dst, size_t len)
{
	ssize_t k;

	while ((k = read(in->fd, dst, len)) < 0 && errno == EINTR &&
	    !got_signal)
		;
	return k;
}

static ssize_t
input_inflate(struct input *in, char *dst, size_t len)
{
	for (;;) {
		int rc;

		if (in->zs.avail_in == 0 && !in->eof) {
			ssize_t k = input_raw(in, in->zbuf, sizeof in->zbuf);

			if (k < 0)
				return -1;
			in->eof = k == 0;
			in->zs.next_in = in->zbuf;
			in->zs.avail_in = (uInt)k;
		}
		if (in->zs.avail_in == 0 && in->eof) {
			if (!in->in_member)
				return 0;
			in->error = "truncated gzip data";
			return -2;
		}
		if (!in->in_member) {	/* the next member of the stream */
			inflateReset(&in->zs);
			in->in_member = true;
		}
		in->zs.next_out = (Bytef *)dst;
		in->zs.avail_out = (uInt)(len > UINT_MAX ? UINT_MAX : len);
		rc = inflate(&in->zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			in->in_member = false;
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			in->error = in->zs.msg != NULL ? in->zs.msg :
			    "bad gzip data";
			return -2;
		}
		if (in->zs.next_out != (Bytef *)dst)
			return (ssize_t)((char *)in->zs.next_out - dst);
	}
}

/* read(2) for an input: -1 with errno, -2 with in->error. */
static ssize_t
input_read(struct input *in, char *dst, size_t len)
{
	ssize_t k;

	if (in->gz)
		return input_inflate(in, dst, len);
	k = input_raw(in, dst, len);
	if (in->sniffed || k < 2)
		return k;
	in->sniffed = true;
	if ((unsigned char)dst[0] != 0x1f || (unsigned char)dst[1] != 0x8b)
		return k;
	memset(&in->zs, 0, sizeof in->zs);
	if (inflateInit2(&in->zs, 15 + 16) != Z_OK) {
		in->error = "cannot start gzip decoding";
		return -2;
	}
	in->gz = in->in_member = true;
	memcpy(in->zbuf, dst, (size_t)k);
	in->zs.next_in = in->zbuf;
	in->zs.avail_in = (uInt)k;
	return input_inflate(in, dst, len);
}

/* Would a read block?  Only pipes, terminals and sockets can. */
static bool
input_waiting(int fd)
{
	struct pollfd pfd = { fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) != 0;
}

static void read_lines(struct state *, struct input *, struct record *,
    bool, char *, size_t *, bool *);

static void
read_fd(struct state *st, int fd, struct record *rec)
{
	struct stat sb;
	bool may_block = fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode);
	size_t have = 0;         /* bytes in buf not yet cut into lines */
	bool skipping = false;   /* inside a line too long to keep */
	char *buf = st->buf;
	static struct input in;

	memset(&in, 0, offsetof(struct input, zbuf));
	in.fd = fd;
	read_lines(st, &in, rec, may_block, buf, &have, &skipping);
	if (in.gz)
		inflateEnd(&in.zs);
	if (st->stop || st->file_stop)
		return;
	if (have > 0) {
		if (skipping) {
			st->lineno++;
			note_bad_line(st, "line longer than 1 MiB");
		} else {
			st->next_hit = buf;
			prefilter(st, buf, buf + have, buf + have);
			handle_line(st, rec, buf, have);
		}
	} else if (skipping) {
		st->lineno++;
		note_bad_line(st, "line longer than 1 MiB");
	}
}

/* Read and cut lines until the end, leaving a last partial line in buf. */
static void
read_lines(struct state *st, struct input *in, struct record *rec,
    bool may_block, char *buf, size_t *havep, bool *skippingp)
{
	size_t have = 0;
	bool skipping = false;
	int fd = in->fd;

	while (!st->stop && !st->file_stop) {
		ssize_t k;
		size_t start = 0;

		if (may_block && st->w->len > 0 && !input_waiting(fd))
			writer_flush(st->w);
		if (st->w->err != 0) {
			st->stop = true;
			break;
		}
		k = input_read(in, buf + have, MAXLINE - have);
		if (k < 0) {
			if (got_signal) {
				st->stop = true;
				break;
			}
			if (!st->opt->no_messages)
				warnx_("%s: %s", st->fname, k == -2 ? in->error :
				    strerror(errno));
			st->error = true;
			break;
		}
		if (k == 0)
			break;
		have += (size_t)k;
		st->next_hit = buf;	/* not yet searched */
		for (;;) {
			char *nl = memchr(buf + start, '\n', have - start);

			if (nl == NULL)
				break;
			if (skipping) {
				skipping = false;
				st->lineno++;
				note_bad_line(st, "line longer than 1 MiB");
			} else {
				prefilter(st, buf + start, nl, buf + have);
				handle_line(st, rec, buf + start,
				    (size_t)(nl - (buf + start)));
			}
			start = (size_t)(nl - buf) + 1;
			if (st->stop || st->file_stop)
				break;
		}
		if (start == 0 && have == MAXLINE) {
			/* no newline in a full buffer: drop it, count the line */
			skipping = true;
			have = 0;
			continue;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
	}
	*havep = have;
	*skippingp = skipping;
}

static void
read_file(struct state *st, const char *path, struct record *rec)
{
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
	struct stat sb;

	st->fname = is_stdin ? "(standard input)" : path;
	st->lineno = 0;
	st->file_selected = 0;
	st->file_stop = st->opt->max_count == 0;
	st->fmt = &st->base;
	st->header_pending = false;
	if (fd < 0) {
		if (!st->opt->no_messages)
			warnx_("%s: %s", path, strerror(errno));
		st->error = true;
		return;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (!st->opt->no_messages)
			warnx_("%s: is a directory", path);
		st->error = true;
		close(fd);
		return;
	}
	read_fd(st, fd, rec);
	if (!is_stdin)
		close(fd);
	if (st->opt->count && !st->opt->quiet) {
		if (st->show_name) {
			wr_str(st->w, st->fname);
			wr_char(st->w, ':');
		}
		wr_uint(st->w, st->file_selected);
		wr_char(st->w, '\n');
	}
}

static void
summarize(struct state *st)
{
	const struct expr_run *es = &st->run;

	if (st->opt->no_messages)
		return;
	if (st->bad_lines > 0 && !st->opt->strict)
		warnx_("warning: %llu line%s not %sflow-log record%s; first at "
		    "%s: %s", st->bad_lines, st->bad_lines == 1 ? " was" :
		    "s were", st->bad_lines == 1 ? "a " : "",
		    st->bad_lines == 1 ? "" : "s", st->bad_where, st->bad_why);
	if (st->bad_value_records > 0)
		warnx_("warning: %llu record%s a value that is not of its "
		    "field's type, counted as missing; first: field '%s' at %s",
		    st->bad_value_records, st->bad_value_records == 1 ? " had" :
		    "s had", field_get(st->bad_fid)->name, st->value_where);
	if (es->match_limit_hits > 0)
		warnx_("warning: a regular expression hit its match limit %lu "
		    "time%s; those comparisons counted as unknown (neither ~ nor "
		    "!~ holds)",
		    es->match_limit_hits, es->match_limit_hits == 1 ? "" : "s");
}

/* --- the command line ------------------------------------------------ */

enum {
	OPT_FORMAT = 256, OPT_STRICT, OPT_LINEBUF, OPT_HELP, OPT_VERSION,
	OPT_EXPLAIN, OPT_JSON, OPT_CSV, OPT_TSV, OPT_TABLE, OPT_NOHEADER,
	OPT_TIME, OPT_NAMES, OPT_COLOR, OPT_TO, OPT_SQL_TABLE, OPT_SQL_PARTITION
};

static const struct option longopts[] = {
	{ "count", no_argument, NULL, 'c' },
	{ "invert-match", no_argument, NULL, 'v' },
	{ "max-count", required_argument, NULL, 'm' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "silent", no_argument, NULL, 'q' },
	{ "no-messages", no_argument, NULL, 's' },
	{ "line-number", no_argument, NULL, 'n' },
	{ "with-filename", no_argument, NULL, 'H' },
	{ "no-filename", no_argument, NULL, 'h' },
	{ "fields", required_argument, NULL, 'o' },
	{ "template", required_argument, NULL, 't' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "line-buffered", no_argument, NULL, OPT_LINEBUF },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "tsv", no_argument, NULL, OPT_TSV },
	{ "table", no_argument, NULL, OPT_TABLE },
	{ "no-header", no_argument, NULL, OPT_NOHEADER },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "names", no_argument, NULL, OPT_NAMES },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "colour", optional_argument, NULL, OPT_COLOR },
	{ "to", required_argument, NULL, OPT_TO },
	{ "sql-table", required_argument, NULL, OPT_SQL_TABLE },
	{ "sql-partition", required_argument, NULL, OPT_SQL_PARTITION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* --to and the options of its Athena query. */
static int
pushdown_option(struct options *o, int c, const char *arg)
{
	if (c == OPT_TO && (o->to = pushdown_target_lookup(arg)) < 0) {
		warnx_("--to: '%s' is not filter-pattern, insights or athena",
		    arg);
		return -1;
	}
	if (c == OPT_SQL_TABLE)
		o->pushdown.table = arg;
	if (c == OPT_SQL_PARTITION) {
		if (strcmp(arg, "date") == 0)
			o->pushdown.partition = PART_DATE;
		else if (strcmp(arg, "day") == 0)
			o->pushdown.partition = PART_DAY;
		else if (strcmp(arg, "none") == 0)
			o->pushdown.partition = PART_NONE;
		else {
			warnx_("--sql-partition: '%s' is not date, day or none",
			    arg);
			return -1;
		}
	}
	return 0;
}

/* --to: print the expression as the target's query, and exit. */
static int
translate(const struct options *o, const struct expr *e,
    const struct format *fmt)
{
	struct pushdown_opts po = o->pushdown;
	char msg[1024];

	po.custom_format = o->format != NULL;
	po.invert = o->invert;
	if (pushdown_print(o->to, e, &fmt, 1, &po, stdout, msg,
	    sizeof msg) < 0) {
		warnx_("%s", msg);
		return 2;
	}
	if (msg[0] != '\0' && !o->no_messages)
		warnx_("note: %s", msg);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}

/* -o alone prints fields; with --json and the like it picks columns. */
static bool
set_mode(struct options *o, enum outmode m)
{
	if (m == OUT_FIELDS) {
		if (o->out.mode == OUT_LINE)
			o->out.mode = OUT_FIELDS;
		return true;
	}
	if (o->out.mode != OUT_LINE && o->out.mode != OUT_FIELDS &&
	    o->out.mode != m) {
		warnx_("choose one of --json, --csv, --tsv, --table and -t");
		return false;
	}
	o->out.mode = m;
	return true;
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":cvm:qsnHho:t:", longopts,
	    NULL)) != -1) {
		char *end;

		switch (c) {
		case 'c': o->count = true; break;
		case 'v': o->invert = true; break;
		case 'q': o->quiet = true; break;
		case 's': o->no_messages = true; break;
		case 'n': o->line_number = true; break;
		case 'H': o->with_filename = 1; break;
		case 'h': o->with_filename = 0; break;
		case 'm':
			errno = 0;
			o->max_count = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    o->max_count < 0) {
				warnx_("-m: '%s' is not a count (a whole number, "
				    "0 or more)", optarg);
				return -1;
			}
			break;
		case 'o':
			o->out.fields = optarg;
			if (!set_mode(o, OUT_FIELDS))
				return -1;
			break;
		case 't':
			o->out.tmpl = optarg;
			if (!set_mode(o, OUT_TEMPLATE))
				return -1;
			break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_LINEBUF: o->line_buffered = true; break;
		case OPT_EXPLAIN: o->explain = true; break;
		case OPT_JSON: case OPT_CSV: case OPT_TSV: case OPT_TABLE:
			if (!set_mode(o, c == OPT_JSON ? OUT_JSON : c == OPT_CSV ?
			    OUT_CSV : c == OPT_TSV ? OUT_TSV : OUT_TABLE))
				return -1;
			break;
		case OPT_NOHEADER: o->out.header = false; break;
		case OPT_NAMES: o->out.names = true; break;
		case OPT_TIME:
			o->out.time_set = true;
			if (strcmp(optarg, "epoch") == 0)
				o->out.time = TIME_EPOCH;
			else if (strcmp(optarg, "iso") == 0)
				o->out.time = TIME_ISO;
			else if (strcmp(optarg, "local") == 0)
				o->out.time = TIME_LOCAL;
			else {
				warnx_("--time: '%s' is not epoch, iso or local",
				    optarg);
				return -1;
			}
			break;
		case OPT_COLOR:
			o->color_when = optarg != NULL ? optarg : "auto";	/* as grep */
			if (strcmp(o->color_when, "always") != 0 &&
			    strcmp(o->color_when, "never") != 0 &&
			    strcmp(o->color_when, "auto") != 0) {
				warnx_("--color: '%s' is not never, always or auto",
				    o->color_when);
				return -1;
			}
			break;
		case OPT_TO: case OPT_SQL_TABLE: case OPT_SQL_PARTITION:
			if (pushdown_option(o, c, optarg) < 0)
				return -1;
			break;
		case OPT_HELP:
			help();
			exit(0);
		case OPT_VERSION:
			printf("flowgrep %s\n", FLOWGREP_VERSION);
			exit(0);
		case ':':
			if (optopt > 0 && optopt < 256)
				warnx_("option -%c needs an argument", optopt);
			else
				warnx_("option %s needs an argument",
				    argv[optind - 1]);
			usage(stderr);
			return -1;
		default:
			if (optopt > 0 && optopt < 256)
				warnx_("unknown option -%c", optopt);
			else
				warnx_("unknown option %s", argv[optind - 1]);
			usage(stderr);
			return -1;
		}
	}
	if (optind >= argc) {
		warnx_("no expression given");
		usage(stderr);
		return -1;
	}
	if (o->out.fields != NULL && o->out.tmpl != NULL) {
		warnx_("choose one of -o and -t (a template names its fields)");
		return -1;
	}
	o->expr_src = argv[optind++];
	return optind;
}

/* "now" for relative times; FLOWGREP_NOW pins it, for tests. */
static int
resolve_now(int64_t *now_ms)
{
	const char *env = getenv("FLOWGREP_NOW");
	uint64_t v;
	int64_t span;
	struct timespec ts;

	if (env == NULL || *env == '\0') {
		clock_gettime(CLOCK_REALTIME, &ts);
		*now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		return 0;
	}
	if (parse_uint(env, strlen(env), &v) && v < 100000000000ULL) {
		*now_ms = (int64_t)v * 1000;
		return 0;
	}
	if (parse_iso_time(env, strlen(env), now_ms, &span))
		return 0;
	warnx_("FLOWGREP_NOW: '%s' is not epoch seconds or an ISO 8601 time",
	    env);
	return -1;
}

static bool
want_color(const char *when)
{
	const char *no = getenv("NO_COLOR");

	if (when == NULL || strcmp(when, "auto") == 0)
		return isatty(STDOUT_FILENO) && (no == NULL || *no == '\0');
	return strcmp(when, "always") == 0;
}

static int
setup_output(struct state *st, struct options *o)
{
	struct expr_error err;

	o->out.expr = st->expr;
	o->out.quiet = o->no_messages;
	o->out.color = want_color(o->color_when);
	if (o->count || o->quiet)	/* nothing is printed but counts */
		o->out.mode = OUT_LINE, o->out.color = false;
	if (o->out.mode == OUT_LINE && !o->out.color)
		return 0;
	st->out = output_new(&o->out, st->w, &err);
	if (st->out != NULL)
		return 0;
	report_at(o->out.mode == OUT_TEMPLATE ? "-t: " : "-o: ",
	    o->out.mode == OUT_TEMPLATE ? o->out.tmpl : o->out.fields, &err);
	return -1;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocked read returns, and we finish cleanly */
	for (int i = 0; i < 2; i++) {
		int sig = i == 0 ? SIGINT : SIGTERM;
		struct sigaction old;

		/* a background job's ignored SIGINT stays ignored */
		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sig, &sa, NULL);
	}
}

static int
run(struct state *st, int nfiles, char **files)
{
	struct record *rec = calloc(1, sizeof *rec);
	int status;

	st->buf = malloc(MAXLINE + 1);
	if (rec == NULL || st->buf == NULL) {
		warnx_("out of memory");
		free(rec);
		return 2;
	}
	expr_run_init(&st->run);
	st->has_literal = getenv("FLOWGREP_NO_PREFILTER") == NULL &&
	    expr_literal(st->expr, &st->literal, &st->literal_icase);
	if (nfiles == 0)
		read_file(st, "-", rec);
	for (int i = 0; i < nfiles && !st->stop; i++)
		read_file(st, files[i], rec);
	if (st->out != NULL)
		output_finish(st->out);
	writer_flush(st->w);
	summarize(st);
	status = st->selected > 0 ? 0 : 1;
	if (st->w->err != 0 && st->w->err != EPIPE) {
		warnx_("write error: %s", strerror(st->w->err));
		status = 2;
	}
	if (st->error)
		status = 2;
	expr_run_free(&st->run);
	free(rec);
	free(st->buf);
	return status;
}

int
main(int argc, char **argv)
{
	static struct writer w = { .fd = STDOUT_FILENO };
	struct options o = { .with_filename = -1, .max_count = -1, .to = -1,
		.pushdown = { .table = "vpc_flow_logs" } };
	struct state st = { 0 };
	struct expr_env env = { 0 };
	struct expr_error err;
	char why[96];
	int first, status = 2;

	o.out.header = true;
	if ((first = parse_args(argc, argv, &o)) < 0 ||
	    resolve_now(&env.now_ms) < 0)
		return 2;
	format_default(&st.base);
	if (o.format != NULL && format_parse(&st.base, o.format,
	    strlen(o.format), why, sizeof why) < 0) {
		warnx_("--format: %s", why);
		goto done;
	}
	if ((st.expr = expr_compile(o.expr_src, &env, &err)) == NULL) {
		report_at("", o.expr_src, &err);
		goto done;
	}
	if (o.to >= 0) {
		status = translate(&o, st.expr, &st.base);
		goto done;
	}
	if (o.explain) {
		printf("%s\n", expr_explain_text(st.expr));
		status = fflush(stdout) == 0 ? 0 : 2;
		goto done;
	}
	st.opt = &o;
	st.w = &w;
	st.show_name = o.with_filename == 1 ||
	    (o.with_filename == -1 && argc - first > 1);
	if (setup_output(&st, &o) < 0)
		goto done;
	catch_signals();
	status = run(&st, argc - first, argv + first);
done:
	output_free(st.out);
	expr_free(st.expr);
	format_free(&st.base);
	format_free(&st.header);
	free(st.header_line);
	if (got_signal) {
		signal(got_signal, SIG_DFL);
		raise(got_signal);
	}
	return status;
}
