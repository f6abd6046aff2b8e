/*
 * vfsd's mount table and path walk. A mount joins a backend (an fs.idl
 * endpoint) to a directory path; the deepest mount whose path is a prefix
 * of a path (at a component boundary) serves it. vfsd walks the rest itself,
 * one fs lookup per component, holding one backend handle at a time and
 * releasing each it is done with, and moves data through a 4 KiB transfer
 * frame of its own per mount (window.c).
 *
 * Only the admin (rootd's unbadged capability) mounts and unmounts. Mounting
 * "/" on an empty namespace also lays out the standard tree: /tmp, /bin,
 * /etc and /etc/motd, each made only when missing.
 */
#include <erix/ipc.h>
#include <erix/serve.h>
#include <string.h>

#include "fs.h"
#include "vfs.h"

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

/* The mount serving `full`; *rest is what remains below its path ("" at its root). */
struct mount *vfs_mount_of(struct vfs *v, const char *full, const char **rest)
{
	struct mount *best = NULL;
	size_t best_len = 0;
	for (int i = 0; i < VFS_MOUNTS; i++) {
		struct mount *m = &v->mounts[i];
		size_t n = vfs_path_is_root(m->path) ? 0 : strlen(m->path);
		if (!m->used || strncmp(full, m->path, n) != 0 ||
		    (full[n] != '/' && full[n] != '\0'))
			continue;
		if (best == NULL || n > best_len) {
			best = m;
			best_len = n;
		}
	}
	if (best != NULL)
		*rest = full + best_len + (full[best_len] == '/');
	return best;
}

/* The mount whose path is exactly `full`, or NULL. */
struct mount *vfs_mount_at(struct vfs *v, const char *full)
{
	for (int i = 0; i < VFS_MOUNTS; i++)
		if (v->mounts[i].used && strcmp(v->mounts[i].path, full) == 0)
			return &v->mounts[i];
	return NULL;
}

/* A backend's answer as vfsd passes it on: a dead or confused backend is io_error. */
enum erix_status vfs_backend_status(enum erix_status st)
{
	switch (st) {
	case ERIX_OK:
	case ERIX_E_NOT_FOUND:
	case ERIX_E_INVALID_ARGUMENT:
	case ERIX_E_EXISTS:
	case ERIX_E_NO_PERMISSION:
	case ERIX_E_BUSY:
	case ERIX_E_NO_MEMORY:
	case ERIX_E_TOO_LARGE:
	case ERIX_E_NOT_SUPPORTED:
		return st;
	default:
		return ERIX_E_IO_ERROR;
	}
}

void vfs_release(struct mount *m, uint32_t node)
{
	if (node == 0 || node == m->root)
		return;
	struct fs_release_req req = {.node = node};
	struct fs_release_rep rep;
	fs_release(m->backend, ipc(), &req, &rep);
}

/* Look `name` up in `parent`: a referenced handle and its attributes. */
static enum erix_status lookup(struct mount *m, uint32_t parent, const char *name, size_t len,
			       uint32_t *node, struct fs_node_attr *attr)
{
	char copy[VFS_NAME_MAX + 1];
	memcpy(copy, name, len);
	copy[len] = '\0';
	struct fs_lookup_req req = {.parent = parent, .name = copy, .name_len = (uint16_t)len};
	struct fs_lookup_rep rep;
	enum erix_status st = vfs_backend_status(fs_lookup(m->backend, ipc(), &req, &rep));
	if (st == ERIX_OK) {
		*node = rep.node;
		*attr = rep.attr;
	}
	return st;
}

/*
 * Walk `full` to its last component's parent directory. not_found when a
 * directory on the way is missing or is not a directory, busy while nothing
 * is mounted at "/".
 */
enum erix_status vfs_resolve(struct vfs *v, const char *full, struct resolved *r)
{
	const char *rest;
	struct mount *m = vfs_mount_of(v, full, &rest);
	if (m == NULL)
		return ERIX_E_BUSY;
	*r = (struct resolved){.mount = m, .parent = m->root, .name = rest};
	for (;;) {
		const char *slash = strchr(r->name, '/');
		if (slash == NULL)
			break;
		uint32_t node;
		struct fs_node_attr attr;
		enum erix_status st =
			lookup(m, r->parent, r->name, (size_t)(slash - r->name), &node, &attr);
		vfs_release(m, r->parent);
		r->parent = m->root;
		if (st == ERIX_OK && attr.type != FS_NODE_TYPE_DIRECTORY) {
			vfs_release(m, node);
			st = ERIX_E_NOT_FOUND;
		}
		if (st != ERIX_OK)
			return st == ERIX_E_INVALID_ARGUMENT ? ERIX_E_NOT_FOUND : st;
		r->parent = node;
		r->name = slash + 1;
	}
	r->name_len = strlen(r->name);
	return ERIX_OK;
}

void vfs_stat_from(const struct mount *m, const struct fs_node_attr *a, struct vfsd_stat_info *s)
{
	*s = (struct vfsd_stat_info){.size = a->size,
				     .modify_time_ns = a->modify_time_ns,
				     .inode = a->inode,
				     .mount_id = m->id,
				     .link_count = a->link_count,
				     .type = a->type,
				     .read_only = a->read_only || m->read_only};
}

/* Make directory `name` in the root unless it is there. */
static void ensure_dir(struct mount *m, const char *name)
{
	struct fs_mkdir_req req = {
		.parent = m->root, .name = name, .name_len = (uint16_t)strlen(name)};
	struct fs_mkdir_rep rep;
	if (fs_mkdir(m->backend, ipc(), &req, &rep) == ERIX_OK) {
		struct fs_release_req rel = {.node = rep.node};
		struct fs_release_rep rrep;
		fs_release(m->backend, ipc(), &rel, &rrep);
	}
}

static const char motd[] = "Welcome to EriX: a capability microkernel. Type help.\n";

/* The standard tree on a fresh root: /tmp, /bin, /etc and /etc/motd. */
static void lay_out_root(struct mount *m)
{
	ensure_dir(m, "tmp");
	ensure_dir(m, "bin");
	ensure_dir(m, "etc");
	uint32_t etc;
	struct fs_node_attr attr;
	if (lookup(m, m->root, "etc", 3, &etc, &attr) != ERIX_OK)
		return;
	struct fs_create_req req = {.parent = etc, .name = "motd", .name_len = 4};
	struct fs_create_rep rep;
	if (fs_create(m->backend, ipc(), &req, &rep) == ERIX_OK) {
		memcpy(m->buffer, motd, sizeof(motd) - 1);
		struct fs_write_req w = {.node = rep.node, .length = sizeof(motd) - 1};
		struct fs_write_rep wrep;
		fs_write(m->backend, ipc(), &w, &wrep);
		vfs_release(m, rep.node);
	}
	vfs_release(m, etc);
}

/* Attach `m`'s transfer frame (already made) to `backend`; the root handle in m->root. */
static enum erix_status attach(struct mount *m, uint32_t backend, bool read_only)
{
	struct fs_attach_req req = {.buffer = m->frame, .read_only = read_only};
	struct fs_attach_rep rep;
	if (fs_attach(backend, ipc(), &req, &rep) != ERIX_OK)
		return ERIX_E_IO_ERROR;
	m->root = rep.root;
	m->buffer_size = rep.buffer_size < m->buffer_size ? rep.buffer_size : m->buffer_size;
	return ERIX_OK;
}

static struct mount *free_mount(struct vfs *v)
{
	for (int i = 0; i < VFS_MOUNTS; i++)
		if (!v->mounts[i].used)
			return &v->mounts[i];
	return NULL;
}

/* mount's checks on `full` (the admin's paths are real paths): its entry, or a status. */
static enum erix_status mount_target(struct vfs *v, const char *full, bool replace,
				     struct mount **target)
{
	struct mount *existing = vfs_mount_at(v, full);
	if (existing != NULL && !replace)
		return ERIX_E_EXISTS;
	if (existing == NULL && replace)
		return ERIX_E_NOT_FOUND;
	if (existing != NULL) {
		*target = existing;
		return ERIX_OK;
	}
	if (!vfs_path_is_root(full)) { /* an existing directory */
		struct resolved r;
		enum erix_status st = vfs_resolve(v, full, &r);
		uint32_t node = 0;
		struct fs_node_attr attr = {0};
		if (st == ERIX_OK) {
			st = lookup(r.mount, r.parent, r.name, r.name_len, &node, &attr);
			vfs_release(r.mount, r.parent);
		}
		if (st == ERIX_OK)
			vfs_release(r.mount, node);
		if (st == ERIX_OK && attr.type != FS_NODE_TYPE_DIRECTORY)
			st = ERIX_E_NOT_FOUND;
		if (st != ERIX_OK)
			return st == ERIX_E_BUSY ? ERIX_E_NOT_FOUND : st;
	}
	*target = free_mount(v);
	return *target ? ERIX_OK : ERIX_E_NO_MEMORY;
}

enum erix_status vfs_mount(void *ctx, const struct vfsd_mount_req *req, struct vfsd_mount_rep *rep)
{
	(void)rep;
	struct vfs *v = ctx;
	if (!v->admin)
		return v->view || v->file ? ERIX_E_NO_PERMISSION : ERIX_E_BAD_CAPABILITY;
	if (!vfs_path_valid(req->path, req->path_len))
		return ERIX_E_INVALID_ARGUMENT;
	struct mount *m;
	enum erix_status st = mount_target(v, req->path, req->replace, &m);
	if (st != ERIX_OK)
		return st;
	bool fresh_root = !m->used && vfs_path_is_root(req->path);
	st = vfs_mount_frame(v, m); /* the entry's for good, used or not */
	if (st != ERIX_OK)
		return st;
	struct mount next = *m;
	st = attach(&next, req->backend, req->read_only);
	if (st != ERIX_OK)
		return st;
	uint32_t old_backend = m->used ? m->backend : 0;
	next.backend = erix_serve_keep(req->backend);
	next.used = true;
	next.read_only = req->read_only;
	if (!m->used)
		next.id = ++v->next_mount_id;
	memcpy(next.path, req->path, req->path_len + 1u);
	*m = next;
	vfs_delete(v, old_backend);
	for (int i = 0; old_backend != 0 && i < VFS_FILES; i++)
		if (v->files[i].used && v->files[i].mount == m)
			v->files[i].stale = true; /* its handle belonged to the old backend */
	if (fresh_root && !m->read_only)
		lay_out_root(m);
	return ERIX_OK;
}

/* True while a file is open on `m` or another mount lies below it. */
static bool mount_in_use(const struct vfs *v, const struct mount *m)
{
	for (int i = 0; i < VFS_FILES; i++)
		if (v->files[i].used && v->files[i].mount == m)
			return true;
	size_t n = vfs_path_is_root(m->path) ? 0 : strlen(m->path);
	for (int i = 0; i < VFS_MOUNTS; i++) {
		const struct mount *o = &v->mounts[i];
		if (o->used && o != m && strncmp(o->path, m->path, n) == 0 && o->path[n] == '/')
			return true;
	}
	return false;
}

enum erix_status vfs_unmount(void *ctx, const struct vfsd_unmount_req *req,
			     struct vfsd_unmount_rep *rep)
{
	(void)rep;
	struct vfs *v = ctx;
	if (!v->admin)
		return v->view || v->file ? ERIX_E_NO_PERMISSION : ERIX_E_BAD_CAPABILITY;
	if (!vfs_path_valid(req->path, req->path_len))
		return ERIX_E_INVALID_ARGUMENT;
	struct mount *m = vfs_mount_at(v, req->path);
	if (m == NULL)
		return ERIX_E_NOT_FOUND;
	if (mount_in_use(v, m))
		return ERIX_E_BUSY;
	struct fs_sync_req sync = {0};
	struct fs_sync_rep srep;
	if (fs_sync(m->backend, ipc(), &sync, &srep) != ERIX_OK)
		return ERIX_E_IO_ERROR;
	vfs_delete(v, m->backend);
	m->used = false;
	m->backend = m->root = 0;
	return ERIX_OK;
}
