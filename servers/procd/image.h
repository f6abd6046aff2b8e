/*
 * Program images procd reads through vfsd, for paths outside /boot. The
 * file is read a page at a time through one buffer frame attached to it,
 * into frames made from the new process's own memory block and mapped at
 * IMAGE_WINDOW in procd, where lib/libspawn reads the image; then those
 * frames go again (their memory returns with the block).
 */
#ifndef PROCD_IMAGE_H
#define PROCD_IMAGE_H

#include <erix/abi.h>
#include <erix/spawn.h>
#include <stdbool.h>
#include <stdint.h>

#define IMAGE_MAX_PAGES 256 /* 1 MiB: the largest image read through vfsd */

struct image_reader {
	const struct spawn_builder *builder;
	erix_cptr_t files;  /* the read-only namespace (set_files), 0 until given */
	erix_cptr_t buffer; /* the frame attached to each file read */
};

/* One image in procd's memory. */
struct image {
	const void *bytes;
	uint64_t size;
	uint32_t first_frame, pages; /* procd's slots of the frames holding it */
};

/* The buffer frame and the page tables of both windows, from `memory`; false on failure. */
bool image_reader_init(struct image_reader *ir, const struct spawn_builder *b, uint32_t memory);

/*
 * Read the program at `path` through vfsd into frames made from `block`.
 * not_found without a files capability or file, not_supported for what is
 * not a regular file of 1 .. IMAGE_MAX_PAGES pages, io_error when vfsd
 * fails, no_memory when `block` or procd's slots run out.
 */
enum erix_status image_read(struct image_reader *ir, const char *path, uint32_t block,
			    struct image *out);

/* Unmap and delete the frames of an image read with image_read. */
void image_release(struct image_reader *ir, struct image *img);

#endif
