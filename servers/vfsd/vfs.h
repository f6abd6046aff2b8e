/*
 * vfsd's state, shared by its files: the mount table (mount.c), the
 * namespace capabilities (names.c), the open files (file.c) and the memory
 * windows frames are mapped in (window.c). main.c owns the service loop and
 * decides, from the badge a message arrives with, which namespace or file
 * the message is about.
 */
#ifndef ERIX_VFSD_VFS_H
#define ERIX_VFSD_VFS_H

#include <erix/abi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs.h"
#include "vfsd.h"

#define VFS_PATH_MAX  240 /* a path, without its NUL */
#define VFS_NAME_MAX  239 /* one component */
#define VFS_MOUNTS    4
#define VFS_VIEWS     16 /* namespace capabilities made by narrow */
#define VFS_FILES     16
#define VFS_MAX_FRAME (1u << 20) /* attach_buffer's limit */

/* Badges: the kind in the top bits, then a generation, then the table index. */
#define VFS_BADGE_VIEW     (1ull << 60)
#define VFS_BADGE_FILE     (2ull << 60)
#define VFS_BADGE_KIND(b)  ((b) >> 60)
#define VFS_BADGE_INDEX(b) ((uint32_t)((b)&0xff))
#define VFS_BADGE_GEN(b)   ((uint32_t)(((b) >> 8) & 0xffffffu))
#define VFS_BADGE(k, g, i) ((k) | ((uint64_t)((g)&0xffffffu) << 8) | (i))

/* A backend mounted at `path` (a canonical absolute path, "/" for the root). */
struct mount {
	bool used, read_only;
	uint32_t id; /* stat's mount_id: never 0 */
	char path[VFS_PATH_MAX + 1];
	uint32_t backend; /* the fs.idl endpoint */
	uint32_t root;    /* the backend's root handle */
	uint32_t frame;   /* vfsd's transfer frame for it, made once per table entry */
	uint8_t *buffer;  /* where vfsd maps that frame */
	uint32_t buffer_size;
};

/* A namespace capability: the subtree under `prefix` ("" for the whole tree). */
struct view {
	bool used, read_only;
	uint32_t generation;
	char prefix[VFS_PATH_MAX + 1];
	uint32_t cap; /* vfsd's minted capability, the parent of every copy */
};

/* An open file or directory. */
struct file {
	bool used;
	bool stale;         /* its mount's backend was replaced: io_error */
	uint8_t mode, type; /* vfsd_open_mode, vfsd_node_type */
	uint32_t generation;
	struct mount *mount;
	uint32_t node; /* a referenced backend handle (the mount's root: none taken) */
	uint64_t position;
	uint32_t cap;    /* vfsd's minted capability; revoked at close */
	uint32_t frame;  /* the attached frame's capability, or 0 */
	uint8_t *buffer; /* where it is mapped */
	uint32_t buffer_size;
	uint8_t window; /* which of the entry's two windows holds it */
};

/* What a path names: the mount, the parent directory's handle and the last component. */
struct resolved {
	struct mount *mount;
	uint32_t parent;  /* referenced unless it is the mount's root */
	const char *name; /* into the caller's path; empty for the mount's root */
	size_t name_len;
};

struct vfs {
	uint32_t service, cnode, vspace, vspace_ctl, retype, memory;
	uint32_t next_mount_id;
	/* Who the current message is from: the admin (badge 0), a view, a file, or a stale badge.
	 */
	bool admin;
	struct view *view;
	struct file *file;
	struct view root_view; /* what the admin's unbadged capability names */
	struct mount mounts[VFS_MOUNTS];
	struct view views[VFS_VIEWS];
	struct file files[VFS_FILES];
};

/* path.c */
bool vfs_path_valid(const char *path, size_t len);
bool vfs_join(const char *prefix, const char *path, char out[VFS_PATH_MAX + 1]);
bool vfs_path_is_root(const char *path);

/* mount.c */
struct mount *vfs_mount_of(struct vfs *v, const char *full, const char **rest);
struct mount *vfs_mount_at(struct vfs *v, const char *full);
enum erix_status vfs_resolve(struct vfs *v, const char *full, struct resolved *r);
void vfs_release(struct mount *m, uint32_t node);
enum erix_status vfs_backend_status(enum erix_status st);
void vfs_stat_from(const struct mount *m, const struct fs_node_attr *a, struct vfsd_stat_info *s);
enum erix_status vfs_mount(void *ctx, const struct vfsd_mount_req *req, struct vfsd_mount_rep *rep);
enum erix_status vfs_unmount(void *ctx, const struct vfsd_unmount_req *req,
			     struct vfsd_unmount_rep *rep);

/* names.c: the namespace methods */
enum erix_status vfs_open(void *ctx, const struct vfsd_open_req *req, struct vfsd_open_rep *rep);
enum erix_status vfs_mkdir(void *ctx, const struct vfsd_mkdir_req *req, struct vfsd_mkdir_rep *rep);
enum erix_status vfs_unlink(void *ctx, const struct vfsd_unlink_req *req,
			    struct vfsd_unlink_rep *rep);
enum erix_status vfs_rename(void *ctx, const struct vfsd_rename_req *req,
			    struct vfsd_rename_rep *rep);
enum erix_status vfs_narrow(void *ctx, const struct vfsd_narrow_req *req,
			    struct vfsd_narrow_rep *rep);
enum erix_status vfs_view_of(struct vfs *v, const char *path, size_t len, bool write,
			     char full[VFS_PATH_MAX + 1]);
uint32_t vfs_mint(struct vfs *v, uint64_t badge);

/* file.c: the file methods */
struct file *vfs_file_new(struct vfs *v);
enum erix_status vfs_attach_buffer(void *ctx, const struct vfsd_attach_buffer_req *req,
				   struct vfsd_attach_buffer_rep *rep);
enum erix_status vfs_read(void *ctx, const struct vfsd_read_req *req, struct vfsd_read_rep *rep);
enum erix_status vfs_write(void *ctx, const struct vfsd_write_req *req, struct vfsd_write_rep *rep);
enum erix_status vfs_seek(void *ctx, const struct vfsd_seek_req *req, struct vfsd_seek_rep *rep);
enum erix_status vfs_stat(void *ctx, const struct vfsd_stat_req *req, struct vfsd_stat_rep *rep);
enum erix_status vfs_truncate(void *ctx, const struct vfsd_truncate_req *req,
			      struct vfsd_truncate_rep *rep);
enum erix_status vfs_readdir(void *ctx, const struct vfsd_readdir_req *req,
			     struct vfsd_readdir_rep *rep);
enum erix_status vfs_close(void *ctx, const struct vfsd_close_req *req, struct vfsd_close_rep *rep);

/* window.c */
enum erix_status vfs_window_init(struct vfs *v);
enum erix_status vfs_map_file_frame(struct vfs *v, struct file *f, uint32_t frame);
void vfs_unmap_file_frame(struct vfs *v, struct file *f);
enum erix_status vfs_mount_frame(struct vfs *v, struct mount *m);
void vfs_delete(struct vfs *v, uint32_t slot);

#endif
