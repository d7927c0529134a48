/*
 * parse.c: the field dictionary, flow-log formats, and the record view.
 *
 * A line becomes a struct record of slices into the caller's buffer:
 * nothing is copied and nothing is allocated per line.  Values are
 * converted only when the expression or the output asks for them.
 */
#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * SIMD paths where the processor has them; FLOWGREP_PORTABLE builds the
 * plain C paths that other processors (arm64) run, which make check
 * builds and tests too.
 */
#if defined(__SSE2__) && !defined(FLOWGREP_PORTABLE)
#include <emmintrin.h>
#define HAVE_SSE2_PATH 1
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(FLOWGREP_PORTABLE)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

#include "flowgrep.h"

/* --- the field dictionary ------------------------------------------ */

static struct field_info fields[MAXFIELDS] = {
	[F_VERSION] = { "version", T_INT },
	[F_ACCOUNT_ID] = { "account-id", T_STR },
	[F_INTERFACE_ID] = { "interface-id", T_STR },
	[F_SRCADDR] = { "srcaddr", T_ADDR },
	[F_DSTADDR] = { "dstaddr", T_ADDR },
	[F_SRCPORT] = { "srcport", T_PORT },
	[F_DSTPORT] = { "dstport", T_PORT },
	[F_PROTOCOL] = { "protocol", T_PROTO },
	[F_PACKETS] = { "packets", T_COUNT },
	[F_BYTES] = { "bytes", T_COUNT },
	[F_START] = { "start", T_TIME },
	[F_END] = { "end", T_TIME },
	[F_ACTION] = { "action", T_ENUM },
	[F_LOG_STATUS] = { "log-status", T_ENUM },
	[F_VPC_ID] = { "vpc-id", T_STR },
	[F_SUBNET_ID] = { "subnet-id", T_STR },
	[F_INSTANCE_ID] = { "instance-id", T_STR },
	[F_TCP_FLAGS] = { "tcp-flags", T_FLAGS },
	[F_TYPE] = { "type", T_ENUM },
	[F_PKT_SRCADDR] = { "pkt-srcaddr", T_ADDR },
	[F_PKT_DSTADDR] = { "pkt-dstaddr", T_ADDR },
	[F_REGION] = { "region", T_STR },
	[F_AZ_ID] = { "az-id", T_STR },
	[F_SUBLOCATION_TYPE] = { "sublocation-type", T_ENUM },
	[F_SUBLOCATION_ID] = { "sublocation-id", T_STR },
	[F_PKT_SRC_AWS_SERVICE] = { "pkt-src-aws-service", T_ENUM },
	[F_PKT_DST_AWS_SERVICE] = { "pkt-dst-aws-service", T_ENUM },
	[F_FLOW_DIRECTION] = { "flow-direction", T_ENUM },
	[F_TRAFFIC_PATH] = { "traffic-path", T_TPATH },
	[F_TIMESTAMP] = { "@timestamp", T_TIME },
	[F_LOGSTREAM] = { "@logStream", T_STR },
	[F_DURATION] = { "duration", T_INT },
	[F_ADDR] = { "addr", T_ADDR },
	[F_PORT] = { "port", T_PORT },
	[F_FILE] = { "@file", T_STR },
	[F_LINE] = { "@line", T_COUNT },
	/* version 7: ECS */
	{ "ecs-cluster-arn", T_STR }, { "ecs-cluster-name", T_STR },
	{ "ecs-container-instance-arn", T_STR },
	{ "ecs-container-instance-id", T_STR },
	{ "ecs-container-id", T_STR }, { "ecs-second-container-id", T_STR },
	{ "ecs-service-name", T_STR }, { "ecs-task-definition-arn", T_STR },
	{ "ecs-task-arn", T_STR }, { "ecs-task-id", T_STR },
	/* version 8 and later */
	{ "reject-reason", T_ENUM }, { "resource-id", T_STR },
	{ "encryption-status", T_INT }, { "interface-type", T_ENUM },
	{ "next-hop-interface-id", T_STR }, { "next-hop-subnet-id", T_STR },
	{ "next-hop-az-id", T_STR }, { "next-hop-vpc-id", T_STR },
	{ "next-hop-interface-type", T_ENUM },
	{ "instance-tag", T_STR }, { "instance-tag-2", T_STR },
	{ "interface-tag", T_STR }, { "interface-tag-2", T_STR },
	{ "asg-tag", T_STR }, { "asg-tag-2", T_STR },
	/* Transit Gateway flow logs (version 6) */
	{ "resource-type", T_ENUM }, { "tgw-id", T_STR },
	{ "tgw-attachment-id", T_STR }, { "tgw-src-vpc-account-id", T_STR },
	{ "tgw-dst-vpc-account-id", T_STR }, { "tgw-src-vpc-id", T_STR },
	{ "tgw-dst-vpc-id", T_STR }, { "tgw-src-subnet-id", T_STR },
	{ "tgw-dst-subnet-id", T_STR }, { "tgw-src-eni", T_STR },
	{ "tgw-dst-eni", T_STR }, { "tgw-src-az-id", T_STR },
	{ "tgw-dst-az-id", T_STR }, { "tgw-pair-attachment-id", T_STR },
	{ "packets-lost-no-route", T_COUNT },
	{ "packets-lost-blackhole", T_COUNT },
	{ "packets-lost-mtu-exceeded", T_COUNT },
	{ "packets-lost-ttl-expired", T_COUNT },
};

static const struct {
	const char *alias;
	int fid;
} aliases[] = {
	{ "src", F_SRCADDR }, { "dst", F_DSTADDR },
	{ "sport", F_SRCPORT }, { "dport", F_DSTPORT },
	{ "proto", F_PROTOCOL }, { "eni", F_INTERFACE_ID },
	{ "starttime", F_START }, { "endtime", F_END },
	{ "flags", F_TCP_FLAGS },
};

#define NALIASES (sizeof aliases / sizeof aliases[0])
#define FOLDMAX 128

/* Count of the fields compiled in; names met at run time follow. */
static int nknown;
static int nfields;
/*
 * Each name folded (see fold_name) once: a line that is not a record is
 * looked at as a header, a lookup a word, and must not fold the whole
 * dictionary each time.
 */
static char *folded_field[MAXFIELDS], *folded_alias[NALIASES];

/*
 * The fields by folded name, open addressing: a line that is not a
 * record is looked at as a header, a lookup a word, so a file of short
 * words would otherwise scan the whole dictionary for each of them.
 * Folded names are unique (field_define adds none that folds like one
 * it has).  Slots hold fid + 1; 0 is empty.
 */
#define FOLD_SLOTS (2 * MAXFIELDS)
static short fold_slot[FOLD_SLOTS];

static size_t
fold_hash(const char *folded)
{
	uint32_t h = 2166136261u;

	for (; *folded != '\0'; folded++)
		h = (h ^ (unsigned char)*folded) * 16777619u;
	return h & (FOLD_SLOTS - 1);
}

static void
fold_index(int fid)
{
	size_t i = fold_hash(folded_field[fid]);

	while (fold_slot[i] != 0) {
		if (strcmp(folded_field[fold_slot[i] - 1], folded_field[fid]) == 0)
			return;	/* the first of a spelling stays */
		i = (i + 1) & (FOLD_SLOTS - 1);
	}
	fold_slot[i] = (short)(fid + 1);
}

static int
fold_find(const char *folded)
{
	for (size_t i = fold_hash(folded); fold_slot[i] != 0;
	    i = (i + 1) & (FOLD_SLOTS - 1))
		if (strcmp(folded_field[fold_slot[i] - 1], folded) == 0)
			return fold_slot[i] - 1;
	return -1;
}

/* Case, '-' and '_' do not count: dstPort, dst_port and dstport agree. */
static size_t
fold_name(const char *p, size_t n, char *out, size_t outlen)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < outlen; i++) {
		if (p[i] == '-' || p[i] == '_')
			continue;
		out[k++] = (char)tolower((unsigned char)p[i]);
	}
	out[k] = '\0';
	return k;
}

static char *
folded_copy(const char *name)
{
	char f[FOLDMAX];

	return xstrndup(f, fold_name(name, strlen(name), f, sizeof f));
}

static void
dictionary_init(void)
{
	if (nfields != 0)
		return;
	while (nknown < MAXFIELDS && fields[nknown].name != NULL) {
		folded_field[nknown] = folded_copy(fields[nknown].name);
		fold_index(nknown);
		nknown++;
	}
	for (size_t i = 0; i < NALIASES; i++)
		folded_alias[i] = folded_copy(aliases[i].alias);
	nfields = nknown;
}

int
field_lookup(const char *name, size_t n)
{
	char want[FOLDMAX];
	int f;

	dictionary_init();
	if (n >= sizeof want)
		return -1;
	fold_name(name, n, want, sizeof want);
	if ((f = fold_find(want)) >= 0)
		return f;
	for (size_t i = 0; i < NALIASES; i++)
		if (strcmp(want, folded_alias[i]) == 0)
			return aliases[i].fid;
	return -1;
}

int
field_define(const char *name, size_t n)
{
	int f = field_lookup(name, n);
	char *copy;

	if (f >= 0)
		return f;
	if (nfields >= MAXFIELDS)
		return -1;
	copy = xstrndup(name, n);
	fields[nfields].name = copy;
	fields[nfields].type = T_STR;
	folded_field[nfields] = folded_copy(copy);
	fold_index(nfields);
	return nfields++;
}

int
field_define_typed(const char *name, size_t n, enum ftype type)
{
	int f = field_lookup(name, n);

	if (f >= 0)
		return f;
	if ((f = field_define(name, n)) >= 0)
		fields[f].type = type;
	return f;
}

const struct field_info *
field_get(int fid)
{
	dictionary_init();
	return fid >= 0 && fid < nfields ? &fields[fid] : NULL;
}

/*
 * The dictionary's size, and a return to it: the fuzz harnesses release
 * the names one input met before the next, so that no run depends on
 * the inputs before it.  Nothing may refer to the released names.
 */
int
field_mark(void)
{
	dictionary_init();
	return nfields;
}

void
field_release(int mark)
{
	dictionary_init();
	if (nfields <= mark || nfields <= nknown)
		return;
	while (nfields > mark && nfields > nknown) {
		nfields--;
		free((char *)fields[nfields].name);
		fields[nfields].name = NULL;
		free(folded_field[nfields]);
		folded_field[nfields] = NULL;
	}
	/* rare (the fuzzers' reset): index what is left again */
	memset(fold_slot, 0, sizeof fold_slot);
	for (int f = 0; f < nfields; f++)
		fold_index(f);
}

bool
field_is_known(int fid)
{
	dictionary_init();
	return fid >= 0 && fid < nknown;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[128];

	if (lb >= 128)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

int
field_suggest(const char *name, size_t n)
{
	char want[FOLDMAX];
	size_t best = (size_t)-1;
	int bestf = -1;

	if (n >= sizeof want)
		return -1;
	dictionary_init();
	fold_name(name, n, want, sizeof want);
	for (int f = 0; f < nknown; f++) {
		size_t d = edit_distance(want, folded_field[f]);

		if (d < best) {
			best = d;
			bestf = f;
		}
	}
	/* A suggestion more different than alike helps nobody. */
	return best <= 1 + strlen(want) / 4 ? bestf : -1;
}

/*
 * The words a field of a closed set can hold, as AWS writes them; NULL
 * for the open ones (AWS adds service names, reject reasons, ...).
 */
const char *const *
field_words(int fid)
{
	static const char *const action[] = { "ACCEPT", "REJECT", NULL };
	static const char *const status[] = { "OK", "NODATA", "SKIPDATA",
		NULL };
	static const char *const type[] = { "IPv4", "IPv6", "EFA", NULL };
	static const char *const subloc[] = { "wavelength", "outpost",
		"localzone", NULL };
	static const char *const direction[] = { "ingress", "egress", NULL };

	switch (fid) {
	case F_ACTION: return action;
	case F_LOG_STATUS: return status;
	case F_TYPE: return type;
	case F_SUBLOCATION_TYPE: return subloc;
	case F_FLOW_DIRECTION: return direction;
	default: return NULL;
	}
}

/* The word of fid's set closest to p (ignoring case), if one is close. */
const char *
field_word_suggest(int fid, const char *p, size_t n)
{
	const char *const *w = field_words(fid), *best = NULL;
	char want[64], have[64];
	size_t bestd = (size_t)-1;

	static const struct {
		int fid;
		const char *other, *word;
	} synonyms[] = {	/* the words of other tools and docs */
		{ F_ACTION, "allow", "ACCEPT" }, { F_ACTION, "permit", "ACCEPT" },
		{ F_ACTION, "deny", "REJECT" }, { F_ACTION, "drop", "REJECT" },
		{ F_ACTION, "block", "REJECT" },
		{ F_FLOW_DIRECTION, "inbound", "ingress" },
		{ F_FLOW_DIRECTION, "in", "ingress" },
		{ F_FLOW_DIRECTION, "outbound", "egress" },
		{ F_FLOW_DIRECTION, "out", "egress" },
	};

	if (w == NULL || n >= sizeof want)
		return NULL;
	for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
		if (synonyms[i].fid == fid && strlen(synonyms[i].other) == n &&
		    strncasecmp(synonyms[i].other, p, n) == 0)
			return synonyms[i].word;
	for (size_t i = 0; i < n; i++)
		want[i] = (char)tolower((unsigned char)p[i]);
	want[n] = '\0';
	for (; *w != NULL; w++) {
		size_t k = strlen(*w), d;

		for (size_t i = 0; i <= k; i++)
			have[i] = (char)tolower((unsigned char)(*w)[i]);
		if ((d = edit_distance(want, have)) < bestd) {
			bestd = d;
			best = *w;
		}
	}
	return bestd <= 1 + n / 3 ? best : NULL;
}

/*
 * The field a name the user wrote stands for: an AWS name in any
 * spelling, an alias, or ${name} for a name only a header knows (added
 * to the dictionary).  -1, with why, when there is none.
 */
int
field_resolve(const char *p, size_t n, char *why, size_t whylen)
{
	int fid, sug;

	if (n > 3 && p[0] == '$' && p[1] == '{' && p[n - 1] == '}') {
		if (!field_name_ok(p + 2, n - 3)) {
			snprintf(why, whylen, "'%.*s' is not a field name (a "
			    "letter, then letters, digits, - and _)", (int)n, p);
			return -1;
		}
		if ((fid = field_define(p + 2, n - 3)) < 0)
			snprintf(why, whylen, "too many distinct field names");
		return fid;
	}
	if ((fid = field_lookup(p, n)) >= 0)
		return fid;
	if ((sug = field_suggest(p, n)) >= 0)
		snprintf(why, whylen, "unknown field '%.*s' (did you mean "
		    "'%s'?)", (int)n, p, fields[sug].name);
	else
		snprintf(why, whylen, "unknown field '%.*s' (a field that only "
		    "a header names can be written ${%.*s})", (int)n, p, (int)n,
		    p);
	return -1;
}

bool
list_item(const char *t, size_t n, size_t *at, size_t *a, size_t *b)
{
	size_t i = *at;

	if (i > n)
		return false;
	while (i < n && t[i] != ',')
		i++;
	for (*a = *at; *a < i && isspace((unsigned char)t[*a]); (*a)++)
		;
	for (*b = i; *b > *a && isspace((unsigned char)t[*b - 1]); (*b)--)
		;
	*at = i + 1;
	return true;
}

/* --- formats ------------------------------------------------------- */

static unsigned long format_serial;

static void
format_reset(struct format *fmt)
{
	free(fmt->names);
	memset(fmt, 0, sizeof *fmt);
	for (int f = 0; f < MAXFIELDS; f++)
		fmt->col_of[f] = -1;
	fmt->serial = ++format_serial;
}

void
format_free(struct format *fmt)
{
	free(fmt->names);
	fmt->names = NULL;
}

static bool
is_name_byte(int c)
{
	return islower(c) || isdigit(c) || c == '-' || c == '_';
}

/* A field name: a letter, then letters, digits, - and _. */
bool
field_name_ok(const char *p, size_t n)
{
	if (n == 0 || !isalpha((unsigned char)p[0]))
		return false;
	for (size_t j = 0; j < n; j++)
		if (!is_name_byte(tolower((unsigned char)p[j])))
			return false;
	return true;
}

/*
 * The formats AWS names by version: every field of the VPC versions up
 * to it, in the order of AWS's field table (v6 is the Transit Gateway
 * default, which has fields of its own).
 */
#define V2_FIELDS "version account-id interface-id srcaddr dstaddr srcport " \
	"dstport protocol packets bytes start end action log-status"
#define V3_FIELDS V2_FIELDS " vpc-id subnet-id instance-id tcp-flags type " \
	"pkt-srcaddr pkt-dstaddr"
#define V4_FIELDS V3_FIELDS " region az-id sublocation-type sublocation-id"
#define V5_FIELDS V4_FIELDS " pkt-src-aws-service pkt-dst-aws-service " \
	"flow-direction traffic-path"
#define V7_FIELDS V5_FIELDS " ecs-cluster-arn ecs-cluster-name " \
	"ecs-container-instance-arn ecs-container-instance-id " \
	"ecs-container-id ecs-second-container-id ecs-service-name " \
	"ecs-task-definition-arn ecs-task-arn ecs-task-id"
#define V8_FIELDS V7_FIELDS " reject-reason"
#define V6_FIELDS "version resource-type account-id tgw-id " \
	"tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id " \
	"tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id " \
	"tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id " \
	"tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol " \
	"packets bytes start end log-status type packets-lost-no-route " \
	"packets-lost-blackhole packets-lost-mtu-exceeded " \
	"packets-lost-ttl-expired tcp-flags region flow-direction " \
	"pkt-src-aws-service pkt-dst-aws-service"

static const struct {
	const char *name;
	const char *fields;
	int count;
} versions[] = {
	{ "v2", V2_FIELDS, 14 }, { "v3", V3_FIELDS, 21 },
	{ "v4", V4_FIELDS, 25 }, { "v5", V5_FIELDS, 29 },
	{ "v6", V6_FIELDS, 36 }, { "v7", V7_FIELDS, 39 },
	{ "v8", V8_FIELDS, 40 },
};

/* The fields of "v5" (or "5", "version5"), or NULL. */
static const char *
version_fields(const char *p, size_t n)
{
	if (n > 7 && strncasecmp(p, "version", 7) == 0)
		p += 7, n -= 7;
	else if (n > 1 && (p[0] == 'v' || p[0] == 'V'))
		p++, n--;
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
		if (n == 1 && p[0] == versions[i].name[1])
			return versions[i].fields;
	return NULL;
}

/*
 * Install the names of text into fmt.  Each name may be written as in
 * a LogFormat (${srcaddr}) or bare (srcaddr), separated by white space.
 */
int
format_parse(struct format *fmt, const char *text, size_t n, char *err,
    size_t errlen)
{
	size_t i = 0, k = 0, word;
	const char *shorthand;

	format_reset(fmt);
	/* the LogFormat as pasted from describe-flow-logs, quotes and all */
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*text))
		text++, n--;
	if (n >= 2 && (text[0] == '\'' || text[0] == '"') && text[n - 1] == text[0])
		text++, n -= 2;
	if ((shorthand = version_fields(text, n)) != NULL) {
		text = shorthand;
		n = strlen(shorthand);
	}
	fmt->names = xmalloc(n + 1);
	while (i < n) {
		size_t start, len;
		int fid;

		while (i < n && (text[i] == ' ' || text[i] == '\t' ||
		    text[i] == ','))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && text[i] != ' ' && text[i] != '\t' &&
		    text[i] != ',')
			i++;
		len = i - start;
		word = start;
		if (len > 3 && text[start] == '$' && text[start + 1] == '{' &&
		    text[i - 1] == '}') {
			start += 2;
			len -= 3;
		}
		if (!field_name_ok(text + start, len)) {
			snprintf(err, errlen, "'%.*s' is not a field name",
			    (int)(i - word), text + word);
			return -1;
		}
		if (fmt->ncols == MAXCOLS) {
			snprintf(err, errlen, "more than %d fields", MAXCOLS);
			return -1;
		}
		if ((fid = field_define(text + start, len)) < 0) {
			snprintf(err, errlen, "too many distinct field names");
			return -1;
		}
		memcpy(fmt->names + k, text + start, len);
		fmt->names[k + len] = '\0';
		fmt->name_at[fmt->ncols] = fmt->names + k;
		k += len + 1;
		/* A name given twice: its first column holds the value. */
		if (fmt->col_of[fid] < 0)
			fmt->col_of[fid] = (short)fmt->ncols;
		fmt->field_at[fmt->ncols++] = (short)fid;
	}
	if (fmt->ncols == 0) {
		snprintf(err, errlen, "no field names");
		return -1;
	}
	return 0;
}

void
format_default(struct format *fmt)
{
	char err[64];

	format_parse(fmt, V2_FIELDS, sizeof V2_FIELDS - 1, err, sizeof err);
}

/*
 * A name AWS does not document is a field of its own (AWS adds fields),
 * but one a letter or two from a documented name is a typo.
 */
int
format_check_names(const struct format *fmt, char *why, size_t whylen)
{
	for (int c = 0; c < fmt->ncols; c++) {
		const char *name = fmt->name_at[c];
		int f = fmt->field_at[c], sug;

		if (field_is_known(f))
			continue;
		if ((sug = field_suggest(name, strlen(name))) >= 0 &&
		    !FIELD_PSEUDO(sug)) {
			snprintf(why, whylen, "unknown field '%s' (did you mean "
			    "'%s'?)", name, fields[sug].name);
			return -1;
		}
	}
	return 0;
}

const struct format *
format_for_count(const struct format *fmt, int ncols)
{
	for (; fmt != NULL; fmt = fmt->alt)
		if (fmt->ncols == ncols)
			return fmt;
	return NULL;
}

void
format_of_fields(struct format *fmt, const int *fids, int n)
{
	format_reset(fmt);
	for (int c = 0; c < n && c < MAXCOLS; c++) {
		fmt->field_at[c] = (short)fids[c];
		fmt->name_at[c] = fields[fids[c]].name;
		if (fmt->col_of[fids[c]] < 0)
			fmt->col_of[fids[c]] = (short)c;
		fmt->ncols = c + 1;
	}
}

/*
 * A header is a line of field names (S3 objects start with one): every
 * token looks like a name and at least one is a name AWS documents.  No
 * flow-log value of a documented field is itself a field name.
 */
bool
format_is_header(const char *p, size_t n)
{
	size_t i = 0;
	int tokens = 0;
	bool known = false;

	if (n == 0 || !islower((unsigned char)p[0]))
		return false;
	while (i < n) {
		size_t start;
		int fid;

		while (i < n && p[i] == ' ')
			i++;
		if (i == n)
			break;
		start = i;
		if (!islower((unsigned char)p[i]))
			return false;
		while (i < n && p[i] != ' ') {
			if (!is_name_byte((unsigned char)p[i]))
				return false;
			i++;
		}
		if (++tokens > MAXCOLS)
			return false;
		fid = field_lookup(p + start, i - start);
		if (field_is_known(fid) && !FIELD_PSEUDO(fid) &&
		    strlen(fields[fid].name) == i - start &&
		    memcmp(fields[fid].name, p + start, i - start) == 0)
			known = true;
	}
	return known;
}

/* --- splitting ----------------------------------------------------- */

/*
 * Split body at runs of spaces.  Columns beyond MAXCOLS are counted but
 * not stored.  On SSE2 the space map is built sixteen bytes at a time and
 * the field edges are read off its bits, which is what makes a line cost
 * a few nanoseconds instead of a byte loop.
 */
static int
split_columns(const char *p, size_t n, uint32_t *cs, uint32_t *ce)
{
	int ncol = 0;
	size_t start = 0;
	bool in_space = true;
	size_t off = 0;

#if defined(HAVE_SSE2_PATH)
	const __m128i sp = _mm_set1_epi8(' ');

	for (; off < n; off += 16) {
		unsigned mask, edges, prev;
		__m128i v;

		if (n - off >= 16)
			v = _mm_loadu_si128((const __m128i *)(const void *)(p + off));
		else {
			char tail[16];

			memset(tail, ' ', sizeof tail);
			memcpy(tail, p + off, n - off);
			v = _mm_loadu_si128((const __m128i *)(void *)tail);
		}
		mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp));
		prev = in_space ? 1u : 0u;
		/* a bit is set where space-ness changes from the byte before */
		edges = (mask ^ ((mask << 1) | prev)) & 0xffffu;
		while (edges != 0) {
			unsigned bit = (unsigned)__builtin_ctz(edges);

			edges &= edges - 1;
			if (in_space)
				start = off + bit;
			else {
				if (ncol < MAXCOLS) {
					cs[ncol] = (uint32_t)start;
					ce[ncol] = (uint32_t)(off + bit);
				}
				ncol++;
			}
			in_space = !in_space;
		}
	}
#else
	for (; off < n; off++) {
		bool is_space = p[off] == ' ';

		if (is_space == in_space)
			continue;
		if (in_space)
			start = off;
		else {
			if (ncol < MAXCOLS) {
				cs[ncol] = (uint32_t)start;
				ce[ncol] = (uint32_t)off;
			}
			ncol++;
		}
		in_space = is_space;
	}
#endif
	if (!in_space) {
		if (ncol < MAXCOLS) {
			cs[ncol] = (uint32_t)start;
			ce[ncol] = (uint32_t)n;
		}
		ncol++;
	}
	return ncol;
}

#if defined(HAVE_SSE2_PATH)
/* Without -mpopcnt __builtin_popcount is a libgcc call; a table is not. */
static int
bits_set16(unsigned v)
{
	static const unsigned char bits[256] = {
#define B2(n) n, n + 1, n + 1, n + 2
#define B4(n) B2(n), B2(n + 1), B2(n + 1), B2(n + 2)
#define B6(n) B4(n), B4(n + 1), B4(n + 1), B4(n + 2)
		B6(0), B6(1), B6(1), B6(2)
#undef B2
#undef B4
#undef B6
	};

	return bits[v & 255] + bits[(v >> 8) & 255];
}

/* Where a split by space masks stands. */
struct splitter {
	const char *p;
	uint32_t *cs, *ce;
	int want, ncol;
	size_t start;     /* where the current column began */
};

/*
 * Store the columns that end at the spaces of a chunk at off, up to
 * want; return the spaces left, for the caller to count.
 */
static inline unsigned
walk_spaces(struct splitter *s, size_t off, unsigned spaces)
{
	while (spaces != 0 && s->ncol < s->want) {
		size_t end = off + (size_t)__builtin_ctzll(spaces);

		s->cs[s->ncol] = (uint32_t)s->start;
		s->ce[s->ncol] = (uint32_t)end;
		s->ncol++;
		s->start = end + 1;
		spaces &= spaces - 1;
	}
	return spaces;
}

static inline int
finish_split(struct splitter *s, size_t n, int *nstored)
{
	if (n == 0 || s->p[n - 1] == ' ')
		return -2;
	if (s->ncol < s->want) {
		s->cs[s->ncol] = (uint32_t)s->start;
		s->ce[s->ncol] = (uint32_t)n;
	}
	s->ncol++;
	*nstored = s->ncol < s->want ? s->ncol : s->want;
	return s->ncol;
}

/*
 * The common case, fields separated by single spaces and no control
 * bytes, read off SSE2 masks: each space ends a column, so one bit walk
 * per column, and none at all past the columns the caller wants (a
 * popcount counts the rest).  Returns the column count, -1 when the body
 * holds a control byte, -2 for a leading, trailing or doubled space.
 */
static int
split_single_sse2(const char *p, size_t n, uint32_t *cs, uint32_t *ce, int want,
    int *nstored)
{
	const __m128i sp = _mm_set1_epi8(' '), ctl = _mm_set1_epi8(0x1f);
	struct splitter s = { p, cs, ce, want, 0, 0 };
	unsigned prev = 1;	/* as if a space stood before the body */

	for (size_t off = 0; off < n; off += 16) {
		unsigned spaces, controls;
		__m128i v;

		unsigned shift = 0;

		if (n - off >= 16)
			v = _mm_loadu_si128((const __m128i *)(const void *)(p + off));
		else if (n >= 16) {
			/* the last 16 bytes, and drop the ones seen already */
			shift = 16 - (unsigned)(n - off);
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + n - 16));
		} else {
			char tail[16];

			memset(tail, 'x', sizeof tail);
			memcpy(tail, p + off, n - off);
			v = _mm_loadu_si128((const __m128i *)(void *)tail);
		}
		spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp)) >>
		    shift;
		controls = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_max_epu8(v, ctl), ctl)) >> shift;
		if (controls != 0)
			return -1;
		if ((spaces & ((spaces << 1) | prev)) != 0)
			return -2;
		prev = spaces >> 15;
		s.ncol += bits_set16(walk_spaces(&s, off, spaces));
	}
	return finish_split(&s, n, nstored);
}

#if defined(HAVE_AVX2_PATH)
/* The same, thirty-two bytes at a time, where the processor has AVX2. */
__attribute__((target("avx2,popcnt")))
static int
split_single_avx2(const char *p, size_t n, uint32_t *cs, uint32_t *ce, int want,
    int *nstored)
{
	const __m256i sp = _mm256_set1_epi8(' '), ctl = _mm256_set1_epi8(0x1f);
	struct splitter s = { p, cs, ce, want, 0, 0 };
	unsigned prev = 1;

	if (n < 32)
		return split_single_sse2(p, n, cs, ce, want, nstored);
	for (size_t off = 0; off < n; off += 32) {
		unsigned spaces, controls, shift = 0;
		__m256i v;

		if (n - off >= 32)
			v = _mm256_loadu_si256((const __m256i *)(const void *)
			    (p + off));
		else {
			shift = 32 - (unsigned)(n - off);
			v = _mm256_loadu_si256((const __m256i *)(const void *)
			    (p + n - 32));
		}
		spaces = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, sp))
		    >> shift;
		controls = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    _mm256_max_epu8(v, ctl), ctl)) >> shift;
		if (controls != 0)
			return -1;
		if ((spaces & ((spaces << 1) | prev)) != 0)
			return -2;
		prev = spaces >> 31;
		s.ncol += __builtin_popcount(walk_spaces(&s, off, spaces));
	}
	return finish_split(&s, n, nstored);
}

/* Asked by -j workers too (index_block_ahead), hence atomic. */
static bool
have_avx2(void)
{
	static atomic_int known = -1;
	int k = atomic_load_explicit(&known, memory_order_relaxed);

	if (k < 0) {
		__builtin_cpu_init();
		k = __builtin_cpu_supports("avx2") &&
		    __builtin_cpu_supports("popcnt");
		atomic_store_explicit(&known, k, memory_order_relaxed);
	}
	return k;
}
#endif

static int
split_single(const char *p, size_t n, uint32_t *cs, uint32_t *ce, int want,
    int *nstored)
{
#if defined(HAVE_AVX2_PATH)
	if (have_avx2())
		return split_single_avx2(p, n, cs, ce, want, nstored);
#endif
	return split_single_sse2(p, n, cs, ce, want, nstored);
}
#endif

/*
 * Where a bad line's reason goes: nowhere once the reader wants none
 * (only the first is ever shown; formatting each cost more than the
 * rest of a bad line), and why then stays empty.
 */
static char *
why_of(struct lineinfo *li)
{
	if (!li->quiet)
		return li->why;
	li->why[0] = '\0';
	return NULL;
}

/*
 * The record's format is the one of the chain with its number of fields.
 * None: say what was expected, and which version the count suggests.
 */
static int
count_check(struct record *rec, const struct format *fmt, char *why,
    size_t whylen)
{
	const struct format *match;
	int k;

	if (rec->ncols == fmt->ncols) {	/* the one format, almost always */
		rec->fmt = fmt;
		return 0;
	}
	if ((match = format_for_count(fmt->alt, rec->ncols)) != NULL) {
		rec->fmt = match;
		return 0;
	}
	if (why == NULL)
		return -1;
	k = snprintf(why, whylen, "expected %d fields, found %d", fmt->ncols,
	    rec->ncols);
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
		if (versions[i].count == rec->ncols && k > 0 &&
		    (size_t)k < whylen)
			snprintf(why + k, whylen - (size_t)k, " (version %c? "
			    "--format %s)", versions[i].name[1], versions[i].name);
	return -1;
}

#if defined(HAVE_SSE2_PATH)
/* rec->want: 0 all columns, -1 none (only their count), else that many */
static int
columns_to_store(const struct record *rec)
{
	if (rec->want < 0)
		return 0;
	return rec->want > 0 && rec->want < MAXCOLS ? rec->want : MAXCOLS;
}
#endif

/* The record's columns are its own, split here, at offsets from base. */
static void
own_columns(struct record *rec, const char *base)
{
	rec->cbase = base;
	rec->cstart = rec->own_start;
	rec->cend = rec->own_end;
}

int
record_split(struct record *rec, const struct format *fmt, struct slice body,
    char *why, size_t whylen)
{
	rec->fmt = fmt;
	rec->body = body;
	own_columns(rec, body.p);
#if defined(HAVE_SSE2_PATH)
	rec->ncols = split_single(body.p, body.n, rec->own_start, rec->own_end,
	    columns_to_store(rec), &rec->nstored);
	if (rec->ncols >= 0)
		return count_check(rec, fmt, why, whylen);
#endif
	rec->ncols = split_columns(body.p, body.n, rec->own_start,
	    rec->own_end);
	rec->nstored = rec->ncols < MAXCOLS ? rec->ncols : MAXCOLS;
	return count_check(rec, fmt, why, whylen);
}

/* --- a whole buffer at once ----------------------------------------- */

static bool tail_timestamp(struct slice t, bool *has_zone);

/*
 * bufindex_build looks at a read buffer once, 64 bytes at a time as bit
 * masks (simdjson's first stage), and writes down where every space and
 * newline is, where among them each newline is, and where the bytes are
 * that take a line out of the common shape: a control byte, a space at
 * either end of a line or after another.  A plain line (none of those)
 * then has its columns' ends in the index already: its record is made
 * without looking at its bytes again, and a line that cannot be selected
 * is counted by subtraction.
 */

/*
 * Room for every byte to be a space, and for put_bits to write 8 past
 * the last: no checks in the loop.
 */
static void
index_room(struct bufindex *ix, size_t n)
{
	size_t most = n + 64;

	if (most > ix->cap) {
		ix->cap = most;
		ix->sep = xreallocarray(ix->sep, most, sizeof *ix->sep);
		ix->nl = xreallocarray(ix->nl, most, sizeof *ix->nl);
		ix->odd = xreallocarray(ix->odd, most, sizeof *ix->odd);
		ix->hit = xreallocarray(ix->hit, most, sizeof *ix->hit);
		ix->nlpos = xreallocarray(ix->nlpos, most, sizeof *ix->nlpos);
	}
}


/*
 * Where the next positions go, in locals while a buffer is indexed: as
 * fields of the index they would be reloaded after every store (the
 * stores might, for all the compiler knows, change them).
 */
struct emitter {
	uint32_t *sep, *sep0, *nl, *nlpos, *odd, *hit;
	uint32_t nsep;		/* separators so far, when lean */
	uint64_t carry_sep, carry_sp;
};

/*
 * The places of the bits of bits, from base, into out; the end of out.
 * 64 bytes of records have 6 to 10 separators, a count no predictor
 * knows: the first 8 are written whether they are there or not (the
 * arrays have room: index_room), and out moves on by the count.
 */
static inline __attribute__((always_inline)) uint32_t *
put_bits(uint32_t *out, uint32_t base, uint64_t bits)
{
	int k = __builtin_popcountll(bits);

	for (int i = 0; i < 8; i++) {
		out[i] = base + (uint32_t)(bits != 0 ? __builtin_ctzll(bits) : 64);
		bits &= bits - 1;
	}
	for (int i = 8; bits != 0; i++) {
		out[i] = base + (uint32_t)__builtin_ctzll(bits);
		bits &= bits - 1;
	}
	return out + k;
}

/*
 * A lean index writes down the newlines and how many separators come
 * before each, not the separators themselves: most lines of a search
 * with a literal lack it and need only their count of columns.
 * bufindex_line adds the separators of a line that does need them.
 * lean is a constant where it counts: the AVX2 pass has one of each.
 */
static inline __attribute__((always_inline)) void
index_block(struct emitter *em, uint32_t base, uint64_t sp, uint64_t nl,
    uint64_t ctl, const bool lean)
{
	uint64_t sep = sp | nl;
	/* what stood before each byte: bit 0 from the last block */
	uint64_t sep_before = sep << 1 | em->carry_sep;
	uint64_t sp_before = sp << 1 | em->carry_sp;
	uint64_t odd = ctl | (sp & sep_before) | (nl & sp_before);
	uint32_t *out = em->sep;
	uint32_t before = lean ? em->nsep : (uint32_t)(out - em->sep0);

	em->carry_sep = sep >> 63;
	em->carry_sp = sp >> 63;
	for (; nl != 0; nl &= nl - 1) {
		int at = __builtin_ctzll(nl);

		*em->nl++ = before + (uint32_t)__builtin_popcountll(sep &
		    ((1ULL << at) - 1));
		*em->nlpos++ = base + (uint32_t)at;
	}
	if (lean)
		em->nsep = before + (uint32_t)__builtin_popcountll(sep);
	else
		em->sep = put_bits(out, base, sep);
	for (; odd != 0; odd &= odd - 1)
		*em->odd++ = base + (uint32_t)__builtin_ctzll(odd);
}

/* The masks of 64 bytes, a byte at a time. */
static inline void
masks_plain(const char *p, uint64_t *sp, uint64_t *nl, uint64_t *ctl)
{
	*sp = *nl = *ctl = 0;
	for (unsigned i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)p[i];

		*sp |= (uint64_t)(c == ' ') << i;
		*nl |= (uint64_t)(c == '\n') << i;
		*ctl |= (uint64_t)(c < 0x20 && c != '\n') << i;
	}
}

#if defined(HAVE_SSE2_PATH)
static inline void
masks_sse2(const char *p, uint64_t *sp, uint64_t *nl, uint64_t *ctl)
{
	const __m128i s = _mm_set1_epi8(' '), n = _mm_set1_epi8('\n'),
	    c = _mm_set1_epi8(0x1f);

	*sp = *nl = *ctl = 0;
	for (unsigned i = 0; i < 64; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (p + i));
		uint64_t is_nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, n));

		*sp |= (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, s)) << i;
		*nl |= is_nl << i;
		*ctl |= ((uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_max_epu8(v, c), c)) & ~is_nl) << i;
	}
}
#endif

#if defined(HAVE_AVX2_PATH)
/*
 * Is the literal at p (its first and last bytes matched already)?  A
 * loop, not strncasecmp: a call in the pass makes the compiler keep its
 * vector constants and carries on the stack, and reload them every 64
 * bytes.  Without regard to case, a letter of the literal matches its
 * other case (OR-ing 0x20 folds a letter's two cases and no others).
 */
static inline bool
literal_at(const char *p, const struct slice *lit, bool icase)
{
	for (size_t i = 0; i < lit->n; i++) {
		unsigned a = (unsigned char)p[i], b = (unsigned char)lit->p[i];

		if (a != b && !(icase && (a | 0x20) == (b | 0x20) &&
		    (b | 0x20) - 'a' < 26))
			return false;
	}
	return true;
}

/*
 * The literal's candidates in a block: its first byte here and its last
 * byte k - 1 further on (for a letter without regard to case: OR-ing
 * 0x20 folds exactly its two cases together).  The caller compares the
 * candidates whole.
 */
__attribute__((target("avx2")))
static inline uint64_t
candidates(const char *p, __m256i first, __m256i last, __m256i ffold,
    __m256i lfold, size_t k)
{
	uint64_t m = 0;

	for (int h = 0; h < 2; h++) {
		__m256i a = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)
		    (const void *)(p + 32 * h)), ffold);
		__m256i b = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)
		    (const void *)(p + 32 * h + k - 1)), lfold);

		m |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_and_si256(
		    _mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last))) <<
		    (32 * h);
	}
	return m;
}

__attribute__((target("avx2,popcnt,bmi")))
static inline __attribute__((always_inline)) void
index_avx2(struct emitter *em, const char *p, size_t nblocks, size_t n,
    const struct slice *lit, bool icase, const bool lean)
{
	const __m256i s = _mm256_set1_epi8(' '), nlc = _mm256_set1_epi8('\n'),
	    c = _mm256_set1_epi8(0x1f);
	char f = lit != NULL ? lit->p[0] : 0, l = lit != NULL ?
	    lit->p[lit->n - 1] : 0;
	char ff = icase && isalpha((unsigned char)f) ? 0x20 : 0;
	char lf = icase && isalpha((unsigned char)l) ? 0x20 : 0;
	const __m256i first = _mm256_set1_epi8((char)(f | ff)),
	    last = _mm256_set1_epi8((char)(l | lf)),
	    ffold = _mm256_set1_epi8(ff), lfold = _mm256_set1_epi8(lf);
	struct emitter e = *em;

	for (size_t b = 0; b < nblocks; b++) {
		__m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)
		    (p + 64 * b));
		__m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)
		    (p + 64 * b + 32));
		uint64_t sp = (uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(lo, s)) | (uint64_t)(uint32_t)
		    _mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, s)) << 32;
		uint64_t nl = (uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(lo, nlc)) | (uint64_t)(uint32_t)
		    _mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, nlc)) << 32;
		uint64_t ctl = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    _mm256_max_epu8(lo, c), c)) | (uint64_t)(uint32_t)
		    _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_max_epu8(hi,
		    c), c)) << 32;

		index_block(&e, (uint32_t)(64 * b), sp, nl, ctl & ~nl, lean);
		if (lit == NULL)
			continue;
		for (uint64_t m = candidates(p + 64 * b, first, last, ffold,
		    lfold, lit->n); m != 0; m &= m - 1) {
			size_t at = 64 * b + (size_t)__builtin_ctzll(m);

			if (at + lit->n <= n && literal_at(p + at, lit, icase))
				*e.hit++ = (uint32_t)at;
		}
	}
	*em = e;
}

__attribute__((target("avx2,popcnt,bmi")))
static void
index_avx2_full(struct emitter *em, const char *p, size_t nblocks, size_t n,
    const struct slice *lit, bool icase)
{
	index_avx2(em, p, nblocks, n, lit, icase, false);
}

__attribute__((target("avx2,popcnt,bmi")))
static void
index_avx2_lean(struct emitter *em, const char *p, size_t nblocks, size_t n,
    const struct slice *lit, bool icase)
{
	index_avx2(em, p, nblocks, n, lit, icase, true);
}
#endif

/* Every place of the literal, where no pass found them on the way. */
static void
index_literal(struct emitter *em, const char *p, size_t n, size_t from,
    const struct slice *lit, bool icase)
{
	const char *at = p + from;

	while ((at = find_literal(at, (size_t)(p + n - at), lit->p, lit->n,
	    icase)) != NULL)
		*em->hit++ = (uint32_t)(at++ - p);
}

/*
 * Index buf[0, n), and find the places of lit in it if lit is not NULL.
 * Up to 64 bytes past n may be read (the caller keeps them there), for
 * the literal's last byte.
 */
void
bufindex_build(struct bufindex *ix, const char *p, size_t n,
    const struct slice *lit, bool icase, bool lean)
{
	size_t b = 0, full = n / 64;
	char tail[64];
	uint64_t sp, nl, ctl;
	struct emitter em;

	INVARIANT(n < (size_t)1 << 31);
	INVARIANT(lit == NULL || (lit->n > 0 && lit->n <= INDEX_SLACK));
	index_room(ix, n);
	em.sep = em.sep0 = ix->sep;
	em.nsep = 0;
	ix->lean = lean;
	ix->searched = lit != NULL;
	em.nl = ix->nl;
	em.nlpos = ix->nlpos;
	em.odd = ix->odd;
	em.hit = ix->hit;
	em.carry_sep = 1;	/* a buffer starts a line */
	em.carry_sp = 0;
#if defined(HAVE_AVX2_PATH)
	if (have_avx2()) {
		(lean ? index_avx2_lean : index_avx2_full)(&em, p, full, n,
		    lit, icase);
		b = full;
	}
#endif
	if (lit != NULL)	/* what the pass above did not look at */
		index_literal(&em, p, n, b * 64, lit, icase);
	for (; b < full; b++) {
#if defined(HAVE_SSE2_PATH)
		masks_sse2(p + 64 * b, &sp, &nl, &ctl);
#else
		masks_plain(p + 64 * b, &sp, &nl, &ctl);
#endif
		index_block(&em, (uint32_t)(64 * b), sp, nl, ctl, lean);
	}
	if (64 * b < n) {	/* the rest, padded with bytes that are none */
		memset(tail, 'x', sizeof tail);
		memcpy(tail, p + 64 * b, n - 64 * b);
		masks_plain(tail, &sp, &nl, &ctl);
		index_block(&em, (uint32_t)(64 * b), sp, nl, ctl, lean);
	}
	ix->nsep = lean ? em.nsep : (size_t)(em.sep - ix->sep);
	ix->nnl = (size_t)(em.nl - ix->nl);
	ix->nodd = (size_t)(em.odd - ix->odd);
	ix->nhit = (size_t)(em.hit - ix->hit);
	INVARIANT(ix->nsep <= n && ix->nnl <= ix->nsep && ix->nodd <= n &&
	    ix->nhit <= n);
}

/*
 * Is a lean index the better for the next buffer, after one of nnl lines
 * with the literal in nhit places?  Where the literal is in few lines,
 * most lines are only counted.  A line with the literal costs about
 * twice as much lean, so not past a quarter of them (nor in the first
 * buffer, before that is known).
 */
bool
index_lean_after(size_t nnl, size_t nhit)
{
	return nnl > 0 && nhit * 4 < nnl;
}

void
bufindex_free(struct bufindex *ix)
{
	free(ix->sep);
	free(ix->nl);
	free(ix->odd);
	free(ix->hit);
	free(ix->nlpos);
	memset(ix, 0, sizeof *ix);
}

#if defined(HAVE_AVX2_PATH)
/* The spaces of [i, e) into out, 64 bytes at a time; the end of out. */
__attribute__((target("avx2,popcnt,bmi")))
static uint32_t *
line_spaces_avx2(const char *buf, uint32_t i, uint32_t e, uint32_t *out)
{
	const __m256i sp = _mm256_set1_epi8(' ');

	for (; i < e; i += 64) {
		uint64_t m = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    _mm256_loadu_si256((const __m256i *)(const void *)(buf + i)),
		    sp)) | (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)
		    (const void *)(buf + i + 32)), sp)) << 32;

		if (e - i < 64)
			m &= (1ULL << (e - i)) - 1;
		out = put_bits(out, i, m);
	}
	return out;
}
#endif

/*
 * The separators of the plain line [s, e] of a lean index, in the place
 * a full index has them (first is the count before the line); nseps is
 * how many the line has, its newline the last.
 */
const uint32_t *
bufindex_line(struct bufindex *ix, const char *buf, uint32_t s, uint32_t e,
    uint32_t first, int nseps)
{
	uint32_t *out = ix->sep + first, i = s;

	INVARIANT(ix->lean);
	/* the buffer goes on past e: a newline, then at least its slack */
#if defined(HAVE_AVX2_PATH)
	if (have_avx2()) {
		out = line_spaces_avx2(buf, s, e, out);
		i = e;
	}
#endif
#if defined(HAVE_SSE2_PATH)
	for (const __m128i sp = _mm_set1_epi8(' '); i < e; i += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)(buf + i)),
		    sp));

		if (e - i < 16)
			m &= (1U << (e - i)) - 1;
		for (; m != 0; m &= m - 1)
			*out++ = i + (uint32_t)__builtin_ctz(m);
	}
#else
	for (; i < e; i++)
		if (buf[i] == ' ')
			*out++ = i;
#endif
	*out++ = e;
	INVARIANT(out - (ix->sep + first) == nseps);
	(void)nseps;
	return ix->sep + first;
}

/*
 * The number of columns of the plain line [s, e] of the index (see
 * below), with nseps separators, for a line that is only counted; -1 for
 * a line of another shape.
 */
int
index_columns(const char *buf, uint32_t s, uint32_t e, int nseps)
{
	const char *p = buf + s, *sp;
	uint32_t n = e - s;
	struct slice ts;
	bool zone = false;

	if (n == 0 || (unsigned)(p[0] - '0') > 9)
		return -1;
	if (!tail_shaped(p, n))
		return nseps;
	if (nseps < 2 || (sp = memchr(p, ' ', n)) == NULL)
		return -1;
	ts.p = p;
	ts.n = (size_t)(sp - p);
	if (!tail_timestamp(ts, &zone) || (zone && nseps < 3))
		return -1;
	return nseps - (zone ? 2 : 1);
}

/*
 * The record of a plain line of a buffer that bufindex_build read: it
 * starts at s, and seps[0, nseps) are its spaces and its newline, the
 * ends of its columns.  A digit first (a bare record), or an aws logs
 * tail prefix, then the columns.  L_RECORD, or L_BAD for a count no
 * format has; -1 for a line of another shape, which line_classify then
 * reads.  The record points into the index: nothing is copied.
 */
int
record_from_index(struct record *rec, const struct format *fmt,
    const char *buf, uint32_t s, const uint32_t *seps, int nseps,
    struct lineinfo *li)
{
	const char *p = buf + s;
	uint32_t e = seps[nseps - 1], n = e - s, body = s;
	int first = 0;

	if (n == 0 || (unsigned)(p[0] - '0') > 9)
		return -1;
	rec->ts.p = rec->stream.p = NULL;
	rec->ts.n = rec->stream.n = 0;
	rec->ts_is_ms = false;
	if (tail_shaped(p, n)) {	/* aws logs tail */
		bool zone = false;

		rec->ts.p = p;
		rec->ts.n = seps[0] - s;
		if (nseps < 2 || !tail_timestamp(rec->ts, &zone) ||
		    (zone && nseps < 3))
			return -1;
		first = zone ? 2 : 1;
		if (zone) {
			rec->stream.p = buf + seps[0] + 1;
			rec->stream.n = seps[1] - seps[0] - 1;
		}
		body = seps[first - 1] + 1;
	}
	rec->line.p = p;
	rec->line.n = n;
	rec->body.p = buf + body;
	rec->body.n = e - body;
	rec->ncols = nseps - first;
	rec->nstored = rec->ncols < MAXCOLS ? rec->ncols : MAXCOLS;
	rec->cbase = buf;
	rec->cend = seps + first;
	rec->cstart = NULL;
	rec->cfirst = body;
	rec->fmt = fmt;
	if (rec->ncols == fmt->ncols)
		return li->kind = L_RECORD;
	li->kind = count_check(rec, fmt, why_of(li), sizeof li->why) < 0 ? L_BAD :
	    L_RECORD;
	return li->kind;
}

/* --- the literal prefilter ------------------------------------------ */

static bool
same_bytes(const char *a, const char *b, size_t n, bool icase)
{
	return icase ? strncasecmp(a, b, n) == 0 : memcmp(a, b, n) == 0;
}

/*
 * Find lit in p[0..n), ignoring ASCII case if icase.  On SSE2 sixteen
 * candidate positions are tested at once on their first and last byte,
 * and only those that pass are compared in full.  For a letter, OR-ing
 * 0x20 folds exactly its two cases together and nothing else.
 */
#if defined(HAVE_AVX2_PATH)
__attribute__((target("avx2")))
static size_t
find_literal_avx2(const char *p, size_t n, const char *lit, size_t k,
    bool icase, const char **hit)
{
	char f = lit[0], l = lit[k - 1];
	char ff = icase && isalpha((unsigned char)f) ? 0x20 : 0;
	char lf = icase && isalpha((unsigned char)l) ? 0x20 : 0;
	const __m256i first = _mm256_set1_epi8((char)(f | ff));
	const __m256i last = _mm256_set1_epi8((char)(l | lf));
	const __m256i ffold = _mm256_set1_epi8(ff), lfold = _mm256_set1_epi8(lf);
	size_t i = 0;

	*hit = NULL;
	for (; i + k - 1 + 32 <= n; i += 32) {
		__m256i a = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)
		    (const void *)(p + i)), ffold);
		__m256i b = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)
		    (const void *)(p + i + k - 1)), lfold);
		unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
		    _mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last)));

		while (m != 0) {
			unsigned j = (unsigned)__builtin_ctz(m);

			if (same_bytes(p + i + j, lit, k, icase)) {
				*hit = p + i + j;
				return i;
			}
			m &= m - 1;
		}
	}
	return i;	/* the bytes from here on are left to the caller */
}
#endif

const char *
find_literal(const char *p, size_t n, const char *lit, size_t k, bool icase)
{
	size_t i = 0;

	if (k == 0)
		return p;
	if (n < k)
		return NULL;
#if defined(HAVE_AVX2_PATH)
	if (have_avx2()) {
		const char *hit;

		i = find_literal_avx2(p, n, lit, k, icase, &hit);
		if (hit != NULL)
			return hit;
	}
#endif
#if defined(HAVE_SSE2_PATH)
	{
		char f = lit[0], l = lit[k - 1];
		char ff = icase && isalpha((unsigned char)f) ? 0x20 : 0;
		char lf = icase && isalpha((unsigned char)l) ? 0x20 : 0;
		const __m128i first = _mm_set1_epi8((char)(f | ff));
		const __m128i last = _mm_set1_epi8((char)(l | lf));
		const __m128i ffold = _mm_set1_epi8(ff), lfold = _mm_set1_epi8(lf);

		for (; i + k - 1 + 16 <= n; i += 16) {
			__m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)
			    (const void *)(p + i)), ffold);
			__m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)
			    (const void *)(p + i + k - 1)), lfold);
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));

			while (m != 0) {
				unsigned j = (unsigned)__builtin_ctz(m);

				if (same_bytes(p + i + j, lit, k, icase))
					return p + i + j;
				m &= m - 1;
			}
		}
	}
#endif
	for (; i + k <= n; i++)
		if (same_bytes(p + i, lit, k, icase))
			return p + i;
	return NULL;
}

/*
 * Step through a line of tab-joined messages (what --query
 * 'events[].message' --output text prints): set rec to the next one and
 * return 1, return 0 for a message that is not a record (why says why),
 * or -1 when none is left.  *p and *n are what remains of the line.
 */
int
segment_next(struct record *rec, const struct format *fmt, const char **p,
    size_t *n, char *why, size_t whylen)
{
	while (*n > 0) {
		const char *tab;
		struct slice seg;

		if ((*p)[*n - 1] == '\r')
			(*n)--;
		tab = memchr(*p, '\t', *n);
		seg.p = *p;
		seg.n = tab != NULL ? (size_t)(tab - *p) : *n;
		*p += seg.n + (tab != NULL);
		*n -= seg.n + (tab != NULL);
		if (seg.n == 0)
			continue;
		rec->line = seg;
		rec->ts.p = rec->stream.p = NULL;
		return record_split(rec, fmt, seg, why, whylen) < 0 ? 0 : 1;
	}
	return -1;
}

/* --- line shapes --------------------------------------------------- */

static bool
is_digit(char c)
{
	return (unsigned char)(c - '0') <= 9;
}

static bool
digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(p[i]))
			return false;
	return true;
}

/*
 * Eight bytes of text against a shape: where digit has 0xff the byte is
 * a digit, elsewhere it is the byte of other.  A word at a time, for
 * the timestamp that starts every line of aws logs tail.  The masks are
 * bytes loaded as the text is, so the byte order does not matter.  A
 * lane xored with '0' is a digit's when it is 0 to 9: its high bit is
 * clear, and stays clear when 0x76 is added to its low seven bits (a sum
 * that cannot carry into the next lane).
 */
static bool
word_shaped(const char *p, const unsigned char *digit,
    const unsigned char *other)
{
	const uint64_t x = load_u64(p), d = load_u64((const char *)digit);
	const uint64_t t = (x ^ 0x3030303030303030ULL) & d;
	const uint64_t high = 0x8080808080808080ULL;

	return ((x ^ load_u64((const char *)other)) & ~d) == 0 &&
	    ((((t & ~high) + 0x7676767676767676ULL) | t) & high) == 0;
}

/* Skip one CSI escape sequence (ESC [ params letter) at *i. */
static void
skip_escape(const char *p, size_t n, size_t *i)
{
	size_t j = *i;

	if (j + 1 < n && p[j] == '\033' && p[j + 1] == '[') {
		j += 2;
		while (j < n && (isdigit((unsigned char)p[j]) || p[j] == ';'))
			j++;
		if (j < n && isalpha((unsigned char)p[j]))
			*i = j + 1;
	}
}

/*
 * Read one token of a tail prefix: optional colour codes around text,
 * then one space.  Returns the text without the codes.
 */
static bool
prefix_token(const char *p, size_t n, size_t *i, struct slice *out)
{
	size_t j = *i, start, end;

	skip_escape(p, n, &j);
	start = j;
	while (j < n && p[j] != ' ' && p[j] != '\033')
		j++;
	end = j;
	skip_escape(p, n, &j);
	if (j >= n || p[j] != ' ' || end == start)
		return false;
	out->p = p + start;
	out->n = end - start;
	*i = j + 1;
	return true;
}

/*
 * A tail timestamp: YYYY-MM-DDTHH:MM:SS, an optional fraction and an
 * optional zone.  With a zone the stream name follows (detailed, json);
 * without one it does not (short).
 */
static bool
tail_timestamp(struct slice t, bool *has_zone)
{
	/* YYYY-MM- at 0, DDTHH:MM at 8, HH:MM:SS at 11 */
	static const unsigned char digit[3][8] = {
		{ 0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0 },
		{ 0xff, 0xff, 0, 0xff, 0xff, 0, 0xff, 0xff },
		{ 0xff, 0xff, 0, 0xff, 0xff, 0, 0xff, 0xff } };
	static const unsigned char other[3][8] = {
		{ 0, 0, 0, 0, '-', 0, 0, '-' },
		{ 0, 0, 'T', 0, 0, ':', 0, 0 },
		{ 0, 0, ':', 0, 0, ':', 0, 0 } };
	/* what detailed prints: .ffffff+hh:mm at 19, as words at 19 and 24 */
	static const unsigned char zdigit[2][8] = {
		{ 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 },
		{ 0xff, 0xff, 0, 0xff, 0xff, 0, 0xff, 0xff } };
	static const unsigned char zother[2][2][8] = {
		{ { '.', 0, 0, 0, 0, 0, 0, '+' }, { 0, 0, '+', 0, 0, ':', 0, 0 } },
		{ { '.', 0, 0, 0, 0, 0, 0, '-' }, { 0, 0, '-', 0, 0, ':', 0, 0 } } };
	const char *p = t.p;
	size_t i = 19;

	if (t.n < 19 || !word_shaped(p, digit[0], other[0]) ||
	    !word_shaped(p + 8, digit[1], other[1]) ||
	    !word_shaped(p + 11, digit[2], other[2]))
		return false;
	if (t.n == 32 && (p[26] == '+' || p[26] == '-')) {
		const int minus = p[26] == '-';

		if (word_shaped(p + 19, zdigit[0], zother[minus][0]) &&
		    word_shaped(p + 24, zdigit[1], zother[minus][1])) {
			*has_zone = true;
			return true;
		}
	}
	if (i < t.n && p[i] == '.') {
		size_t f = ++i;

		while (i < t.n && is_digit(p[i]))
			i++;
		if (i == f)
			return false;
	}
	*has_zone = i < t.n;
	if (i == t.n)
		return true;
	if (p[i] == 'Z')
		return i + 1 == t.n;
	return (p[i] == '+' || p[i] == '-') && t.n - i == 6 &&
	    digits(p + i + 1, 2) && p[i + 3] == ':' && digits(p + i + 4, 2);
}

static bool
looks_like_tail(const char *p, size_t n)
{
	size_t i = 0;

	skip_escape(p, n, &i);
	return n - i >= 11 && digits(p + i, 4) && p[i + 4] == '-' &&
	    p[i + 10] == 'T';
}

static enum linekind
bad(struct lineinfo *li, const char *why)
{
	li->kind = L_BAD;
	if (why_of(li) != NULL)
		snprintf(li->why, sizeof li->why, "%s", why);
	return L_BAD;
}

/* The CLI's --output text: EVENTS lines, the token line, stream lists. */
static enum linekind
classify_tabbed(struct record *rec, const struct format *fmt, const char *p,
    size_t n, struct lineinfo *li)
{
	struct slice cell[6];
	size_t ncell = 0, start = 0;

	for (size_t i = 0; i <= n; i++)
		if (i == n || p[i] == '\t') {
			if (ncell < 6) {
				cell[ncell].p = p + start;
				cell[ncell].n = i - start;
			}
			ncell++;
			start = i + 1;
		}
	if (cell[0].n == 18 && memcmp(p, "SEARCHEDLOGSTREAMS", 18) == 0)
		return li->kind = L_FRAMING;
	if (ncell == 2 && cell[0].n > 2 && memcmp(cell[0].p, "b/", 2) == 0 &&
	    cell[1].n > 2 && memcmp(cell[1].p, "f/", 2) == 0)
		return li->kind = L_FRAMING;
	if (cell[0].n != 6 || memcmp(p, "EVENTS", 6) != 0)
		return li->kind = L_MULTI;
	for (size_t c = 1; c < ncell && c < 6; c++)
		if (cell[c].n == 0)	/* an empty cell is a missing value */
			cell[c].p = NULL;
	if (ncell == 6) {	/* filter-log-events */
		rec->stream = cell[3];
		rec->ts = cell[5];
		rec->body = cell[4];
	} else if (ncell == 4) {	/* get-log-events */
		rec->ts = cell[3];
		rec->body = cell[2];
	} else
		return bad(li, "EVENTS line with an unexpected number of columns");
	rec->ts_is_ms = true;
	if (rec->body.p == NULL)
		return bad(li, "EVENTS line with an empty message");
	if (record_split(rec, fmt, rec->body, why_of(li), sizeof li->why) < 0)
		return li->kind = L_BAD;
	return li->kind = L_RECORD;
}

/*
 * The column count of a line that is a bare record in the common shape
 * (a digit first, single spaces, no control bytes, no tail prefix), or
 * -1 for any other line.  For lines that the prefilter has ruled out:
 * a record that cannot match needs only its count checked.
 */
int
plain_columns(const char *p, size_t n)
{
#if defined(HAVE_SSE2_PATH)
	int nstored;

	if (n == 0 || !isdigit((unsigned char)p[0]))
		return -1;
	if (tail_shaped(p, n)) {	/* aws logs tail */
		struct slice ts, stream;
		size_t i = 0;
		bool zone = false;

		if (!prefix_token(p, n, &i, &ts) || !tail_timestamp(ts, &zone) ||
		    (zone && !prefix_token(p, n, &i, &stream)))
			return -1;
		p += i;
		n -= i;
	}
	return split_single(p, n, NULL, NULL, 0, &nstored);
#else
	(void)p;
	(void)n;
	return -1;
#endif
}

enum linekind
line_classify(struct record *rec, const struct format *fmt, const char *p,
    size_t n, struct lineinfo *li)
{
	struct slice body;
	size_t i = 0;

	/* the line prints as it came, but a pty's \r is no part of the record */
	rec->line.p = p;
	rec->line.n = n;
	rec->ts.p = rec->stream.p = NULL;
	rec->ts.n = rec->stream.n = 0;
	rec->ts_is_ms = false;
#if defined(HAVE_SSE2_PATH)
	/* most lines: a bare record, no prefix, no control bytes */
	if (n > 0 && isdigit((unsigned char)p[0]) &&
	    !tail_shaped(p, n)) {
		own_columns(rec, p);
		rec->ncols = split_single(p, n, rec->own_start, rec->own_end,
		    columns_to_store(rec), &rec->nstored);
		if (rec->ncols >= 0) {
			rec->fmt = fmt;
			rec->body = rec->line;
			if (count_check(rec, fmt, why_of(li), sizeof li->why) < 0)
				return li->kind = L_BAD;
			return li->kind = L_RECORD;
		}
	}
#endif
	if (n > 0 && p[n - 1] == '\r')
		n--;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == n)
		return li->kind = L_BLANK;
	if (memchr(p, '\t', n) != NULL)
		return classify_tabbed(rec, fmt, p, n, li);
	if (looks_like_tail(p, n)) {
		bool zone = false;

		i = 0;
		if (!prefix_token(p, n, &i, &rec->ts) ||
		    !tail_timestamp(rec->ts, &zone))
			return bad(li, "malformed aws logs tail timestamp");
		if (zone && !prefix_token(p, n, &i, &rec->stream))
			return bad(li, "aws logs tail prefix without a stream name");
	} else if (format_is_header(p, n))
		return li->kind = L_HEADER;
	else
		i = 0;
	body.p = p + i;
	body.n = n - i;
	if (record_split(rec, fmt, body, why_of(li), sizeof li->why) < 0)
		return li->kind = L_BAD;
	return li->kind = L_RECORD;
}

/* --- values -------------------------------------------------------- */

#if defined(HAVE_AVX2_PATH)
/*
 * The shapes of a dotted quad for ipv4_vector, one for each four octet
 * lengths of 1 to 3.  A shape's key is the bits of its dots and the bit
 * of its end (its length): the text's own key finds its shape through a
 * multiplicative hash, and a text of any other shape finds none, or a
 * shape whose key is not its own.  No two of the 81 keys share a slot of
 * quad_slot with QUAD_MAGIC, found by search: -Woverride-init would warn
 * of two initializers of one slot.  Slot 0 holds shape 0, which no key
 * matches.
 */
struct quad_shape {
	/* where each octet's digits go: four lanes an octet, its hundreds,
	 * tens and ones, then none (0x80 is none, as for a missing digit) */
	_Alignas(16) unsigned char lanes[16];
	/* what is less had a leading zero: 0, 10 or 100 by its length */
	_Alignas(16) uint32_t least[4];
	uint32_t key;
};

#define QUAD_MAGIC 0xd6af10d1u
#define QUAD_HASH(key) ((uint32_t)((key) * QUAD_MAGIC) >> 24)
#define QUAD_KEY(a, b, c, d) (1u << (a) | 1u << ((a) + (b) + 1) | \
	1u << ((a) + (b) + (c) + 2) | 1u << ((a) + (b) + (c) + (d) + 3))
#define OCTET_LANES(s, l) ((l) == 3 ? (s) : 0x80), \
	((l) >= 2 ? (s) + (l) - 2 : 0x80), (s) + (l) - 1, 0x80
#define LEAST(l) ((l) == 3 ? 100u : (l) == 2 ? 10u : 0u)
/* Q(a, b, c, d) for every four lengths, the last varying fastest */
#define QUAD4(Q, a, b, c) Q(a, b, c, 1), Q(a, b, c, 2), Q(a, b, c, 3)
#define QUAD3(Q, a, b) QUAD4(Q, a, b, 1), QUAD4(Q, a, b, 2), QUAD4(Q, a, b, 3)
#define QUAD2(Q, a) QUAD3(Q, a, 1), QUAD3(Q, a, 2), QUAD3(Q, a, 3)
#define QUADS(Q) QUAD2(Q, 1), QUAD2(Q, 2), QUAD2(Q, 3)
#define SHAPE(a, b, c, d) { { OCTET_LANES(0, a), OCTET_LANES((a) + 1, b), \
	OCTET_LANES((a) + (b) + 2, c), OCTET_LANES((a) + (b) + (c) + 3, d) }, \
	{ LEAST(a), LEAST(b), LEAST(c), LEAST(d) }, QUAD_KEY(a, b, c, d) }
/* a shape's place in quad_shapes: its lengths in base 3, plus 1 */
#define SLOT(a, b, c, d) [QUAD_HASH(QUAD_KEY(a, b, c, d))] = \
	((a) - 1) * 27 + ((b) - 1) * 9 + ((c) - 1) * 3 + (d)
static const struct quad_shape quad_shapes[82] = {
	{ { 0 }, { 0 }, 0 }, QUADS(SHAPE)
};
static const unsigned char quad_slot[256] = { QUADS(SLOT) };
#undef OCTET_LANES
#undef LEAST
#undef QUAD_KEY
#undef QUAD4
#undef QUAD3
#undef QUAD2
#undef QUADS
#undef SHAPE
#undef SLOT

/*
 * A dotted quad of 8 to 15 bytes, with no branch on its digits: the
 * loop a digit at a time mispredicts at the end of most octets, whose
 * lengths vary from one address to the next.  Two 8-byte loads that
 * overlap hold the text (nothing outside it is read), and a shuffle
 * puts each byte in its lane.  The dots and the length find the shape
 * (quad_shapes), whose lanes put each octet's digits in lanes of their
 * own, and two multiply-adds weigh them.  A multi-digit octet below 10
 * or 100 had a leading zero.
 */
__attribute__((target("avx2,popcnt")))
static bool
ipv4_vector(const char *p, size_t n, uint32_t *out)
{
	const __m128i lane = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	    11, 12, 13, 14, 15);
	uint64_t lo, hi;
	__m128i at, text, d, dots, digits, vals, bad;
	const struct quad_shape *q;
	uint32_t key;

	memcpy(&lo, p, 8);
	memcpy(&hi, p + n - 8, 8);
	/* lanes 8-15 hold bytes n - 8 to n - 1; lanes from n on become 0 */
	at = _mm_add_epi8(lane, _mm_and_si128(_mm_cmpgt_epi8(lane,
	    _mm_set1_epi8(7)), _mm_set1_epi8((char)(16 - n))));
	at = _mm_or_si128(at, _mm_cmpgt_epi8(lane,
	    _mm_set1_epi8((char)(n - 1))));
	text = _mm_shuffle_epi8(_mm_set_epi64x((long long)hi, (long long)lo),
	    at);
	d = _mm_sub_epi8(text, _mm_set1_epi8('0'));
	dots = _mm_cmpeq_epi8(text, _mm_set1_epi8('.'));
	digits = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	if ((unsigned)_mm_movemask_epi8(_mm_or_si128(dots, digits)) !=
	    (1u << n) - 1)
		return false;	/* not all digits and dots */
	key = (unsigned)_mm_movemask_epi8(dots) | 1u << n;
	q = &quad_shapes[quad_slot[QUAD_HASH(key)]];
	if (q->key != key)
		return false;	/* not three dots between octets of 1-3 digits */
	d = _mm_shuffle_epi8(d, _mm_load_si128((const __m128i *)(const void *)
	    q->lanes));
	vals = _mm_madd_epi16(_mm_maddubs_epi16(d, _mm_setr_epi8(100, 10, 1, 0,
	    100, 10, 1, 0, 100, 10, 1, 0, 100, 10, 1, 0)), _mm_set1_epi16(1));
	bad = _mm_or_si128(_mm_cmpgt_epi32(vals, _mm_set1_epi32(255)),
	    _mm_cmpgt_epi32(_mm_load_si128((const __m128i *)(const void *)
	    q->least), vals));
	if (_mm_movemask_epi8(bad) != 0)
		return false;
	*out = (uint32_t)_mm_cvtsi128_si32(_mm_shuffle_epi8(vals,
	    _mm_setr_epi8(12, 8, 4, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	    -1, -1)));
	return true;
}
#endif

/*
 * Dotted quad, an octet at a time with its digits unrolled.  Not inlined:
 * parse_ipv4 would then save registers for it on every call.
 */
static __attribute__((noinline)) bool
ipv4_scalar(const char *p, size_t n, uint32_t *out)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t v = 0;
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		unsigned o, d;

		if (i >= n || (o = s[i] - '0') > 9)
			return false;
		i++;
		if (i < n && (d = s[i] - '0') <= 9) {
			if (o == 0)
				return false;
			o = o * 10 + d;
			i++;
			if (i < n && (d = s[i] - '0') <= 9) {
				o = o * 10 + d;
				i++;
			}
		}
		if (o > 255)
			return false;
		v = v << 8 | o;
		if (part < 3 && (i >= n || s[i++] != '.'))
			return false;
	}
	if (i != n)
		return false;
	*out = v;
	return true;
}

/*
 * Dotted quad (this is hot for CIDR tests).  A leading zero (01) is
 * refused: it is octal to some.
 */
bool
parse_ipv4(const char *p, size_t n, uint32_t *out)
{
#if defined(HAVE_AVX2_PATH)
	if (n >= 8 && n <= 15 && have_avx2())
		return ipv4_vector(p, n, out);
#endif
	return ipv4_scalar(p, n, out);
}

/*
 * An IPv4 address or block, a.b.c.d or a.b.c.d/len, as the range it
 * covers: the fast path for lists of millions of blocks.  False for any
 * other text (parse_cidr and parse_addr take the rest).
 */
bool
parse_v4_block(const char *p, size_t n, uint32_t *lo, uint32_t *hi)
{
	const char *slash = memchr(p, '/', n);
	size_t an = slash != NULL ? (size_t)(slash - p) : n;
	uint64_t len = 32;
	uint32_t a, mask;

	if (!parse_ipv4(p, an, &a))
		return false;
	if (slash != NULL && (n - an - 1 == 0 || n - an - 1 > 2 ||
	    !parse_uint(slash + 1, n - an - 1, &len) || len > 32))
		return false;
	mask = len == 0 ? 0 : ~(uint32_t)0 << (32 - len);
	*lo = a & mask;
	*hi = a | ~mask;
	return true;
}

/* A hex digit's value, or -1; ASCII whatever the locale, and no call. */
static int
hexval(int c)
{
	unsigned d = (unsigned)c - '0', x = ((unsigned)c | 0x20) - 'a';

	return d <= 9 ? (int)d : x <= 5 ? (int)x + 10 : -1;
}

static bool
parse_ipv6(const char *p, size_t n, struct addr *out)
{
	uint16_t w[8];
	int nw = 0, gap = -1;
	size_t i = 0;

	if (n >= 2 && p[0] == ':' && p[1] == ':') {
		gap = 0;
		i = 2;
	} else if (n >= 1 && p[0] == ':')
		return false;
	while (i < n) {
		size_t start = i;
		unsigned v = 0;
		int h;

		if (nw == 8)
			return false;
		while (i < n && i - start < 4 &&
		    (h = hexval((unsigned char)p[i])) >= 0) {
			v = v << 4 | (unsigned)h;
			i++;
		}
		if (i < n && p[i] == '.') {	/* embedded IPv4 ends the text */
			uint32_t v4;

			if (nw > 6 || !parse_ipv4(p + start, n - start, &v4))
				return false;
			w[nw++] = (uint16_t)(v4 >> 16);
			w[nw++] = (uint16_t)v4;
			i = n;
			break;
		}
		if (i == start)
			return false;
		w[nw++] = (uint16_t)v;
		if (i == n)
			break;
		if (p[i] != ':')
			return false;
		i++;
		if (i < n && p[i] == ':') {
			if (gap >= 0)
				return false;
			gap = nw;
			i++;
		} else if (i == n)
			return false;
	}
	if (gap < 0 && nw != 8)
		return false;
	if (gap >= 0) {
		int tail = nw - gap;

		if (nw == 8)
			return false;
		memmove(w + 8 - tail, w + gap, (size_t)tail * sizeof w[0]);
		for (int k = gap; k < 8 - tail; k++)
			w[k] = 0;
	}
	out->hi = out->lo = 0;
	for (int k = 0; k < 4; k++)
		out->hi = out->hi << 16 | w[k];
	for (int k = 4; k < 8; k++)
		out->lo = out->lo << 16 | w[k];
	return true;
}

bool
parse_addr(const char *p, size_t n, struct addr *out)
{
	uint32_t v4;

	if (parse_ipv4(p, n, &v4)) {
		out->hi = 0;
		out->lo = 0xffff00000000ULL | v4;
		return true;
	}
	return memchr(p, ':', n) != NULL && parse_ipv6(p, n, out);
}

bool
addr_is_v4(const struct addr *a)
{
	return a->hi == 0 && (a->lo >> 32) == 0xffff;
}

int
addr_cmp(const struct addr *a, const struct addr *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

/*
 * Parse ADDR/LEN into the range [lo, hi].  Returns the prefix length as
 * written, or -1.  An IPv4 prefix counts within the mapped range, so
 * 10.0.0.0/8 never covers an IPv6 address.
 */
int
parse_cidr(const char *p, size_t n, struct addr *lo, struct addr *hi)
{
	const char *slash = memchr(p, '/', n);
	uint64_t len;
	unsigned bits, max;

	if (slash == NULL || !parse_addr(p, (size_t)(slash - p), lo))
		return -1;
	max = addr_is_v4(lo) && memchr(p, ':', (size_t)(slash - p)) == NULL ?
	    32 : 128;
	if (!parse_uint(slash + 1, n - (size_t)(slash + 1 - p), &len) ||
	    len > max || n - (size_t)(slash + 1 - p) > 3)
		return -1;
	bits = (unsigned)len + (128 - max);
	*hi = *lo;
	if (bits <= 64) {
		uint64_t m = bits == 0 ? 0 : ~0ULL << (64 - bits);

		lo->hi &= m;
		lo->lo = 0;
		hi->hi |= ~m;
		hi->lo = ~0ULL;
	} else {
		uint64_t m = bits == 128 ? ~0ULL : ~0ULL << (128 - bits);

		lo->lo &= m;
		hi->lo |= ~m;
	}
	return (int)len;
}

size_t
format_addr(const struct addr *a, char *buf)
{
	uint16_t w[8];
	int best = -1, bestlen = 1;
	size_t k = 0;

	if (addr_is_v4(a)) {
		uint32_t v = (uint32_t)a->lo;

		return (size_t)sprintf(buf, "%u.%u.%u.%u", v >> 24,
		    (v >> 16) & 255, (v >> 8) & 255, v & 255);
	}
	for (int i = 0; i < 4; i++) {
		w[i] = (uint16_t)(a->hi >> (48 - 16 * i));
		w[i + 4] = (uint16_t)(a->lo >> (48 - 16 * i));
	}
	/* RFC 5952: the longest run of two or more zero words becomes :: */
	for (int i = 0; i < 8; i++) {
		int j = i;

		while (j < 8 && w[j] == 0)
			j++;
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
		if (j > i)
			i = j - 1;
	}
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			k += (size_t)sprintf(buf + k, "::");
			i += bestlen - 1;
			continue;
		}
		if (k > 0 && buf[k - 1] != ':')
			buf[k++] = ':';
		k += (size_t)sprintf(buf + k, "%x", w[i]);
	}
	buf[k] = '\0';
	return k;
}

/* a / b rounded down (b > 0), for times before 1970 */
int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/*
 * Days since 1970-01-01 of a civil date, and back (proleptic Gregorian,
 * after Howard Hinnant's algorithms: eras of 400 years).
 */
int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool
fixed_digits(const char *p, size_t n, size_t at, size_t len, unsigned *out)
{
	unsigned v = 0;

	if (at + len > n)
		return false;
	for (size_t i = at; i < at + len; i++) {
		if (!isdigit((unsigned char)p[i]))
			return false;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	*out = v;
	return true;
}

/*
 * ISO 8601: YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+HH:MM|+HHMM], a space
 * allowed for the T; UTC when no zone is given.  span_ms is the length
 * of the period the text names (a day for a date, a minute for HH:MM,
 * ...), so that = can mean "in".
 */
bool
parse_iso_time(const char *p, size_t n, int64_t *ms, int64_t *span_ms)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	unsigned y, mo, d, h = 0, mi = 0, s = 0;
	int64_t frac = 0, span = 86400000, t;
	size_t i = 10;

	if (!fixed_digits(p, n, 0, 4, &y) || n < 10 || p[4] != '-' ||
	    !fixed_digits(p, n, 5, 2, &mo) || p[7] != '-' ||
	    !fixed_digits(p, n, 8, 2, &d))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && (y % 4 != 0 ||
	    (y % 100 == 0 && y % 400 != 0))))
		return false;
	if (i + 1 < n && (p[i] == 'T' || p[i] == 't' || p[i] == ' ')) {
		if (!fixed_digits(p, n, 11, 2, &h) || n < 16 || p[13] != ':' ||
		    !fixed_digits(p, n, 14, 2, &mi) || h > 23 || mi > 59)
			return false;
		i = 16;
		span = 60000;
		if (i < n && p[i] == ':') {
			if (!fixed_digits(p, n, 17, 2, &s) || s > 60)
				return false;
			i = 19;
			span = 1000;
			if (i < n && (p[i] == '.' || p[i] == ',')) {
				int64_t scale = 100;
				size_t f = ++i;

				while (i < n && isdigit((unsigned char)p[i])) {
					frac += (p[i] - '0') * scale;
					scale /= 10;
					i++;
				}
				if (i == f || i - f > 9)
					return false;
				span = i - f >= 3 ? 1 : (i - f == 2 ? 10 : 100);
			}
		}
	}
	t = (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) *
	    1000 + frac;
	if (i < n && (p[i] == 'Z' || p[i] == 'z'))
		i++;
	else if (i < n && (p[i] == '+' || p[i] == '-')) {
		unsigned zh, zm;
		size_t mpos = i + 3;

		if (i + 3 < n && p[i + 3] == ':')
			mpos++;
		if (!fixed_digits(p, n, i + 1, 2, &zh) ||
		    !fixed_digits(p, n, mpos, 2, &zm) || zh > 23 || zm > 59)
			return false;
		t += (p[i] == '+' ? -1 : 1) * ((int64_t)zh * 3600 + zm * 60) *
		    1000;
		i = mpos + 2;
	}
	if (i != n)
		return false;
	*ms = t;
	if (span_ms != NULL)
		*span_ms = span;
	return true;
}

/* --- record values -------------------------------------------------- */

/* The largest value of an integer type: ports, protocols, flags. */
uint64_t
ftype_max(enum ftype t)
{
	switch (t) {
	case T_PORT:
		return 65535;
	case T_PROTO: case T_FLAGS: case T_TPATH:
		return 255;
	case T_TIME:
		return INT64_MAX / 1000;	/* epoch seconds, as ms */
	default:
		return UINT64_MAX;
	}
}

enum valstate
rec_uint(const struct record *r, int fid, uint64_t *out)
{
	struct slice s;

	if (fid == F_LINE) {
		*out = r->lineno;
		return r->lineno > 0 ? V_OK : V_MISSING;
	}
	if (fid == F_DURATION) {
		uint64_t a, b;
		enum valstate st;

		if ((st = rec_uint(r, F_START, &a)) != V_OK ||
		    (st = rec_uint(r, F_END, &b)) != V_OK)
			return st;
		if (b < a)
			return V_BAD;
		*out = b - a;
		return V_OK;
	}
	if (!rec_text(r, fid, &s))
		return V_MISSING;
	if (!parse_uint(s.p, s.n, out) || *out > ftype_max(fields[fid].type))
		return V_BAD;
	return V_OK;
}

enum valstate
rec_time_ms(const struct record *r, int fid, int64_t *out)
{
	struct slice s;
	uint64_t v;

	if (fid != F_TIMESTAMP) {
		enum valstate st = rec_uint(r, fid, &v);

		if (st == V_OK)
			*out = (int64_t)v * 1000;
		return st;
	}
	if (!rec_text(r, fid, &s))
		return V_MISSING;
	if (r->ts_is_ms) {
		if (!parse_uint(s.p, s.n, &v) || v > INT64_MAX)
			return V_BAD;
		*out = (int64_t)v;
		return V_OK;
	}
	return parse_iso_time(s.p, s.n, out, NULL) ? V_OK : V_BAD;
}

enum valstate
rec_addr(const struct record *r, int fid, struct addr *out)
{
	struct slice s;

	if (!rec_text(r, fid, &s))
		return V_MISSING;
	return parse_addr(s.p, s.n, out) ? V_OK : V_BAD;
}

/* --- names of numbers ---------------------------------------------- */

static const struct {
	const char *name;
	unsigned num;
} protocols[] = {
	{ "hopopt", 0 }, { "icmp", 1 }, { "igmp", 2 }, { "ggp", 3 },
	{ "ipv4", 4 }, { "ipip", 4 }, { "st", 5 }, { "tcp", 6 },
	{ "egp", 8 }, { "igp", 9 }, { "udp", 17 }, { "rdp", 27 },
	{ "dccp", 33 }, { "ipv6", 41 }, { "ipv6-route", 43 },
	{ "ipv6-frag", 44 }, { "rsvp", 46 }, { "gre", 47 }, { "esp", 50 },
	{ "ah", 51 }, { "icmpv6", 58 }, { "ipv6-icmp", 58 },
	{ "ipv6-nonxt", 59 }, { "ipv6-opts", 60 }, { "eigrp", 88 },
	{ "ospf", 89 }, { "pim", 103 }, { "vrrp", 112 }, { "l2tp", 115 },
	{ "sctp", 132 }, { "udplite", 136 }, { "mpls-in-ip", 137 },
};

static bool
word_equal(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

const char *
proto_name(unsigned v)
{
	for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
		if (protocols[i].num == v)
			return protocols[i].name;
	return NULL;
}

int
proto_lookup(const char *p, size_t n)
{
	for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
		if (word_equal(p, n, protocols[i].name))
			return (int)protocols[i].num;
	return -1;
}

static const char *const tcpflags[] = { "FIN", "SYN", "RST", "PSH", "ACK",
	"URG", "ECE", "CWR" };

int
tcpflag_lookup(const char *p, size_t n)
{
	for (int i = 0; i < 8; i++)
		if (word_equal(p, n, tcpflags[i]))
			return 1 << i;
	return -1;
}

size_t
tcpflags_render(unsigned v, char *buf)
{
	size_t k = 0;

	if (v == 0)
		return (size_t)sprintf(buf, "none");
	for (int i = 0; i < 8; i++)
		if (v & (1u << i))
			k += (size_t)sprintf(buf + k, "%s%s", k > 0 ? "+" : "",
			    tcpflags[i]);
	if (v > 255)
		k = (size_t)sprintf(buf, "%u", v);
	return k;
}

/* Short names of our own; AWS numbers the paths but does not name them. */
static const char *const tpaths[] = { NULL, "intra-vpc", "igw-or-endpoint",
	"vgw", "peering", "inter-region-peering", "local-gateway",
	"gateway-endpoint", "igw" };

const char *
tpath_name(unsigned v)
{
	return v < sizeof tpaths / sizeof tpaths[0] ? tpaths[v] : NULL;
}

int
tpath_lookup(const char *p, size_t n)
{
	for (unsigned i = 1; i < sizeof tpaths / sizeof tpaths[0]; i++)
		if (word_equal(p, n, tpaths[i]))
			return (int)i;
	return -1;
}
