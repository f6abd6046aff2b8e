/*
 * The data of ramfs regular files. A file is an array of pointers to
 * RAMFS_BLOCK_SIZE blocks from malloc; a NULL pointer (or one past the
 * array) is a hole that reads as zeros, so growing a file or writing past its
 * end allocates only the blocks written. Bytes of a block past the end of
 * the file are always zero (blocks come from calloc, and truncation clears
 * the tail it cuts), so a later extension reads zeros there too. Every block
 * counts against the volume's max_blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "node.h"

/* The block that holds byte `position`, or NULL for a hole. */
static const unsigned char *block_at(const struct ramfs_node *n, uint64_t position)
{
	uint64_t b = position / RAMFS_BLOCK_SIZE;
	return b < n->block_slots ? n->blocks[b] : NULL;
}

/* Bytes from position to the end of its block, at most `left`. */
static uint64_t chunk(uint64_t position, uint64_t left)
{
	uint64_t room = RAMFS_BLOCK_SIZE - position % RAMFS_BLOCK_SIZE;
	return room < left ? room : left;
}

uint32_t ramfs_file_read(const struct ramfs_node *n, uint64_t position, unsigned char *dst,
			 uint32_t length)
{
	if (position >= n->size)
		return 0;
	uint64_t total = n->size - position < length ? n->size - position : length;
	for (uint64_t done = 0; done < total;) {
		uint64_t step = chunk(position + done, total - done);
		const unsigned char *b = block_at(n, position + done);
		if (b != NULL)
			memcpy(dst + done, b + (position + done) % RAMFS_BLOCK_SIZE, step);
		else
			memset(dst + done, 0, step);
		done += step;
	}
	return (uint32_t)total;
}

/* Make the block array hold `slots` pointers (new ones NULL); false when it cannot grow. */
static bool reserve_slots(struct ramfs_node *n, uint64_t slots)
{
	if (slots <= n->block_slots)
		return true;
	if (slots > SIZE_MAX / sizeof(*n->blocks))
		return false;
	unsigned char **grown = realloc(n->blocks, slots * sizeof(*n->blocks));
	if (grown == NULL)
		return false;
	memset(grown + n->block_slots, 0, (slots - n->block_slots) * sizeof(*grown));
	n->blocks = grown;
	n->block_slots = slots;
	return true;
}

/* Make sure block b exists; false when the volume or the heap is full. */
static bool ensure_block(struct ramfs *fs, struct ramfs_node *n, uint64_t b)
{
	if (n->blocks[b] != NULL)
		return true;
	if (fs->used_blocks >= fs->max_blocks)
		return false;
	n->blocks[b] = calloc(1, RAMFS_BLOCK_SIZE);
	if (n->blocks[b] == NULL)
		return false;
	fs->used_blocks++;
	return true;
}

uint32_t ramfs_file_write(struct ramfs *fs, struct ramfs_node *n, uint64_t position,
			  const unsigned char *src, uint32_t length)
{
	uint64_t end = position + length;
	if (!reserve_slots(n, (end + RAMFS_BLOCK_SIZE - 1) / RAMFS_BLOCK_SIZE))
		return 0;
	uint64_t done = 0;
	while (done < length && ensure_block(fs, n, (position + done) / RAMFS_BLOCK_SIZE)) {
		uint64_t step = chunk(position + done, length - done);
		memcpy(n->blocks[(position + done) / RAMFS_BLOCK_SIZE] +
			       (position + done) % RAMFS_BLOCK_SIZE,
		       src + done, step);
		done += step;
	}
	if (position + done > n->size && done > 0)
		n->size = position + done;
	return (uint32_t)done;
}

void ramfs_file_truncate(struct ramfs *fs, struct ramfs_node *n, uint64_t size)
{
	uint64_t keep = (size + RAMFS_BLOCK_SIZE - 1) / RAMFS_BLOCK_SIZE;
	for (uint64_t b = keep; b < n->block_slots; b++)
		if (n->blocks[b] != NULL) {
			free(n->blocks[b]);
			n->blocks[b] = NULL;
			fs->used_blocks--;
		}
	unsigned char *last = (unsigned char *)block_at(n, size);
	if (size < n->size && last != NULL && size % RAMFS_BLOCK_SIZE != 0)
		memset(last + size % RAMFS_BLOCK_SIZE, 0,
		       RAMFS_BLOCK_SIZE - size % RAMFS_BLOCK_SIZE);
	n->size = size;
}
