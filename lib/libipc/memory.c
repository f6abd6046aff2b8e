/* A program's own memory; see erix/memory.h. */
#include <cnode.h>
#include <erix/ipc.h>
#include <erix/memory.h>
#include <erix/slots.h>
#include <retype_ctl.h>
#include <vspace_ctl.h>

erix_cptr_t erix_memory_make(const struct erix_memory *m, uint8_t kind, uint8_t size_bits)
{
	erix_cptr_t slot = erix_slot_alloc();
	struct retype_ctl_retype_req req = {.kind = kind,
					    .size_bits = size_bits,
					    .count = 1,
					    .first_slot = slot,
					    .source = m->untyped,
					    .destination = m->cnode};
	struct retype_ctl_retype_rep rep;
	if (slot != 0 && retype_ctl_retype(m->retype, erix_ipc_buffer(), &req, &rep) == ERIX_OK)
		return slot;
	erix_slot_free(slot);
	return 0;
}

void erix_memory_drop(const struct erix_memory *m, erix_cptr_t slot)
{
	if (slot == 0)
		return;
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	cnode_delete(m->cnode, erix_ipc_buffer(), &req, &rep);
	erix_slot_free(slot);
}

enum erix_status erix_memory_table(const struct erix_memory *m, uint64_t address, uint8_t level)
{
	erix_cptr_t table = erix_memory_make(m, RETYPE_CTL_OBJECT_KIND_PAGE_TABLE, 0);
	if (table == 0)
		return ERIX_E_NO_MEMORY;
	struct vspace_ctl_map_page_table_req req = {
		.address = address, .level = level, .space = m->vspace, .table = table};
	struct vspace_ctl_map_page_table_rep rep;
	enum erix_status st =
		vspace_ctl_map_page_table(m->vspace_ctl, erix_ipc_buffer(), &req, &rep);
	if (st != ERIX_OK)
		erix_memory_drop(m, table);
	return st == ERIX_E_EXISTS ? ERIX_OK : st; /* a level the program already has */
}

enum erix_status erix_memory_tables(const struct erix_memory *m, uint64_t address)
{
	enum erix_status st = ERIX_OK;
	for (uint8_t level = VSPACE_CTL_TABLE_LEVEL_PDPT;
	     st == ERIX_OK && level >= VSPACE_CTL_TABLE_LEVEL_LEAF_TABLE; level--)
		st = erix_memory_table(m, address, level);
	return st;
}

erix_cptr_t erix_memory_buffer(const struct erix_memory *m, uint64_t address)
{
	if (erix_memory_tables(m, address) != ERIX_OK)
		return 0;
	erix_cptr_t frame = erix_memory_make(m, RETYPE_CTL_OBJECT_KIND_FRAME, 12);
	struct vspace_ctl_map_frame_req req = {.address = address,
					       .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
					       .space = m->vspace,
					       .page = frame};
	struct vspace_ctl_map_frame_rep rep;
	if (frame != 0 &&
	    vspace_ctl_map_frame(m->vspace_ctl, erix_ipc_buffer(), &req, &rep) == ERIX_OK)
		return frame;
	erix_memory_drop(m, frame);
	return 0;
}
