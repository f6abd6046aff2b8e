/*
 * vfsd's namespace methods: open, mkdir, unlink, rename and narrow. They
 * arrive on a namespace capability: the admin's unbadged one (the whole
 * tree, read-write) or a view that narrow made (a subtree, perhaps
 * read-only), whose badge names its entry in the view table. A path is
 * checked (path.c), then joined to the view's prefix, so it never reaches
 * above the view's root; a read-only view changes nothing. Every method
 * checks all it can before it asks a backend to change anything.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <string.h>

#include "vfs.h"

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

/*
 * The current message's namespace and `path` (len bytes) in it as a real
 * path in `full`. no_permission on a file capability or when `write` asks to
 * change a read-only view, bad_capability for a stale badge,
 * invalid_argument for a bad path.
 */
enum erix_status vfs_view_of(struct vfs *v, const char *path, size_t len, bool write,
			     char full[VFS_PATH_MAX + 1])
{
	struct view *view = v->admin ? &v->root_view : v->view;
	if (view == NULL)
		return v->file ? ERIX_E_NO_PERMISSION : ERIX_E_BAD_CAPABILITY;
	if (!vfs_path_valid(path, len) || !vfs_join(view->prefix, path, full))
		return ERIX_E_INVALID_ARGUMENT;
	return write && view->read_only ? ERIX_E_NO_PERMISSION : ERIX_OK;
}

/* A new capability to vfsd's endpoint carrying `badge` (write|grant); its slot, or 0. */
uint32_t vfs_mint(struct vfs *v, uint64_t badge)
{
	uint32_t slot = erix_slot_alloc();
	struct cnode_mint_req req = {.source = v->service,
				     .destination = slot,
				     .rights = ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT,
				     .badge = badge};
	struct cnode_mint_rep rep;
	if (slot != 0 && cnode_mint(v->cnode, ipc(), &req, &rep) == ERIX_OK)
		return slot;
	erix_slot_free(slot);
	return 0;
}

/* The node `r` names: referenced (the root is never referenced) with its attributes. */
static enum erix_status find(const struct resolved *r, uint32_t *node, struct fs_node_attr *attr)
{
	struct mount *m = r->mount;
	if (r->name_len == 0) {
		struct fs_getattr_req req = {.node = m->root};
		struct fs_getattr_rep rep;
		enum erix_status st = vfs_backend_status(fs_getattr(m->backend, ipc(), &req, &rep));
		if (st == ERIX_OK) {
			*node = m->root;
			*attr = rep.attr;
		}
		return st;
	}
	struct fs_lookup_req req = {
		.parent = r->parent, .name = r->name, .name_len = (uint16_t)r->name_len};
	struct fs_lookup_rep rep;
	enum erix_status st = vfs_backend_status(fs_lookup(m->backend, ipc(), &req, &rep));
	if (st == ERIX_OK) {
		*node = rep.node;
		*attr = rep.attr;
	}
	return st;
}

static bool creates(uint8_t disposition)
{
	return disposition != VFSD_OPEN_DISPOSITION_OPEN_EXISTING;
}

static bool truncates(uint8_t disposition)
{
	return disposition == VFSD_OPEN_DISPOSITION_TRUNCATE_EXISTING ||
	       disposition == VFSD_OPEN_DISPOSITION_CREATE_OR_TRUNCATE;
}

/* The node open is to open, found or created as `disposition` says; referenced. */
static enum erix_status open_node(const struct resolved *r, uint8_t disposition, uint32_t *node,
				  struct fs_node_attr *attr)
{
	enum erix_status st = find(r, node, attr);
	if (st == ERIX_OK && disposition == VFSD_OPEN_DISPOSITION_CREATE_NEW) {
		vfs_release(r->mount, *node);
		*node = 0;
		return ERIX_E_EXISTS;
	}
	bool may_create = disposition != VFSD_OPEN_DISPOSITION_OPEN_EXISTING &&
			  disposition != VFSD_OPEN_DISPOSITION_TRUNCATE_EXISTING;
	if (st != ERIX_E_NOT_FOUND || !may_create)
		return st;
	struct fs_create_req req = {
		.parent = r->parent, .name = r->name, .name_len = (uint16_t)r->name_len};
	struct fs_create_rep rep;
	st = vfs_backend_status(fs_create(r->mount->backend, ipc(), &req, &rep));
	if (st == ERIX_OK) {
		*node = rep.node;
		*attr = rep.attr;
	}
	return st;
}

/* open's rule on what a node may be opened as. */
static enum erix_status openable(const struct fs_node_attr *attr, uint8_t mode, uint8_t disposition)
{
	if (attr->type == FS_NODE_TYPE_DIRECTORY)
		return mode == VFSD_OPEN_MODE_READ_ONLY &&
				       disposition == VFSD_OPEN_DISPOSITION_OPEN_EXISTING
			       ? ERIX_OK
			       : ERIX_E_INVALID_ARGUMENT;
	return attr->type == FS_NODE_TYPE_REGULAR ? ERIX_OK : ERIX_E_INVALID_ARGUMENT;
}

/* Cut a regular file opened with a truncating disposition to 0 bytes. */
static enum erix_status truncate_node(struct mount *m, uint32_t node, struct fs_node_attr *attr)
{
	struct fs_setattr_req req = {.node = node, .set_size = true, .size = 0};
	struct fs_setattr_rep rep;
	enum erix_status st = vfs_backend_status(fs_setattr(m->backend, ipc(), &req, &rep));
	if (st == ERIX_OK)
		*attr = rep.attr;
	return st;
}

enum erix_status vfs_open(void *ctx, const struct vfsd_open_req *req, struct vfsd_open_rep *rep)
{
	struct vfs *v = ctx;
	bool writes = req->mode != VFSD_OPEN_MODE_READ_ONLY || creates(req->disposition);
	char full[VFS_PATH_MAX + 1];
	enum erix_status st = vfs_view_of(v, req->path, req->path_len, writes, full);
	if (st != ERIX_OK)
		return st;
	struct file *f = vfs_file_new(v);
	if (f == NULL)
		return ERIX_E_NO_MEMORY;
	struct resolved r;
	st = vfs_resolve(v, full, &r);
	if (st != ERIX_OK)
		return st;
	if (writes && r.mount->read_only) {
		vfs_release(r.mount, r.parent);
		return ERIX_E_NO_PERMISSION;
	}
	uint32_t cap =
		vfs_mint(v, VFS_BADGE(VFS_BADGE_FILE, f->generation, (uint32_t)(f - v->files)));
	uint32_t node = 0;
	struct fs_node_attr attr = {0};
	st = cap ? open_node(&r, req->disposition, &node, &attr) : ERIX_E_NO_MEMORY;
	vfs_release(r.mount, r.parent);
	if (st == ERIX_OK)
		st = openable(&attr, req->mode, req->disposition);
	if (st == ERIX_OK && truncates(req->disposition))
		st = truncate_node(r.mount, node, &attr);
	if (st != ERIX_OK) {
		vfs_release(r.mount, node);
		vfs_delete(v, cap);
		return st;
	}
	*f = (struct file){.used = true,
			   .mode = req->mode,
			   .type = attr.type,
			   .generation = f->generation,
			   .mount = r.mount,
			   .node = node,
			   .cap = cap};
	vfs_stat_from(r.mount, &attr, &rep->info);
	rep->file = cap;
	return ERIX_OK;
}

/* The checks every changing method makes on one path: its namespace, not "/", resolved. */
static enum erix_status changing(struct vfs *v, const char *path, size_t len,
				 char full[VFS_PATH_MAX + 1], struct resolved *r)
{
	enum erix_status st = vfs_view_of(v, path, len, true, full);
	if (st != ERIX_OK)
		return st;
	if (vfs_path_is_root(path))
		return ERIX_E_INVALID_ARGUMENT;
	if (vfs_mount_at(v, full) != NULL)
		return ERIX_E_BUSY;
	st = vfs_resolve(v, full, r);
	if (st == ERIX_OK && r->mount->read_only) {
		vfs_release(r->mount, r->parent);
		return ERIX_E_NO_PERMISSION;
	}
	return st;
}

enum erix_status vfs_mkdir(void *ctx, const struct vfsd_mkdir_req *req, struct vfsd_mkdir_rep *rep)
{
	(void)rep;
	char full[VFS_PATH_MAX + 1];
	struct resolved r;
	enum erix_status st = changing(ctx, req->path, req->path_len, full, &r);
	if (st == ERIX_E_BUSY)
		return ERIX_E_EXISTS; /* a mount point is an existing directory */
	if (st != ERIX_OK)
		return st;
	struct fs_mkdir_req m = {
		.parent = r.parent, .name = r.name, .name_len = (uint16_t)r.name_len};
	struct fs_mkdir_rep made;
	st = vfs_backend_status(fs_mkdir(r.mount->backend, ipc(), &m, &made));
	if (st == ERIX_OK)
		vfs_release(r.mount, made.node);
	vfs_release(r.mount, r.parent);
	return st;
}

enum erix_status vfs_unlink(void *ctx, const struct vfsd_unlink_req *req,
			    struct vfsd_unlink_rep *rep)
{
	(void)rep;
	char full[VFS_PATH_MAX + 1];
	struct resolved r;
	enum erix_status st = changing(ctx, req->path, req->path_len, full, &r);
	if (st != ERIX_OK)
		return st;
	struct fs_unlink_req u = {
		.parent = r.parent, .name = r.name, .name_len = (uint16_t)r.name_len};
	struct fs_unlink_rep urep;
	st = vfs_backend_status(fs_unlink(r.mount->backend, ipc(), &u, &urep));
	vfs_release(r.mount, r.parent);
	return st;
}

/* True when `inner` lies strictly below `outer`. */
static bool below(const char *inner, const char *outer)
{
	size_t n = strlen(outer);
	return strncmp(inner, outer, n) == 0 && inner[n] == '/';
}

enum erix_status vfs_rename(void *ctx, const struct vfsd_rename_req *req,
			    struct vfsd_rename_rep *rep)
{
	(void)rep;
	struct vfs *v = ctx;
	char from[VFS_PATH_MAX + 1], to[VFS_PATH_MAX + 1];
	struct resolved a, b;
	enum erix_status st = changing(v, req->from_path, req->from_path_len, from, &a);
	if (st != ERIX_OK)
		return st;
	st = changing(v, req->to_path, req->to_path_len, to, &b);
	if (st != ERIX_OK) {
		vfs_release(a.mount, a.parent);
		return st;
	}
	if (a.mount != b.mount)
		st = ERIX_E_NOT_SUPPORTED;
	else if (below(to, from))
		st = ERIX_E_INVALID_ARGUMENT; /* a directory into itself */
	struct fs_rename_req m = {.from_parent = a.parent,
				  .from_name = a.name,
				  .from_name_len = (uint16_t)a.name_len,
				  .to_parent = b.parent,
				  .to_name = b.name,
				  .to_name_len = (uint16_t)b.name_len};
	struct fs_rename_rep mrep;
	if (st == ERIX_OK)
		st = vfs_backend_status(fs_rename(a.mount->backend, ipc(), &m, &mrep));
	vfs_release(a.mount, a.parent);
	vfs_release(b.mount, b.parent);
	return st;
}

static struct view *free_view(struct vfs *v)
{
	for (int i = 0; i < VFS_VIEWS; i++)
		if (!v->views[i].used)
			return &v->views[i];
	return NULL;
}

enum erix_status vfs_narrow(void *ctx, const struct vfsd_narrow_req *req,
			    struct vfsd_narrow_rep *rep)
{
	struct vfs *v = ctx;
	char full[VFS_PATH_MAX + 1];
	enum erix_status st = vfs_view_of(v, req->path, req->path_len, false, full);
	if (st != ERIX_OK)
		return st;
	struct resolved r;
	st = vfs_resolve(v, full, &r);
	if (st != ERIX_OK)
		return st;
	uint32_t node = 0;
	struct fs_node_attr attr = {0};
	st = find(&r, &node, &attr);
	vfs_release(r.mount, r.parent);
	vfs_release(r.mount, node);
	if (st == ERIX_OK && attr.type != FS_NODE_TYPE_DIRECTORY)
		st = ERIX_E_INVALID_ARGUMENT;
	struct view *n = free_view(v);
	if (st == ERIX_OK && n == NULL)
		st = ERIX_E_NO_MEMORY;
	if (st != ERIX_OK)
		return st;
	uint32_t cap =
		vfs_mint(v, VFS_BADGE(VFS_BADGE_VIEW, n->generation + 1, (uint32_t)(n - v->views)));
	if (cap == 0)
		return ERIX_E_NO_MEMORY;
	const struct view *from = v->admin ? &v->root_view : v->view;
	*n = (struct view){.used = true,
			   .read_only = from->read_only || req->read_only,
			   .generation = n->generation + 1,
			   .cap = cap};
	if (!vfs_path_is_root(full))
		memcpy(n->prefix, full, strlen(full) + 1);
	rep->view = cap;
	return ERIX_OK;
}
