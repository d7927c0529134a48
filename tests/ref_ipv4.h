/*
 * ref_ipv4.h: a dotted quad, the slow and plain way, for tests to hold
 * parse_ipv4 to (tests/unit.c on made-up texts, fuzz_parse on the
 * fuzzer's).  Written apart from parse.c on purpose: it counts each
 * octet's digits where parse.c unrolls them and, where AVX2 is, works in
 * vector lanes; a reference shared with the code would check it against
 * itself.  Four parts between dots, each of one to three digits, no
 * leading zero, at most 255.
 */
#ifndef REF_IPV4_H
#define REF_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static bool
ref_ipv4(const char *p, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t start = i;
		unsigned o = 0;

		while (i < n && p[i] >= '0' && p[i] <= '9' && i - start < 4)
			o = o * 10 + (unsigned)(p[i++] - '0');
		if (i == start || i - start > 3 || o > 255 ||
		    (i - start > 1 && p[start] == '0'))
			return false;
		v = v << 8 | o;
		if (part < 3 && (i >= n || p[i++] != '.'))
			return false;
	}
	if (i != n)
		return false;
	*out = v;
	return true;
}

#endif
