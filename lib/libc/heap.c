/*
 * The allocator behind malloc (erix/heap.h has the design): first fit over
 * an address-ordered free list, splitting a block when the rest can hold a
 * block of its own, and merging a freed block with free neighbours.
 *
 * A block is a 16-byte header { size, check } and its payload; a free block
 * keeps its list link in the first payload word, so the smallest block is 32
 * bytes. check is a tag (used or free) XORed with the size and the header's
 * address, so neither a stale header nor a copied one checks as live. Blocks
 * tile the arena, so the header after a block is always a real one, which
 * realloc uses to grow in place.
 */
#include <erix/heap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HEADER    16u
#define MIN_BLOCK 32u
#define TAG_USED  ((uintptr_t)0x45524958555345ull) /* "ERIXUSE" */
#define TAG_FREE  ((uintptr_t)0x45524958465245ull) /* "ERIXFRE" */

struct erix_heap_block {
	size_t size;                  /* bytes, header included; a multiple of 16 */
	uintptr_t check;              /* tag ^ size ^ address */
	struct erix_heap_block *next; /* free blocks only: the next free block by address */
};
typedef struct erix_heap_block block;

_Static_assert(offsetof(block, next) == HEADER, "the header is 16 bytes");

static uintptr_t check_word(const block *b, uintptr_t tag)
{
	return tag ^ b->size ^ (uintptr_t)b;
}

static void mark(block *b, size_t size, uintptr_t tag)
{
	b->size = size;
	b->check = check_word(b, tag);
}

static bool has_tag(const block *b, uintptr_t tag)
{
	return b->check == check_word(b, tag);
}

static block *after(const block *b)
{
	return (block *)((unsigned char *)b + b->size);
}

static unsigned char *arena_end(const struct erix_heap *h)
{
	return h->base + h->size;
}

/* The block size that holds n payload bytes, or 0 when none can. */
static size_t block_size(size_t n)
{
	if (n > SIZE_MAX - HEADER - ERIX_HEAP_ALIGN)
		return 0;
	size_t size = (n + HEADER + ERIX_HEAP_ALIGN - 1) & ~(size_t)(ERIX_HEAP_ALIGN - 1);
	return size < MIN_BLOCK ? MIN_BLOCK : size;
}

void erix_heap_init(struct erix_heap *h, void *base, size_t size)
{
	uintptr_t start =
		((uintptr_t)base + ERIX_HEAP_ALIGN - 1) & ~(uintptr_t)(ERIX_HEAP_ALIGN - 1);
	size_t lost = start - (uintptr_t)base;
	*h = (struct erix_heap){.base = (unsigned char *)start};
	if (base == NULL || size < lost + MIN_BLOCK)
		return;
	h->size = (size - lost) & ~(size_t)(ERIX_HEAP_ALIGN - 1);
	block *b = (block *)h->base;
	mark(b, h->size, TAG_FREE);
	b->next = NULL;
	h->free_list = b;
	h->free_bytes = h->size;
}

/* The used block whose payload is p, or NULL when p is not one. */
static block *live_block(const struct erix_heap *h, void *p)
{
	unsigned char *q = p;
	if ((uintptr_t)q % ERIX_HEAP_ALIGN != 0 || q < h->base + HEADER || q >= arena_end(h))
		return NULL;
	block *b = (block *)(q - HEADER);
	size_t room = (size_t)(arena_end(h) - (unsigned char *)b);
	if (b->size < MIN_BLOCK || b->size > room || b->size % ERIX_HEAP_ALIGN != 0)
		return NULL;
	return has_tag(b, TAG_USED) ? b : NULL;
}

/* Take `size` bytes from the front of free block b (linked from *link) as a used block. */
static void take(struct erix_heap *h, block **link, block *b, size_t size)
{
	if (b->size - size >= MIN_BLOCK) {
		block *rest = (block *)((unsigned char *)b + size);
		mark(rest, b->size - size, TAG_FREE);
		rest->next = b->next;
		*link = rest;
	} else {
		size = b->size;
		*link = b->next;
	}
	mark(b, size, TAG_USED);
	h->free_bytes -= size;
}

void *erix_heap_alloc(struct erix_heap *h, size_t n)
{
	size_t size = block_size(n);
	if (size == 0)
		return NULL;
	for (block **link = &h->free_list; *link; link = &(*link)->next)
		if ((*link)->size >= size) {
			block *b = *link;
			take(h, link, b, size);
			return (unsigned char *)b + HEADER;
		}
	return NULL;
}

/* Merge free block b with the free block right after it when they touch. */
static void merge_next(block *b)
{
	block *n = b->next;
	if (n == NULL || after(b) != n)
		return;
	b->next = n->next;
	mark(b, b->size + n->size, TAG_FREE);
	n->check = 0; /* its header is now payload: never a live block again */
}

/* Put block b (not in the list) on the free list in address order, merging neighbours. */
static void release(struct erix_heap *h, block *b)
{
	block *prev = NULL, *next = h->free_list;
	while (next != NULL && next < b) {
		prev = next;
		next = next->next;
	}
	mark(b, b->size, TAG_FREE);
	h->free_bytes += b->size;
	b->next = next;
	if (prev != NULL)
		prev->next = b;
	else
		h->free_list = b;
	merge_next(b);
	if (prev != NULL)
		merge_next(prev);
}

void erix_heap_free(struct erix_heap *h, void *p)
{
	if (p == NULL)
		return;
	block *b = live_block(h, p);
	if (b == NULL) {
		h->bad_frees++;
		return;
	}
	release(h, b);
}

/* Give the tail of used block b beyond `size` bytes back to the heap, when it can be a block. */
static void trim(struct erix_heap *h, block *b, size_t size)
{
	if (b->size - size < MIN_BLOCK)
		return;
	block *rest = (block *)((unsigned char *)b + size);
	rest->size = b->size - size;
	mark(b, size, TAG_USED);
	release(h, rest);
}

/* Grow used block b to at least `size` bytes by taking the free block after it; false if it cannot.
 */
static bool grow_in_place(struct erix_heap *h, block *b, size_t size)
{
	block *n = after(b);
	if ((unsigned char *)n >= arena_end(h) || !has_tag(n, TAG_FREE) || b->size + n->size < size)
		return false;
	block **link = &h->free_list;
	while (*link != n)
		link = &(*link)->next;
	*link = n->next;
	h->free_bytes -= n->size;
	mark(b, b->size + n->size, TAG_USED);
	n->check = 0;
	trim(h, b, size);
	return true;
}

void *erix_heap_realloc(struct erix_heap *h, void *p, size_t n)
{
	if (p == NULL)
		return erix_heap_alloc(h, n);
	block *b = live_block(h, p);
	if (b == NULL) {
		h->bad_frees++;
		return NULL;
	}
	if (n == 0) {
		release(h, b);
		return NULL;
	}
	size_t size = block_size(n);
	if (size == 0)
		return NULL;
	if (size <= b->size) {
		trim(h, b, size);
		return p;
	}
	if (grow_in_place(h, b, size))
		return p;
	void *q = erix_heap_alloc(h, n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, b->size - HEADER);
	release(h, b);
	return q;
}

void erix_heap_stats(const struct erix_heap *h, struct erix_heap_stats *out)
{
	*out = (struct erix_heap_stats){
		.arena_bytes = h->size, .bad_frees = h->bad_frees, .consistent = 1};
	const block *listed = h->free_list;
	unsigned char *p = h->base;
	while (p < arena_end(h)) {
		const block *b = (const block *)p;
		if (b->size < MIN_BLOCK || b->size > (size_t)(arena_end(h) - p)) {
			out->consistent = 0;
			return;
		}
		if (has_tag(b, TAG_FREE)) {
			out->consistent &= b == listed;
			listed = b == listed ? b->next : listed;
			out->free_blocks++;
			out->free_bytes += b->size;
			if (b->size - HEADER > out->largest_free)
				out->largest_free = b->size - HEADER;
		} else {
			out->consistent &= has_tag(b, TAG_USED);
			out->used_blocks++;
		}
		p += b->size;
	}
	out->consistent &= listed == NULL && out->free_bytes == h->free_bytes;
}

struct erix_heap *erix_heap_default(void)
{
	static struct erix_heap heap;
	static bool ready;
	if (!ready) {
		void *base;
		size_t size;
		erix_heap_default_arena(&base, &size);
		erix_heap_init(&heap, base, size);
		ready = true;
	}
	return &heap;
}

void *malloc(size_t n)
{
	return erix_heap_alloc(erix_heap_default(), n);
}

void free(void *p)
{
	erix_heap_free(erix_heap_default(), p);
}

void *calloc(size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	void *p = malloc(count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	return erix_heap_realloc(erix_heap_default(), p, n);
}
