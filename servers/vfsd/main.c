/*
 * vfsd: the virtual file system server (idl/vfsd.idl). It owns the public
 * namespace and the mount table; the filesystem backends (fs.idl) stay
 * private peers behind it. One thread serves every client in turn: each
 * request is checked and answered before the next, and a request that a
 * backend answers is a synchronous call to that backend.
 *
 * Who may do what is decided by the badge of the capability a message comes
 * through: rootd's unbadged capability is the admin's whole namespace (it
 * alone mounts and unmounts), a view badge is a namespace capability narrow
 * made (views[]), a file badge an open file (files[]). A badge whose entry is
 * gone or whose generation is old answers bad_capability. vfs.h describes
 * the tables, mount.c the mounts and the path walk, names.c the namespace
 * methods, file.c the file methods and window.c the memory frames map in.
 *
 * Its bundle: "service" (the endpoint it serves), "cnode" and "vspace" (its
 * own), "vspace_ctl" and "retype_ctl" to map frames, and "memory" (its own
 * 128 KiB, from procd) for the page tables and transfer frames. It holds no
 * backend until rootd mounts one.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <erix/serve.h>
#include <erix/slots.h>

#include "vfs.h"

static const struct vfsd_server server = {
	.open = vfs_open,
	.mkdir = vfs_mkdir,
	.unlink = vfs_unlink,
	.rename = vfs_rename,
	.mount = vfs_mount,
	.unmount = vfs_unmount,
	.narrow = vfs_narrow,
	.attach_buffer = vfs_attach_buffer,
	.read = vfs_read,
	.write = vfs_write,
	.seek = vfs_seek,
	.stat = vfs_stat,
	.truncate = vfs_truncate,
	.readdir = vfs_readdir,
	.close = vfs_close,
};

/* Who the message with `badge` is from: v->admin, v->view or v->file; none of them when stale. */
static void route(struct vfs *v, uint64_t badge)
{
	v->admin = badge == 0;
	v->view = NULL;
	v->file = NULL;
	uint32_t index = VFS_BADGE_INDEX(badge), generation = VFS_BADGE_GEN(badge);
	if (VFS_BADGE_KIND(badge) == VFS_BADGE_KIND(VFS_BADGE_VIEW) && index < VFS_VIEWS &&
	    v->views[index].used && (v->views[index].generation & 0xffffffu) == generation)
		v->view = &v->views[index];
	if (VFS_BADGE_KIND(badge) == VFS_BADGE_KIND(VFS_BADGE_FILE) && index < VFS_FILES &&
	    v->files[index].used && (v->files[index].generation & 0xffffffu) == generation)
		v->file = &v->files[index];
}

/* One request: route it by its badge, then vfsd.idl. */
static bool handle(void *ctx, uint64_t badge, const struct erix_msg *request,
		   struct erix_msg *reply)
{
	route(ctx, badge);
	return vfsd_dispatch(&server, ctx, request, reply);
}

int main(const struct erix_bootinfo *bi)
{
	static struct vfs v;
	v.service = erix_slot_named(bi, "service");
	v.cnode = erix_slot_named(bi, "cnode");
	v.vspace = erix_slot_named(bi, "vspace");
	v.vspace_ctl = erix_slot_named(bi, "vspace_ctl");
	v.retype = erix_slot_named(bi, "retype_ctl");
	v.memory = erix_slot_named(bi, "memory");
	if (!v.service || !v.cnode || !v.vspace || !v.vspace_ctl || !v.retype || !v.memory ||
	    vfs_window_init(&v) != ERIX_OK)
		return 1;
	erix_serve(v.service, v.cnode, handle, &v);
}
