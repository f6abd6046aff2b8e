/*
 * The nodes of the ramfs tree, shared by ramfs.c (the tree, handles and
 * directories) and file.c (the data of regular files).
 */
#ifndef ERIX_RAMFS_NODE_H
#define ERIX_RAMFS_NODE_H

#include "ramfs.h"

/* One directory entry; cookie orders the entries and is what readdir resumes from. */
struct ramfs_entry {
	char *name; /* NUL-terminated, from malloc */
	uint8_t len;
	uint32_t cookie;
	struct ramfs_node *node;
};

struct ramfs_node {
	enum fs_node_type type;
	uint64_t inode;
	uint64_t modify_ns;
	uint32_t refs;   /* references held through the handle */
	uint32_t handle; /* 0: none given out */
	bool linked;     /* in a directory (the root always) */
	struct ramfs_node
		*parent; /* the directory it is linked in; NULL for the root and unlinked nodes */
	/* directories */
	struct ramfs_entry *entries; /* by cookie, ascending */
	uint32_t count, capacity;
	uint32_t next_cookie; /* the next entry's cookie; cookies start at 1 */
	uint32_t subdirs;
	/* regular files: size bytes in blocks of RAMFS_BLOCK_SIZE; a NULL block reads as zeros */
	uint64_t size;
	unsigned char **blocks;
	uint64_t block_slots;
};

/* Read `length` bytes of file n at position into dst; the bytes read (0 at or past the end). */
uint32_t ramfs_file_read(const struct ramfs_node *n, uint64_t position, unsigned char *dst,
			 uint32_t length);

/* Write from src to file n at position, allocating blocks; the bytes written (0: no_memory). */
uint32_t ramfs_file_write(struct ramfs *fs, struct ramfs_node *n, uint64_t position,
			  const unsigned char *src, uint32_t length);

/* Make file n `size` bytes long: blocks past it freed, a grown part reading as zeros. */
void ramfs_file_truncate(struct ramfs *fs, struct ramfs_node *n, uint64_t size);

#endif
