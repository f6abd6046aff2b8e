/*
 * The ramfs core: an in-memory tree behind fs.idl, with no IPC in it.
 * server.c turns decoded fs requests into these calls; the host test `ramfs`
 * drives both through the generated dispatch. Every function answers the
 * status fs.idl names for the method and changes nothing when it fails.
 */
#ifndef ERIX_RAMFS_H
#define ERIX_RAMFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs.h"

#define RAMFS_BLOCK_SIZE    4096u
#define RAMFS_MAX_NAME      239u
#define RAMFS_MAX_FILE_SIZE (1ull << 30) /* beyond it: too_large */
#define RAMFS_HANDLE_SLOTS  4096u        /* handles live at once, the root's included */
#define RAMFS_MIN_BUFFER    4096u
#define RAMFS_MAX_BUFFER    (1u << 20)

struct ramfs_node;

/* One handle slot: the node it names and the generation that makes a reused slot's handle new. */
struct ramfs_handle {
	struct ramfs_node *node;
	uint32_t generation;
};

struct ramfs {
	uint64_t (*clock)(void *ctx); /* now, in ns since the Unix epoch */
	void *clock_ctx;
	uint64_t max_blocks; /* the volume's size in RAMFS_BLOCK_SIZE blocks */
	uint64_t used_blocks;
	uint64_t next_inode;
	struct ramfs_node *root;
	unsigned char *buffer; /* the attached transfer frame; NULL before attach */
	uint32_t buffer_size;
	bool read_only;
	struct ramfs_handle handles[RAMFS_HANDLE_SLOTS]; /* slot 0 unused; slot 1 the root */
};

/* Make an empty volume of max_blocks blocks; no_memory when the root cannot be made. */
enum erix_status ramfs_init(struct ramfs *fs, uint64_t max_blocks, uint64_t (*clock)(void *ctx),
			    void *clock_ctx);

/* Free every node of the volume. */
void ramfs_destroy(struct ramfs *fs);

/* Use size bytes at buffer as the transfer frame (replacing one); the root handle and statistics.
 */
enum erix_status ramfs_attach(struct ramfs *fs, void *buffer, uint64_t size, bool read_only,
			      uint32_t *root, struct fs_fs_stats *stats);

/* fs.idl's lookup: a referenced handle to `name` in `parent`. */
enum erix_status ramfs_lookup(struct ramfs *fs, uint32_t parent, const char *name, size_t len,
			      uint32_t *node, struct fs_node_attr *attr);

/* fs.idl's release: drop one reference (the root's: nothing). */
enum erix_status ramfs_release(struct ramfs *fs, uint32_t node);

/* fs.idl's create (type regular) and mkdir (type directory): the new node, referenced. */
enum erix_status ramfs_create(struct ramfs *fs, uint32_t parent, const char *name, size_t len,
			      enum fs_node_type type, uint32_t *node, struct fs_node_attr *attr);

/* fs.idl's read: up to length bytes at position into the frame at offset. */
enum erix_status ramfs_read(struct ramfs *fs, uint32_t node, uint64_t position, uint32_t offset,
			    uint32_t length, uint32_t *transferred);

/* fs.idl's write: length bytes from the frame at offset to position (short when the volume fills).
 */
enum erix_status ramfs_write(struct ramfs *fs, uint32_t node, uint64_t position, uint32_t offset,
			     uint32_t length, uint32_t *transferred, struct fs_node_attr *attr);

/* fs.idl's getattr. */
enum erix_status ramfs_getattr(struct ramfs *fs, uint32_t node, struct fs_node_attr *attr);

/* fs.idl's setattr: the request's fields as decoded. */
enum erix_status ramfs_setattr(struct ramfs *fs, const struct fs_setattr_req *req,
			       struct fs_node_attr *attr);

/* fs.idl's readdir: dir_records into the frame; the count, where to go on, and whether it ended. */
enum erix_status ramfs_readdir(struct ramfs *fs, const struct fs_readdir_req *req,
			       struct fs_readdir_rep *rep);

/* fs.idl's unlink. */
enum erix_status ramfs_unlink(struct ramfs *fs, uint32_t parent, const char *name, size_t len);

/* fs.idl's rename. */
enum erix_status ramfs_rename(struct ramfs *fs, const struct fs_rename_req *req);

/* fs.idl's statfs. */
enum erix_status ramfs_statfs(struct ramfs *fs, struct fs_fs_stats *stats);

#endif
