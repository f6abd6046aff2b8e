/*
 * The VSpace-mapping family: frames and page tables into address spaces.
 * A mapping is made through (and recorded in) the frame capability passed
 * in; deleting that capability unmaps it. Device frames map uncached, or
 * write-combining when asked (PAT entry 1, cpu_features.c); query reports a
 * mapping's physical address (what a driver needs for DMA). unmap removes the frame mapping
 * that starts at an address, whichever frame capability made it.
 */
#include "vspace_ctl.h"
#include "invoke.h"
#include "kernel.h"
#include "vspace.h"

static uint8_t rights_of(uint8_t map_rights)
{
	switch (map_rights) {
	case VSPACE_CTL_MAP_RIGHTS_READ_WRITE:
		return ERIX_RIGHT_READ | ERIX_RIGHT_WRITE;
	case VSPACE_CTL_MAP_RIGHTS_READ_EXECUTE:
		return ERIX_RIGHT_READ | ERIX_RIGHT_EXECUTE;
	default:
		return ERIX_RIGHT_READ;
	}
}

static enum erix_status map_frame(void *ctx, const struct vspace_ctl_map_frame_req *req,
				  struct vspace_ctl_map_frame_rep *rep)
{
	struct invocation *inv = ctx;
	int missing;
	(void)rep;
	return vspace_map_frame(inv->caps[0], inv->caps[1], req->address, rights_of(req->rights),
				false, &missing);
}

static enum erix_status map_page_table(void *ctx, const struct vspace_ctl_map_page_table_req *req,
				       struct vspace_ctl_map_page_table_rep *rep)
{
	struct invocation *inv = ctx;
	(void)rep;
	/* IDL levels count from the leaf (1) up; the kernel's from the leaf table (0). */
	return vspace_map_table(inv->caps[0], inv->caps[1], req->address, (int)req->level - 1);
}

static enum erix_status map_device_frame(void *ctx,
					 const struct vspace_ctl_map_device_frame_req *req,
					 struct vspace_ctl_map_device_frame_rep *rep)
{
	struct invocation *inv = ctx;
	int missing;
	(void)rep;
	if (req->rights == VSPACE_CTL_MAP_RIGHTS_READ_EXECUTE)
		return ERIX_E_INVALID_ARGUMENT;
	bool wc = req->cache == VSPACE_CTL_CACHE_POLICY_WRITE_COMBINING;
	return vspace_map_frame(inv->caps[0], inv->caps[1], req->address, rights_of(req->rights),
				wc, &missing);
}

static enum erix_status unmap(void *ctx, const struct vspace_ctl_unmap_req *req,
			      struct vspace_ctl_unmap_rep *rep)
{
	struct invocation *inv = ctx;
	(void)rep;
	return vspace_unmap(inv->caps[0], req->address);
}

/* What is mapped at an address: how a driver learns a frame's physical address for DMA. */
static enum erix_status query(void *ctx, const struct vspace_ctl_query_req *req,
			      struct vspace_ctl_query_rep *rep)
{
	struct invocation *inv = ctx;
	struct vspace_mapping m;
	enum erix_status st = vspace_query(inv->caps[0], req->address, &m);
	if (st != ERIX_OK)
		return st;
	rep->info = (struct vspace_ctl_mapping_info){
		.virtual_base = m.virtual_base,
		.physical_base = m.physical_base,
		.size = m.size,
		.rights = m.executable ? VSPACE_CTL_MAP_RIGHTS_READ_EXECUTE
			  : m.writable ? VSPACE_CTL_MAP_RIGHTS_READ_WRITE
				       : VSPACE_CTL_MAP_RIGHTS_READ_ONLY,
		.device = m.device,
		.cache = m.write_combining ? VSPACE_CTL_CACHE_POLICY_WRITE_COMBINING
					   : VSPACE_CTL_CACHE_POLICY_UNCACHED,
	};
	return ERIX_OK;
}

static const struct vspace_ctl_server server = {
	.query = query,
	.map_frame = map_frame,
	.map_device_frame = map_device_frame,
	.unmap = unmap,
	.map_page_table = map_page_table,
};

bool vspace_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		       struct erix_msg *reply)
{
	return vspace_ctl_dispatch(&server, inv, request, reply);
}
