/*
 * alloc.c: memory, the one way flowgrep runs out of it, and the check
 * of invariants in the sanitizer build.
 *
 * Every allocation goes through these.  Running out of memory is not a
 * condition any caller can repair (the record at hand, a compiled
 * expression, a key table all need what was asked for), so it ends the
 * program here, with grep's status for trouble, the same way wherever
 * it happens.  This is the one exit() below main, as in mandoc's
 * mandoc_aux.c and OpenBSD grep's util.c.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowgrep.h"

static void
out_of_memory(void)
{
	errx(2, "out of memory");
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		out_of_memory();
	return p;
}

/* n elements of size bytes, refusing a product that wraps. */
void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory();
	if ((p = realloc(p, n * size == 0 ? 1 : n * size)) == NULL)
		out_of_memory();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* A broken invariant is a bug: say where, and die loudly for the tests. */
void
invariant_failed(const char *what, const char *file, int line)
{
	fprintf(stderr, "flowgrep: %s:%d: invariant failed: %s\n", file, line,
	    what);
	abort();
}

/* --- growing text: --explain, translations ------------------------- */

void
sb_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->n + n + 1 > sb->cap) {
		sb->cap = (sb->n + n + 1) * 2;
		sb->p = xreallocarray(sb->p, sb->cap, 1);
	}
	memcpy(sb->p + sb->n, s, n);
	sb->n += n;
	sb->p[sb->n] = '\0';
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if ((size_t)k < sizeof small) {
		sb_add(sb, small, (size_t)k);
		return;
	}
	big = xmalloc((size_t)k + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)k + 1, fmt, ap);
	va_end(ap);
	sb_add(sb, big, (size_t)k);
	free(big);
}

const char *
sb_text(const struct strbuf *sb)
{
	return sb->p != NULL ? sb->p : "";
}

void
sb_free(struct strbuf *sb)
{
	free(sb->p);
	sb->p = NULL;
	sb->n = sb->cap = 0;
}
