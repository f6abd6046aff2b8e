/* The host tests' TAP runner: a table of named checks, run in order. */
#ifndef ERIX_HOST_TAP_H
#define ERIX_HOST_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct tap_test {
	const char *name;
	bool (*fn)(void); /* true when the check held */
};

/* What a check covers of an interface's method, for tests/coverage.py. */
enum tap_cover_kind { COVER_POSITIVE, COVER_AUTHORITY };

/*
 * Declare that `ok` checks `methods` ("IFACE.METHOD ...") as `kind`;
 * tests/coverage.py reads the declaration from the source. Returns `ok`.
 */
static inline bool tap_cover(const char *methods, enum tap_cover_kind kind, bool ok)
{
	(void)methods;
	(void)kind;
	return ok;
}

/* Run the `n` tests in order, printing the plan, one TAP line each and a summary; the failures. */
static inline size_t tap_run(const struct tap_test *tests, size_t n)
{
	size_t failed = 0;
	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		bool ok = tests[i].fn();
		failed += !ok;
		printf("%sok %zu - %s\n", ok ? "" : "not ", i + 1, tests[i].name);
		fflush(stdout);
	}
	if (failed > 0)
		printf("# %zu of %zu tests failed\n", failed, n);
	return failed;
}

#endif
