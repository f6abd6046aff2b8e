/*
 * Force-included into the ramfs sources in the `ramfs` host test: their
 * allocations go to test_ramfs.c's wrappers, which can be told to fail.
 */
#ifndef ERIX_FAILING_ALLOC_H
#define ERIX_FAILING_ALLOC_H

#include <stddef.h>

void *failing_malloc(size_t n);
void *failing_calloc(size_t count, size_t size);
void *failing_realloc(void *p, size_t n);

#define malloc  failing_malloc
#define calloc  failing_calloc
#define realloc failing_realloc

#endif
