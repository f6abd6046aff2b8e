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

/* Receive slots: capabilities that arrive land here; a handler keeps one by taking it. */
static uint32_t receive_slots[ERIX_MSG_MAX_CAPS];

/* Name the receive slots in `msg` (which reply_recv loads) and in the IPC buffer (which recv uses).
 */
static void arm_receive(struct erix_msg *msg)
{
	for (uint32_t i = 0; i < ERIX_MSG_MAX_CAPS; i++) {
		if (receive_slots[i] == 0)
			receive_slots[i] = erix_slot_alloc();
		msg->receive[i] = erix_ipc_buffer()->receive[i] = receive_slots[i];
	}
}

uint32_t vfs_keep_received(uint32_t slot)
{
	for (uint32_t i = 0; i < ERIX_MSG_MAX_CAPS; i++)
		if (receive_slots[i] == slot && slot != 0) {
			receive_slots[i] = 0;
			return slot;
		}
	return 0;
}

/* Delete whatever arrived with the last message and was not kept. */
static void drop_received(const struct vfs *v, const struct erix_msg *msg)
{
	for (uint32_t i = 0; i < msg->cap_count && i < ERIX_MSG_MAX_CAPS; i++) {
		for (uint32_t j = 0; j < ERIX_MSG_MAX_CAPS; j++) {
			if (receive_slots[j] != msg->caps[i].slot || receive_slots[j] == 0)
				continue;
			struct cnode_delete_req req = {.slot = receive_slots[j]};
			struct cnode_delete_rep rep;
			cnode_delete(v->cnode, erix_ipc_buffer(), &req, &rep);
		}
	}
}

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

static uint32_t slot_of(const struct erix_bootinfo *bi, const char *name)
{
	const struct erix_bootinfo_cap *c = erix_cap_by_name(bi, name);
	return c ? c->slot : 0;
}

int main(const struct erix_bootinfo *bi)
{
	static struct vfs v;
	v.service = slot_of(bi, "service");
	v.cnode = slot_of(bi, "cnode");
	v.vspace = slot_of(bi, "vspace");
	v.vspace_ctl = slot_of(bi, "vspace_ctl");
	v.retype = slot_of(bi, "retype_ctl");
	v.memory = slot_of(bi, "memory");
	if (!v.service || !v.cnode || !v.vspace || !v.vspace_ctl || !v.retype || !v.memory ||
	    vfs_window_init(&v) != ERIX_OK)
		return 1;
	static struct erix_msg first, second;
	struct erix_msg *request = &first, *reply = &second;
	uint64_t badge = 0;
	arm_receive(request);
	enum erix_status st = erix_recv(v.service, request, &badge);
	for (;;) {
		bool answer = false;
		if (st == ERIX_OK) {
			route(&v, badge);
			answer = vfsd_dispatch(&server, &v, request, reply);
		}
		drop_received(&v, request);
		struct erix_msg *next = answer ? reply : request;
		arm_receive(next);
		st = answer ? erix_reply_recv(v.service, next, &badge)
			    : erix_recv(v.service, next, &badge);
		if (answer) { /* the reply's room now holds the next request */
			reply = request;
			request = next;
		}
	}
}
