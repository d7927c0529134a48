/*
 * fuzz_lists.h: "in @FILE" without letting the fuzzer read any file.
 *
 * lists_create() writes a few list files into a directory of their own
 * under $TMPDIR.  lists_rewrite() copies an expression,
 * turning each @NAME of those files into @/that/dir/NAME, and refuses
 * (NULL) an expression with any other @word but the field names
 * @timestamp and @logStream (which, standing where a value is expected,
 * would open a file of that name in the working directory: a fixed,
 * harmless name).
 */
#ifndef FUZZ_LISTS_H
#define FUZZ_LISTS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"

static const struct {
	const char *name;
	const char *text;
	size_t len;            /* 0: strlen(text) */
} list_files[] = {
	{ "ports", "22\n3389\n# comment\n1024..2000\n\n  80  # web\n", 0 },
	{ "cidrs", "10.0.0.0/8\n2001:db8::/32\n192.168.1.7\n"
	    "10.1.2.3..10.1.2.9\n::ffff:1.2.3.4/120\n", 0 },
	{ "words", "ACCEPT\nreject\neni-0a*\n*-all\nOK # status\n", 0 },
	{ "times", "2026-11-29\n1795940000\n-15m..now\n"
	    "2024-03-25T14:00:00+01:00\n", 0 },
	{ "flags", "SYN\nFIN|ACK\n18\nSYN+ACK\n", 0 },
	{ "empty", "", 0 },
	{ "nul", "22\n2\0003\n", 7 },
	{ "bad", "22\nnot a value\n", 0 },
};

static char lists_dir[256];

/*
 * The files live in one directory per user, $TMPDIR/flowgrep-fuzz-lists.UID,
 * made again at each start (libFuzzer often leaves by _exit, so nothing
 * would remove a directory per process).  Each file is written aside and
 * renamed, so that harnesses running side by side never read half a file.
 */
static void
lists_create(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[512], part[600];
	struct stat sb;

	snprintf(lists_dir, sizeof lists_dir, "%s/flowgrep-fuzz-lists.%ld",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", (long)getuid());
	if (mkdir(lists_dir, 0700) != 0)
		CHECK(errno == EEXIST);
	CHECK(lstat(lists_dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    sb.st_uid == getuid());
	for (size_t i = 0; i < sizeof list_files / sizeof list_files[0]; i++) {
		size_t len = list_files[i].len ? list_files[i].len :
		    strlen(list_files[i].text);
		FILE *fp;

		snprintf(path, sizeof path, "%s/%s", lists_dir,
		    list_files[i].name);
		snprintf(part, sizeof part, "%s.%ld", path, (long)getpid());
		CHECK((fp = fopen(part, "w")) != NULL);
		CHECK(fwrite(list_files[i].text, 1, len, fp) == len);
		CHECK(fclose(fp) == 0);
		CHECK(rename(part, path) == 0);
	}
	snprintf(path, sizeof path, "%s/dir", lists_dir);
	if (mkdir(path, 0700) != 0)
		CHECK(errno == EEXIST);
}

/* Bytes that may continue a word, as expr.c's lexer has it (and '|'). */
static bool
list_word_byte(unsigned char c)
{
	return c > ' ' && strchr("()!=<>~,'\"&", c) == NULL;
}

/* A NUL-terminated copy of src with @NAMEs resolved; NULL to refuse. */
static char *
lists_rewrite(const char *src, size_t n)
{
	size_t cap = n + 1, k = 0, i = 0;
	char *out = malloc(cap);

	CHECK(out != NULL);
	while (i < n) {
		size_t j = i + 1, len;
		const char *name = src + i + 1;
		bool known = false;
		int fid;

		if (src[i] != '@') {
			out[k++] = src[i++];
			continue;
		}
		while (j < n && list_word_byte((unsigned char)src[j]))
			j++;
		len = j - i - 1;
		if (len == 3 && memcmp(name, "dir", 3) == 0)
			known = true;
		for (size_t f = 0; f < sizeof list_files / sizeof list_files[0];
		    f++)
			if (strlen(list_files[f].name) == len &&
			    memcmp(list_files[f].name, name, len) == 0)
				known = true;
		if (known) {
			size_t dl = strlen(lists_dir);

			cap += dl + 1;
			out = realloc(out, cap);
			CHECK(out != NULL);
			out[k++] = '@';
			memcpy(out + k, lists_dir, dl);
			k += dl;
			out[k++] = '/';
			memcpy(out + k, name, len);
			k += len;
			i = j;
			continue;
		}
		fid = field_lookup(src + i, j - i);
		if ((fid != F_TIMESTAMP && fid != F_LOGSTREAM) ||
		    memchr(name, '/', len) != NULL || memchr(name, '.', len)) {
			free(out);
			return NULL;
		}
		memcpy(out + k, src + i, j - i);
		k += j - i;
		i = j;
	}
	/* exactly sized, so that a read past the NUL is caught */
	src = string_copy(out, k);
	free(out);
	return (char *)src;
}

#endif
