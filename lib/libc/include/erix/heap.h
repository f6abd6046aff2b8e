/*
 * The EriX heap: a first-fit allocator over one fixed arena, the memory
 * behind malloc, free, calloc and realloc (stdlib.h). There is no sbrk: a
 * program's heap is a zero-initialised region its image carries (user.ld
 * reserves it at the end of .bss), and a program that wants another size
 * links with -Wl,--defsym=erix_heap_size=BYTES placed
 * before user.ld on the link line. A test or a server may also
 * run heaps of its own over any buffer with the erix_heap_* functions.
 *
 * Every block, free or used, starts with a 16-byte header (its size and a
 * check word derived from a tag, the size and the header's address); blocks
 * tile the arena and payloads are 16-byte aligned. Free blocks form a list in
 * address order, and freeing merges a block with free neighbours. A pointer
 * whose header does not check as a used block (a double free, a pointer into
 * the middle of a block, one the heap never returned) is refused: the call has
 * no effect and the heap counts it in bad_frees, which a program can report.
 */
#ifndef ERIX_HEAP_H
#define ERIX_HEAP_H

#include <stddef.h>

#define ERIX_HEAP_ALIGN 16

struct erix_heap_block;

struct erix_heap {
	unsigned char *base;               /* the arena, aligned to ERIX_HEAP_ALIGN */
	size_t size;                       /* bytes of the arena, a multiple of ERIX_HEAP_ALIGN */
	struct erix_heap_block *free_list; /* free blocks in address order */
	size_t free_bytes;                 /* bytes in free blocks, headers included */
	size_t bad_frees;                  /* refused free and realloc pointers */
};

/* What a walk over the arena found (erix_heap_stats). */
struct erix_heap_stats {
	size_t arena_bytes;
	size_t free_bytes;   /* in free blocks, headers included */
	size_t largest_free; /* the largest request that can succeed now */
	size_t used_blocks;
	size_t free_blocks;
	size_t bad_frees;
	int consistent; /* 1 when the blocks tile the arena and the free list matches */
};

/* Make `h` a heap over size bytes at base (trimmed to ERIX_HEAP_ALIGN); too small gives an empty
 * heap. */
void erix_heap_init(struct erix_heap *h, void *base, size_t size);

/* A 16-byte aligned block of at least n bytes (0 gives a minimal block), or NULL when none fits. */
void *erix_heap_alloc(struct erix_heap *h, size_t n);

/* Return p (NULL: nothing) to the heap; a pointer that is not a live block is counted, not freed.
 */
void erix_heap_free(struct erix_heap *h, void *p);

/*
 * Resize p to n bytes, keeping its contents up to the smaller size: in place
 * when possible, else by moving. p NULL allocates; n 0 frees p and returns
 * NULL. On failure (NULL) p is untouched; a bad p is counted and gives NULL.
 */
void *erix_heap_realloc(struct erix_heap *h, void *p, size_t n);

/* Walk the arena and the free list of h into *out. */
void erix_heap_stats(const struct erix_heap *h, struct erix_heap_stats *out);

/* The heap malloc and friends use, set up from the program's arena on first use. */
struct erix_heap *erix_heap_default(void);

/* The program's arena (lib/libc/heap_arena.c: user.ld's heap region). */
void erix_heap_default_arena(void **base, size_t *size);

#endif
