/*
 * flowgrep: select AWS VPC flow-log records with an expression.
 *
 * This file is the face: the command line, the wiring of the input loop
 * (input.c) to the expression (expr.c) and the output (output.c), and
 * what is reported at the end.  Every record the loop reads comes to
 * on_record, which selects, counts and prints, or with --by hands the
 * record to the summary (summary.c), printed at the end and on ticks.
 */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "flowgrep.h"

struct options {
	bool count, invert, quiet, no_messages, line_number, strict;
	bool recursive;
	int jobs;                   /* threads that read files ahead */
	bool line_buffered, explain;
	int with_filename;          /* -1 unset, 0 -h, 1 -H */
	long long max_count;        /* -1: no limit */
	const char *format[MAXALTS]; /* --format, as many as given */
	int nformats;
	const char *expr_src;
	struct outopts out;
	const char *color_when;
	int to;                     /* --to: a pushdown_target, or -1 */
	struct pushdown_opts pushdown;
	bool color_bare;            /* --color without =WHEN */
	struct summary_opts summary; /* --by and the aggregates */
	long long every_ms;         /* --every: print the summary this often */
};

/* What selecting and reporting keep between records and files. */
struct state {
	const struct options *opt;
	struct expr *expr;
	struct expr_run run;        /* the evaluator's scratch and counts */
	struct output *out;
	struct summary *sum;        /* --by: records go here, not out */
	struct writer *w;
	struct format base[MAXALTS]; /* --format (a chain), or the default */
	bool show_name;
	enum index_ahead index_ahead; /* FLOWGREP_INDEX_AHEAD */
	struct slice origin;        /* @file of the reader in hand */
	bool reads_origin;          /* @file or @line is printed */
	unsigned long long selected;      /* in all files */
	unsigned long long file_selected; /* in this file, for -c */
	bool error;                 /* exit 2 at the end */
	/* the header of the format in force, printed before its first match */
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
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* --- messages ------------------------------------------------------- */

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
	warnx("%s%s", what, err->msg);
	fprintf(stderr, "  %s%.*s%s\n  %s", from > 0 ? "..." : "",
	    (int)(to - from), src + from, to < n ? "..." : "",
	    from > 0 ? "   " : "");
	for (size_t i = text_width(src + from, col - from); i > 0; i--)
		fputc(' ', stderr);
	fputc('^', stderr);
	if (col + width > to)
		width = to > col ? to - col : 1;
	for (size_t i = text_width(src + col, width); i > 1; i--)
		fputc('~', stderr);
	fputc('\n', stderr);
}

static void
usage(FILE *fp)
{
	fputs("usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | "
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
	    "  -r, --recursive        read the files below directories\n"
	    "  -j, --jobs=N           threads that read files ahead (the "
	    "cores)\n"
	    "      --format=FORMAT    the flow log's LogFormat ('${version} "
	    "${srcaddr} ...'),\n"
	    "                         or v2 to v8; several: by field count\n"
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
	    "      --by=KEYS          count the records per key: fields, "
	    "srcaddr/24, start/5m\n"
	    "      --sum=FIELDS       ... and add up these fields per key\n"
	    "      --min=FIELDS       ... the least value of these fields\n"
	    "      --max=FIELDS       ... the greatest\n"
	    "      --distinct=FIELDS  ... the number of distinct values\n"
	    "      --top=N            only the N keys first by the first "
	    "aggregate\n"
	    "      --max-keys=N       past N keys, keep the heaviest "
	    "(1000000)\n"
	    "      --every=TIME       print the summary every TIME (10s), "
	    "as it stands\n"
	    "      --list-fields      print the field names and types\n"
	    "      --help, --version\n\n"
	    "See flowgrep(1) for the expression language.\n", stdout);
}

/* --- selecting: what the input loop calls -------------------------- */

static void
where(char *buf, size_t len, const struct reader *rd)
{
	snprintf(buf, len, "%s:%llu", reader_name(rd), reader_lineno(rd));
}

static void
on_bad_line(struct reader *rd, const char *why)
{
	struct state *st = reader_ctx(rd);

	if (st->bad_lines++ == 0) {
		where(st->bad_where, sizeof st->bad_where, rd);
		snprintf(st->bad_why, sizeof st->bad_why, "%s", why);
		if (!st->opt->strict)	/* the only reason ever shown */
			reader_quiet_reasons(rd);
	}
	if (st->opt->strict) {
		warnx("%s:%llu: not a flow-log record: %s", reader_name(rd),
		    reader_lineno(rd), why);
		st->error = true;
		reader_stop(rd, true);
	}
}

static void
put_prefix(struct state *st, const struct reader *rd,
    unsigned long long lineno)
{
	if (st->show_name) {
		wr_str(st->w, reader_name(rd));
		wr_char(st->w, ':');
	}
	if (st->opt->line_number) {
		wr_uint(st->w, lineno);
		wr_char(st->w, ':');
	}
}

static void
print_selected(struct state *st, const struct reader *rd,
    const struct record *rec)
{
	const struct options *o = st->opt;
	struct slice header;
	unsigned long long header_lineno;

	if (o->out.mode == OUT_FIELDS || o->out.mode == OUT_TEMPLATE)
		put_prefix(st, rd, reader_lineno(rd));
	if (o->out.mode != OUT_LINE) {
		output_record(st->out, rec);
		return;
	}
	if (st->header_pending && reader_header(rd, &header, &header_lineno)) {
		put_prefix(st, rd, header_lineno);
		wr_put(st->w, header.p, header.n);
		wr_char(st->w, '\n');
	}
	st->header_pending = false;
	put_prefix(st, rd, reader_lineno(rd));
	if (o->out.color)
		output_line_color(st->out, rec);
	else {
		wr_put(st->w, rec->line.p, rec->line.n);
		wr_char(st->w, '\n');
	}
}

/*
 * A format comes into force: a field the expression reads that it lacks
 * is said once, and its header line is printed before its first match.
 */
static void
on_format(struct reader *rd, const struct format *fmt)
{
	struct state *st = reader_ctx(rd);
	int fids[MAXFIELDS], n = expr_fields(st->expr, fids, MAXFIELDS);

	st->header_pending = true;
	for (int i = 0; i < n; i++) {
		int f = fids[i];

		if (fmt->col_of[f] >= 0 || st->warned_lacks[f])
			continue;
		st->warned_lacks[f] = true;
		if (st->opt->no_messages)
			continue;
		fprintf(stderr, "flowgrep: warning: %s:%llu: the format has no "
		    "field '%s'; it is missing in these records (fields:",
		    reader_name(rd), reader_lineno(rd), field_get(f)->name);
		for (int c = 0; c < fmt->ncols; c++)
			fprintf(stderr, " %s", fmt->name_at[c]);
		fputs(")\n", stderr);
	}
}

/*
 * How many leading columns of this format must be split: up to the last
 * one the expression or the output reads (0: all of them).
 */
static int
on_columns(struct reader *rd, const struct format *fmt)
{
	const struct state *st = reader_ctx(rd);
	int fids[MAXFIELDS], n, want = 1;

	if (st->out != NULL && (want = output_columns_wanted(st->out, fmt)) == 0)
		return 0;
	if (st->sum != NULL)
		want = summary_columns_wanted(st->sum, fmt);
	if (want < 1)
		want = 1;
	n = expr_fields(st->expr, fids, MAXFIELDS);
	for (int i = 0; i < n; i++)
		if (fmt->col_of[fids[i]] >= want)
			want = fmt->col_of[fids[i]] + 1;
	return want;
}

/* @file and @line of a selected record, for the output and --by. */
static void
set_origin(struct state *st, const struct reader *rd, struct record *rec)
{
	const char *name = reader_name(rd);

	if (st->origin.p != name) {
		st->origin.p = name;
		st->origin.n = strlen(name);
	}
	rec->file = st->origin;
	rec->lineno = reader_lineno(rd);
}

/* Counted by record: a value read twice is one bad value. */
static void
bad_value(struct state *st, const struct reader *rd, int fid)
{
	if (st->bad_value_records++ == 0) {
		where(st->value_where, sizeof st->value_where, rd);
		st->bad_fid = fid;
	}
}

static void
on_record(struct reader *rd, struct record *rec)
{
	struct state *st = reader_ctx(rd);
	const struct options *o = st->opt;
	unsigned long before = st->run.bad_values;
	int bad_fid = -1;
	bool sel;

	/* without the literal the expression cannot be true */
	sel = (!reader_lacks_literal(rd) &&
	    expr_eval(st->expr, rec, &st->run)) != o->invert;
	if (st->run.bad_values != before)
		bad_fid = st->run.bad_fid;
	if (sel && st->reads_origin)	/* finding the line number costs */
		set_origin(st, rd, rec);
	if (sel && st->sum != NULL) {
		int fid = summary_add(st->sum, rec);

		if (bad_fid < 0)
			bad_fid = fid;
	}
	if (bad_fid >= 0)
		bad_value(st, rd, bad_fid);
	if (!sel)
		return;
	st->selected++;
	st->file_selected++;
	if (o->quiet) {
		reader_stop(rd, true);
		return;
	}
	if (!o->count && st->sum == NULL)
		print_selected(st, rd, rec);
	if (o->line_buffered)
		writer_flush(st->w);
	if (o->max_count >= 0 && st->file_selected >= (unsigned long long)
	    o->max_count)
		reader_stop(rd, false);
}

/* --every: the summary as it stands, if records came in since the last. */
static void
on_tick(struct reader *rd)
{
	struct state *st = reader_ctx(rd);

	if (st->sum != NULL && summary_changed(st->sum))
		summary_print(st->sum, &st->opt->out, st->w);
}

static void
read_file(struct state *st, struct reader *rd, const char *path)
{
	int rc;

	st->file_selected = 0;
	st->header_pending = false;
	rc = st->opt->max_count != 0 ? reader_file(rd, path) : 0;
	if (rc < 0) {
		if (!st->opt->no_messages)
			warnx("%s", reader_error(rd));
		st->error = true;
	}
	if (st->opt->count && !st->opt->quiet && rc != READ_UNOPENED) {
		if (st->show_name) {
			wr_str(st->w, strcmp(path, "-") == 0 ?
			    "(standard input)" : path);
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
		warnx("warning: %llu line%s not %sflow-log record%s; first at "
		    "%s: %s", st->bad_lines, st->bad_lines == 1 ? " was" :
		    "s were", st->bad_lines == 1 ? "a " : "",
		    st->bad_lines == 1 ? "" : "s", st->bad_where, st->bad_why);
	if (st->bad_value_records > 0)
		warnx("warning: %llu record%s a value that is not of its "
		    "field's type, counted as missing; first: field '%s' at %s",
		    st->bad_value_records, st->bad_value_records == 1 ? " had" :
		    "s had", field_get(st->bad_fid)->name, st->value_where);
	if (es->match_limit_hits > 0)
		warnx("warning: a regular expression hit its match limit %lu "
		    "time%s; those comparisons counted as unknown (neither ~ nor "
		    "!~ holds)",
		    es->match_limit_hits, es->match_limit_hits == 1 ? "" : "s");
}

/* --- the command line ------------------------------------------------ */

/* The exit status of a command that only prints: 2 if stdout failed. */
static int
stdout_status(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno != EPIPE)
		warnx("write error: %s", strerror(errno));
	return 2;
}

/*
 * One field a line: name, type and, for a closed set, its words; for
 * scripts and the shell completions, which read it.
 */
static void
list_fields(void)
{
	static const char *const type_word[] = { "integer", "count", "port",
		"protocol", "flags", "traffic-path", "time", "address",
		"string", "word" };
	int nknown = field_mark();

	for (int fid = 0; fid < nknown; fid++) {
		const struct field_info *fi = field_get(fid);
		const char *const *w = field_words(fid);

		printf("%s\t%s", fi->name, type_word[fi->type]);
		for (int i = 0; w != NULL && w[i] != NULL; i++)
			printf("%c%s", i == 0 ? '\t' : ' ', w[i]);
		putchar('\n');
	}
}

enum {
	OPT_FORMAT = 256, OPT_STRICT, OPT_LINEBUF, OPT_HELP, OPT_VERSION,
	OPT_EXPLAIN, OPT_JSON, OPT_CSV, OPT_TSV, OPT_TABLE, OPT_NOHEADER,
	OPT_TIME, OPT_NAMES, OPT_COLOR, OPT_LIST_FIELDS, OPT_TO, OPT_SQL_TABLE,
	OPT_SQL_PARTITION, OPT_BY, OPT_SUM, OPT_MIN, OPT_MAX, OPT_DISTINCT,
	OPT_TOP, OPT_MAX_KEYS, OPT_EVERY
};

static const struct option longopts[] = {
	{ "count", no_argument, NULL, 'c' },
	{ "recursive", no_argument, NULL, 'r' },
	{ "jobs", required_argument, NULL, 'j' },
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
	{ "by", required_argument, NULL, OPT_BY },
	{ "sum", required_argument, NULL, OPT_SUM },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "distinct", required_argument, NULL, OPT_DISTINCT },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "max-keys", required_argument, NULL, OPT_MAX_KEYS },
	{ "every", required_argument, NULL, OPT_EVERY },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "list-fields", no_argument, NULL, OPT_LIST_FIELDS },
	{ NULL, 0, NULL, 0 }
};

/* A whole number, 1 or more, for --top and --max-keys. */
static int
whole_number(const char *opt, const char *arg, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 10);
	if (!isdigit((unsigned char)*arg) || *end != '\0' || errno != 0 ||
	    *v == 0) {
		warnx("%s: '%s' is not a count (a whole number, 1 or more)",
		    opt, arg);
		return -1;
	}
	return 0;
}

/* --by, the aggregates, --top, --max-keys and --every. */
static int
summary_option(struct options *o, int c, const char *arg)
{
	struct summary_opts *so = &o->summary;

	switch (c) {
	case OPT_BY:
		so->by = arg;
		return 0;
	case OPT_TOP:
		return whole_number("--top", arg, &so->top);
	case OPT_MAX_KEYS:
		return whole_number("--max-keys", arg, &so->max_keys);
	case OPT_EVERY:
		o->every_ms = summary_duration(arg, strlen(arg), true);
		if (o->every_ms < 0) {
			warnx("--every: '%s' is not a time: a whole number and "
			    "ms, s, m, h or d (10s)", arg);
			return -1;
		}
		return 0;
	}
	if (so->nargs == SUMMARY_MAXARGS) {
		warnx("more than %d of --sum, --min, --max and --distinct",
		    SUMMARY_MAXARGS);
		return -1;
	}
	so->args[so->nargs].kind = c == OPT_SUM ? AGG_SUM : c == OPT_MIN ?
	    AGG_MIN : c == OPT_MAX ? AGG_MAX : AGG_DISTINCT;
	so->args[so->nargs++].list = arg;
	return 0;
}

static bool
summarizing(const struct options *o)
{
	return o->summary.by != NULL || o->summary.nargs > 0;
}

/* What goes with a summary and what does not. */
static int
summary_fits(const struct options *o)
{
	const char *alone = o->summary.top > 0 ? "--top" :
	    o->summary.max_keys > 0 ? "--max-keys" :
	    o->every_ms > 0 ? "--every" : NULL;

	if (!summarizing(o) && alone != NULL) {
		warnx("%s needs --by (or --sum, --min, --max, --distinct)",
		    alone);
		return -1;
	}
	if (summarizing(o) && o->count) {
		warnx("choose one of -c and --by (a summary has the counts)");
		return -1;
	}
	if (summarizing(o) && (o->line_number || o->with_filename == 1)) {
		warnx("%s says where each record was read; a summary prints "
		    "groups (--by @file groups by file)",
		    o->line_number ? "-n" : "-H");
		return -1;
	}
	return 0;
}

/* --to and the options of its Athena query. */
static int
pushdown_option(struct options *o, int c, const char *arg)
{
	if (c == OPT_TO && (o->to = pushdown_target_lookup(arg)) < 0) {
		warnx("--to: '%s' is not filter-pattern, insights or athena",
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
			warnx("--sql-partition: '%s' is not date, day or none",
			    arg);
			return -1;
		}
	}
	return 0;
}

/* --to: print the expression as the target's query, and exit. */
static int
translate(const struct options *o, const struct expr *e,
    const struct format *base)
{
	struct pushdown_opts po = o->pushdown;
	const struct format *fmts[MAXALTS];
	int n = o->nformats > 0 ? o->nformats : 1;
	char msg[1024];

	for (int i = 0; i < n; i++)
		fmts[i] = &base[i];
	po.custom_format = o->nformats > 0;
	po.invert = o->invert;
	if (pushdown_print(o->to, e, fmts, n, &po, stdout, msg,
	    sizeof msg) < 0) {
		warnx("%s", msg);
		return 2;
	}
	if (msg[0] != '\0' && !o->no_messages)
		warnx("note: %s", msg);
	return stdout_status();
}

/*
 * An unknown --word, or one that abbreviates several options (getopt
 * accepts a prefix of exactly one): say which.
 */
static void
bad_long_option(const char *arg)
{
	size_t n = strcspn(arg + 2, "=");
	char names[200] = "";
	int k = 0, len = 0;

	for (const struct option *lo = longopts; lo->name != NULL; lo++)
		if (strncmp(lo->name, arg + 2, n) == 0 && len >= 0 &&
		    (size_t)len < sizeof names) {
			len += snprintf(names + len, sizeof names - (size_t)len,
			    "%s--%s", k > 0 ? ", " : "", lo->name);
			k++;
		}
	if (k > 1)
		warnx("option %.*s is ambiguous (%s)", (int)n + 2, arg, names);
	else
		warnx("unknown option %s", arg);
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
		warnx("choose one of --json, --csv, --tsv, --table and -t");
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
	while ((c = getopt_long(argc, argv, ":cvj:m:qsnHhro:t:", longopts,
	    NULL)) != -1) {
		char *end;

		switch (c) {
		case 'c': o->count = true; break;
		case 'r': o->recursive = true; break;
		case 'j':
			errno = 0;
			o->jobs = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    o->jobs < 1 || o->jobs > 256) {
				warnx("-j: '%s' is not a number of threads (1 to "
				    "256)", optarg);
				return -1;
			}
			break;
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
				warnx("-m: '%s' is not a count (a whole number, "
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
		case OPT_FORMAT:
			if (o->nformats == MAXALTS) {
				warnx("--format: at most %d formats", MAXALTS);
				return -1;
			}
			o->format[o->nformats++] = optarg;
			break;
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
				warnx("--time: '%s' is not epoch, iso or local",
				    optarg);
				return -1;
			}
			break;
		case OPT_COLOR:
			o->color_when = optarg != NULL ? optarg : "auto";	/* as grep */
			o->color_bare = optarg == NULL;
			if (strcmp(o->color_when, "always") != 0 &&
			    strcmp(o->color_when, "never") != 0 &&
			    strcmp(o->color_when, "auto") != 0) {
				warnx("--color: '%s' is not never, always or auto",
				    o->color_when);
				return -1;
			}
			break;
		case OPT_TO: case OPT_SQL_TABLE: case OPT_SQL_PARTITION:
			if (pushdown_option(o, c, optarg) < 0)
				return -1;
			break;
		case OPT_BY: case OPT_SUM: case OPT_MIN: case OPT_MAX:
		case OPT_DISTINCT: case OPT_TOP: case OPT_MAX_KEYS: case OPT_EVERY:
			if (summary_option(o, c, optarg) < 0)
				return -1;
			break;
		case OPT_HELP:
			help();
			exit(stdout_status());
		case OPT_VERSION:
			printf("flowgrep %s\n", FLOWGREP_VERSION);
			exit(stdout_status());
		case OPT_LIST_FIELDS:
			list_fields();
			exit(stdout_status());
		case ':':
			if (optopt > 0 && optopt < 256)
				warnx("option -%c needs an argument", optopt);
			else
				warnx("option %s needs an argument",
				    argv[optind - 1]);
			usage(stderr);
			return -1;
		default:
			if (optopt > 0 && optopt < 256)
				warnx("unknown option -%c", optopt);
			else
				bad_long_option(argv[optind - 1]);
			usage(stderr);
			return -1;
		}
	}
	if (optind >= argc) {
		warnx("no expression given");
		usage(stderr);
		return -1;
	}
	if (o->out.fields != NULL && o->out.tmpl != NULL) {
		warnx("choose one of -o and -t (a template names its fields)");
		return -1;
	}
	if (summary_fits(o) < 0)
		return -1;
	o->expr_src = argv[optind++];
	return optind;
}

/* A word of an expression, rather than a file name: and, x=1, (... */
static bool
expression_word(const char *arg)
{
	return strcasecmp(arg, "and") == 0 || strcasecmp(arg, "or") == 0 ||
	    strcasecmp(arg, "not") == 0 || strpbrk(arg, "=<>~!()") != NULL;
}

/*
 * flowgrep dstport=22 and action=REJECT f: the shell cut the expression
 * into words, and "and" is taken for a file.  Before reading anything,
 * say how to write it.
 */
static bool
unquoted_expression(const char *expr, int nfiles, char **files)
{
	struct stat sb;
	int k = 0;

	while (k < nfiles && strcmp(files[k], "-") != 0 &&
	    stat(files[k], &sb) < 0 && errno == ENOENT &&
	    expression_word(files[k]))
		k++;
	if (k == 0)
		return false;
	fprintf(stderr, "flowgrep: %s: no such file; the expression is one "
	    "argument, quote it:\n  flowgrep '%s", files[0], expr);
	for (int i = 0; i < k; i++)
		fprintf(stderr, " %s", files[i]);
	fputs("'", stderr);
	for (int i = k; i < nfiles; i++)
		fprintf(stderr, " %s", files[i]);
	fputs("\n", stderr);
	return true;
}

/*
 * The formats of --format, chained: a line is read in the one with its
 * number of fields, so each needs a number of its own.  None given: v2.
 */
static int
set_formats(struct format *base, const struct options *o)
{
	char why[128];

	if (o->nformats == 0) {
		format_default(&base[0]);
		return 0;
	}
	for (int i = 0; i < o->nformats; i++) {
		const char *text = o->format[i];

		if (format_parse(&base[i], text, strlen(text), why,
		    sizeof why) < 0 || format_check_names(&base[i], why,
		    sizeof why) < 0) {
			warnx("--format: %s", why);
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (base[j].ncols == base[i].ncols) {
				warnx("--format %s: %d fields, as many as --format "
				    "%s; a line could not tell them apart", text,
				    base[i].ncols, o->format[j]);
				return -1;
			}
		if (i > 0)
			base[i - 1].alt = &base[i];
	}
	return 0;
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
	warnx("FLOWGREP_NOW: '%s' is not epoch seconds or an ISO 8601 time",
	    env);
	return -1;
}

/* FLOWGREP_INDEX_AHEAD, for tests: when -j workers index plain files. */
static int
resolve_index_ahead(enum index_ahead *when)
{
	const char *env = getenv("FLOWGREP_INDEX_AHEAD");

	*when = AHEAD_WHEN_BEHIND;
	if (env == NULL || *env == '\0')
		return 0;
	if (strcmp(env, "always") == 0)
		*when = AHEAD_ALWAYS;
	else if (strcmp(env, "never") == 0)
		*when = AHEAD_NEVER;
	else {
		warnx("FLOWGREP_INDEX_AHEAD: '%s' is not always or never",
		    env);
		return -1;
	}
	return 0;
}

static bool
want_color(const char *when)
{
	const char *no = getenv("NO_COLOR");

	if (when == NULL || strcmp(when, "auto") == 0)
		return isatty(STDOUT_FILENO) && (no == NULL || *no == '\0');
	return strcmp(when, "always") == 0;
}

static void
report_output(const struct outopts *o, const struct expr_error *err)
{
	report_at(o->mode == OUT_TEMPLATE ? "-t: " : "-o: ",
	    o->mode == OUT_TEMPLATE ? o->tmpl : o->fields, err);
}

/*
 * A summary is a table at a terminal; in a pipe, its rows are fields
 * separated by spaces without a header, for awk and sort.  A -o list or
 * template may name only the summary's columns.
 */
static int
setup_summary(struct state *st, struct options *o)
{
	struct summary_error e;
	struct expr_error err;
	struct output *check;
	char what[32];

	if ((st->sum = summary_new(&o->summary, &e)) == NULL) {
		snprintf(what, sizeof what, "%s: ", e.option);
		report_at(what, e.text, &e.at);
		return -1;
	}
	if (o->out.mode == OUT_LINE)
		o->out.mode = isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_FIELDS;
	if (o->out.fields == NULL && o->out.mode != OUT_TEMPLATE)
		o->out.fields = "all";
	check = output_new(&o->out, st->w, &err);
	if (check == NULL ||
	    output_check_fields(check, summary_format(st->sum), &err) < 0) {
		report_output(&o->out, &err);
		output_free(check);
		return -1;
	}
	output_free(check);
	return 0;
}

static int
setup_output(struct state *st, struct options *o)
{
	struct expr_error err;

	o->out.expr = st->expr;
	o->out.quiet = o->no_messages;
	o->out.with_file = st->show_name && !summarizing(o);
	o->out.with_line = o->line_number && !summarizing(o);
	o->out.color = want_color(o->color_when);
	if (o->count || o->quiet)	/* nothing is printed but counts */
		o->out.mode = OUT_LINE, o->out.color = false;
	if (summarizing(o) && !o->quiet)
		return setup_summary(st, o);
	if (o->out.mode == OUT_LINE && !o->out.color)
		return 0;
	st->out = output_new(&o->out, st->w, &err);
	if (st->out != NULL)
		return 0;
	report_output(&o->out, &err);
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

/* The files to read, in order. */
struct paths {
	char **v;
	int n, cap;
};

static void
add_path(struct paths *ps, char *path)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->v = xreallocarray(ps->v, (size_t)ps->cap, sizeof *ps->v);
	}
	ps->v[ps->n++] = path;
}

static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * -r: the files below a directory, in the order of their names, so an
 * AWSLogs/.../yyyy/mm/dd tree is read in time order and a rerun reads
 * the same order.  Links met on the way are not followed, as grep -r.
 */
static void
add_tree(struct state *st, struct paths *ps, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, visible, alphasort);

	if (n < 0) {
		if (!st->opt->no_messages)
			warnx("%s: %s", dir, strerror(errno));
		st->error = true;
		return;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = xmalloc(len);
		struct stat sb;

		snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ?
		    "" : "/", names[i]->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			add_tree(st, ps, path);
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			add_path(ps, path);
		else
			free(path);
		free(names[i]);
	}
	free(names);
}

/*
 * The files the operands name: with -r, those below a directory; no
 * operand is standard input (the current directory with -r).
 */
static void
list_files(struct state *st, struct paths *ps, int nfiles, char **files)
{
	const char *none = st->opt->recursive ? "." : "-";

	for (int i = 0; i < (nfiles > 0 ? nfiles : 1); i++) {
		const char *path = nfiles > 0 ? files[i] : none;
		struct stat sb;

		if (st->opt->recursive && strcmp(path, "-") != 0 &&
		    stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			add_tree(st, ps, path);
		else
			add_path(ps, xstrndup(path, strlen(path)));
	}
}

/*
 * Is standard input read ahead like a file?  When it is a regular file
 * (< file), and named once: a pipe is read as its records come.
 */
static bool
stdin_ahead(const struct paths *ps)
{
	struct stat sb;
	int named = 0;

	for (int i = 0; i < ps->n; i++)
		named += strcmp(ps->v[i], "-") == 0;
	return named == 1 && fstat(STDIN_FILENO, &sb) == 0 &&
	    S_ISREG(sb.st_mode);
}

static struct reader *
new_reader(struct state *st)
{
	static const struct reader_hooks hooks = { .record = on_record,
	    .bad_line = on_bad_line, .format = on_format,
	    .columns = on_columns, .tick = on_tick };
	struct reader_opts ro = { 0 };

	ro.base = &st->base[0];
	ro.has_literal = getenv("FLOWGREP_NO_PREFILTER") == NULL &&
	    expr_literal(st->expr, &ro.literal, &ro.literal_icase);
	ro.invert = st->opt->invert;
	ro.invert_reads_columns = st->out != NULL || st->sum != NULL;
	ro.w = st->w;
	ro.interrupted = &got_signal;
	ro.tick_ms = st->sum != NULL ? st->opt->every_ms : 0;
	ro.index_ahead = st->index_ahead;
	ro.ctx = st;
	return reader_new(&hooks, &ro);
}

static int
run(struct state *st, int nfiles, char **files)
{
	struct reader *rd = new_reader(st);
	int status;

	struct paths ps = { 0 }, ahead = { 0 };
	bool read_stdin_ahead;

	expr_run_init(&st->run, st->expr);
	list_files(st, &ps, nfiles, files);
	read_stdin_ahead = stdin_ahead(&ps);
	for (int i = 0; i < ps.n; i++)
		if (strcmp(ps.v[i], "-") != 0 || read_stdin_ahead)
			add_path(&ahead, ps.v[i]);
	reader_plan(rd, ahead.v, ahead.n, st->opt->jobs);
	for (int i = 0; i < ps.n && !reader_stopped(rd); i++)
		read_file(st, rd, ps.v[i]);
	if (st->out != NULL)
		output_finish(st->out);
	if (st->sum != NULL && summary_changed(st->sum))
		summary_print(st->sum, &st->opt->out, st->w);
	writer_flush(st->w);
	summarize(st);
	if (st->sum != NULL && !st->opt->no_messages)
		summary_notes(st->sum, stderr);
	status = st->selected > 0 ? 0 : 1;
	if (st->w->err != 0 && st->w->err != EPIPE) {
		warnx("write error: %s", strerror(st->w->err));
		status = 2;
	}
	if (st->error)
		status = 2;
	expr_run_free(&st->run);
	reader_free(rd);
	for (int i = 0; i < ps.n; i++)
		free(ps.v[i]);
	free(ps.v);
	free(ahead.v);
	return status;
}

int
main(int argc, char **argv)
{
	static struct writer w = { .fd = STDOUT_FILENO };
	struct options o = { .with_filename = -1, .max_count = -1, .to = -1,
		.pushdown = { .table = "vpc_flow_logs" } };
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct state st = { 0 };
	struct expr_env env = { 0 };
	struct expr_error err;
	int first, status = 2;

	o.out.header = true;
	o.jobs = cores > 0 ? (cores < 256 ? (int)cores : 256) : 1;
	if ((first = parse_args(argc, argv, &o)) < 0 ||
	    resolve_now(&env.now_ms) < 0 ||
	    resolve_index_ahead(&st.index_ahead) < 0)
		return 2;
	if (set_formats(st.base, &o) < 0)
		goto done;
	if ((st.expr = expr_compile(o.expr_src, &env, &err)) == NULL) {
		report_at("", o.expr_src, &err);
		if (o.color_bare && (strcmp(o.expr_src, "always") == 0 ||
		    strcmp(o.expr_src, "never") == 0 ||
		    strcmp(o.expr_src, "auto") == 0))
			warnx("(--color takes its value after '=': --color=%s)",
			    o.expr_src);
		goto done;
	}
	if (unquoted_expression(o.expr_src, argc - first, argv + first))
		goto done;
	if (o.to >= 0) {
		status = translate(&o, st.expr, st.base);
		goto done;
	}
	if (o.explain) {
		printf("%s\n", expr_explain_text(st.expr));
		status = stdout_status();
		goto done;
	}
	st.opt = &o;
	st.w = &w;
	st.show_name = o.with_filename == 1 ||
	    (o.with_filename == -1 && (argc - first > 1 || o.recursive));
	if (setup_output(&st, &o) < 0)
		goto done;
	st.reads_origin = (st.out != NULL && output_reads_origin(st.out)) ||
	    (st.sum != NULL && summary_reads_origin(st.sum));
	catch_signals();
	status = run(&st, argc - first, argv + first);
done:
	output_free(st.out);
	summary_free(st.sum);
	expr_free(st.expr);
	for (int i = 0; i < MAXALTS; i++)
		format_free(&st.base[i]);
	if (got_signal) {
		signal(got_signal, SIG_DFL);
		raise(got_signal);
	}
	return status;
}
