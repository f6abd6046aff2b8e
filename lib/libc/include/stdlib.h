/*
 * The general utilities of EriX's user-space C library: allocation over the
 * program's heap arena (erix/heap.h says how it works) and number parsing.
 * There are no environment, process or locale functions.
 */
#ifndef ERIX_LIBC_STDLIB_H
#define ERIX_LIBC_STDLIB_H

#include <stddef.h>

/* n bytes, 16-byte aligned, or NULL when the heap is exhausted. */
void *malloc(size_t n);
/* Return p to the heap; NULL does nothing; a pointer malloc did not give is counted and ignored. */
void free(void *p);
/* count * size zeroed bytes, or NULL on exhaustion or when the product overflows. */
void *calloc(size_t count, size_t size);
/* Resize p (erix_heap_realloc): NULL p allocates, n 0 frees; on failure NULL and p untouched. */
void *realloc(void *p, size_t n);

/*
 * Parse an integer in `base` (2..36, or 0: a 0x prefix means 16, a leading
 * 0 means 8, else 10) after optional white space and sign, as ISO C says.
 * *end (if not NULL) gets the first byte not parsed, or s when there were no
 * digits. Out of range: the nearest limit and errno = ERANGE; a bad base: 0
 * and errno = EINVAL.
 */
long strtol(const char *s, char **end, int base);
/* strtol for unsigned long; a '-' negates the result in unsigned arithmetic, as in C. */
unsigned long strtoul(const char *s, char **end, int base);

#endif
