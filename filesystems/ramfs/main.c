/*
 * ramfsd: the RAM filesystem server. It serves fs.idl on the endpoint its
 * startup info names "service", holding the volume in its heap (a 1 MiB
 * arena, larger than the default: its meson.build), and answers requests
 * with the generated fs_dispatch until the task ends.
 *
 * Its bundle declares the rest: "vspace_ctl" and "vspace" (its own address
 * space) to map the transfer frame vfsd attaches, "cnode" (its own capability
 * space) to delete a frame it lets go, "retype_ctl" with "untyped" (its own
 * memory, from procd) to make the page tables of the two frame windows, and
 * "time_ctl" (without it every time would be 0). rootd has procd start it
 * and hands its endpoint to vfsd's mount. A frame
 * arrives in one of two slots, each with its own 1 MiB window, so a new
 * attach is mapped and checked while the old frame is still in place;
 * a capability sent with any other request is deleted at once.
 */
#include <erix/ipc.h>

#include "cnode.h"
#include "retype_ctl.h"
#include "server.h"
#include "time_ctl.h"
#include "vspace_ctl.h"

#define WINDOW_BASE   0x40000000ull /* two 1 MiB windows in one 2 MiB page table */
#define VOLUME_BLOCKS (768u * 1024 / RAMFS_BLOCK_SIZE) /* of the 1 MiB heap */

/* ramfsd's capabilities, found by name, and the two slots frames arrive in. */
struct caps {
	erix_cptr_t service, vspace_ctl, vspace, cnode, retype, untyped, time;
	erix_cptr_t frame_slot[2];
};

static uint32_t slot_of(const struct erix_bootinfo *bi, const char *name)
{
	const struct erix_bootinfo_cap *c = erix_cap_by_name(bi, name);
	return c != NULL ? c->slot : 0;
}

static uint64_t clock_now(void *ctx)
{
	const struct caps *c = ctx;
	struct time_ctl_now_req req = {0};
	struct time_ctl_now_rep rep = {0};
	if (c->time == 0 || time_ctl_now(c->time, erix_ipc_buffer(), &req, &rep) != ERIX_OK)
		return 0;
	return rep.monotonic_ns;
}

static void delete_cap(const struct caps *c, erix_cptr_t slot)
{
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	cnode_delete(c->cnode, erix_ipc_buffer(), &req, &rep);
}

/* Make and install the page tables down to the windows' leaf table, in slots from `slot` on. */
static enum erix_status map_window_tables(const struct caps *c, erix_cptr_t slot)
{
	for (uint8_t level = VSPACE_CTL_TABLE_LEVEL_PDPT;
	     level >= VSPACE_CTL_TABLE_LEVEL_LEAF_TABLE; level--, slot++) {
		struct retype_ctl_retype_req make = {.kind = RETYPE_CTL_OBJECT_KIND_PAGE_TABLE,
						     .count = 1,
						     .first_slot = slot,
						     .source = c->untyped,
						     .destination = c->cnode};
		struct retype_ctl_retype_rep made;
		enum erix_status st = retype_ctl_retype(c->retype, erix_ipc_buffer(), &make, &made);
		struct vspace_ctl_map_page_table_req map = {
			.address = WINDOW_BASE, .level = level, .space = c->vspace, .table = slot};
		struct vspace_ctl_map_page_table_rep mapped;
		if (st == ERIX_OK)
			st = vspace_ctl_map_page_table(c->vspace_ctl, erix_ipc_buffer(), &map,
						       &mapped);
		if (st == ERIX_E_EXISTS)
			delete_cap(c, slot); /* the level is there already */
		else if (st != ERIX_OK)
			return st;
	}
	return ERIX_OK;
}

/* server.h's map: the frame in its window, read-write; its size from query. */
static enum erix_status map_frame(void *ctx, erix_cptr_t frame, void **base, uint64_t *size)
{
	const struct caps *c = ctx;
	uint64_t address = WINDOW_BASE + (frame == c->frame_slot[1] ? RAMFS_MAX_BUFFER : 0);
	struct vspace_ctl_map_frame_req map = {.address = address,
					       .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
					       .space = c->vspace,
					       .page = frame};
	struct vspace_ctl_map_frame_rep mapped;
	struct vspace_ctl_query_req query = {.address = address, .space = c->vspace};
	struct vspace_ctl_query_rep found;
	if (vspace_ctl_map_frame(c->vspace_ctl, erix_ipc_buffer(), &map, &mapped) != ERIX_OK ||
	    vspace_ctl_query(c->vspace_ctl, erix_ipc_buffer(), &query, &found) != ERIX_OK) {
		delete_cap(c, frame);
		return ERIX_E_INVALID_ARGUMENT; /* too large for its window, or not mappable */
	}
	*base = (void *)(uintptr_t)address;
	*size = found.info.size;
	return ERIX_OK;
}

/* server.h's drop: deleting the capability unmaps the frame. */
static void drop_frame(void *ctx, erix_cptr_t frame)
{
	delete_cap(ctx, frame);
}

/* Find every capability; false when one that is needed is missing. */
static bool find_caps(const struct erix_bootinfo *bi, struct caps *c)
{
	*c = (struct caps){.service = slot_of(bi, "service"),
			   .vspace_ctl = slot_of(bi, "vspace_ctl"),
			   .vspace = slot_of(bi, "vspace"),
			   .cnode = slot_of(bi, "cnode"),
			   .retype = slot_of(bi, "retype_ctl"),
			   .untyped = slot_of(bi, "untyped"),
			   .time = slot_of(bi, "time_ctl"),
			   .frame_slot = {bi->first_free_slot, bi->first_free_slot + 1}};
	return c->service && c->vspace_ctl && c->vspace && c->cnode && c->retype && c->untyped;
}

static struct ramfsd server;
static struct erix_msg request, reply;

int main(const struct erix_bootinfo *bi)
{
	static struct caps c;
	if (!find_caps(bi, &c) || map_window_tables(&c, bi->first_free_slot + 2) != ERIX_OK ||
	    ramfs_init(&server.fs, VOLUME_BLOCKS, clock_now, &c) != ERIX_OK)
		return 1;
	server.map = map_frame;
	server.drop = drop_frame;
	server.map_ctx = &c;
	struct erix_msg *buf = erix_ipc_buffer();
	buf->receive[0] = c.frame_slot[0];
	buf->receive[1] = 0;
	erix_recv(c.service, buf, NULL);
	for (;;) {
		request = *buf;
		bool answer = fs_dispatch(&ramfsd_server, &server, &request, &reply);
		if (request.cap_count > 0 && request.caps[0].slot != server.frame)
			delete_cap(&c, request.caps[0].slot); /* not adopted by attach */
		*buf = answer ? reply : (struct erix_msg){0};
		buf->receive[0] = c.frame_slot[server.frame == c.frame_slot[0]];
		buf->receive[1] = 0;
		if (answer)
			erix_reply_recv(c.service, buf, NULL);
		else
			erix_recv(c.service, buf, NULL);
	}
}
