/* Reading program images through vfsd; see image.h. */
#include "image.h"

#include <cnode.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <retype_ctl.h>
#include <string.h>
#include <vfsd.h>
#include <vspace_ctl.h>

#define IMAGE_WINDOW  0x0000400000000000ull /* 2 MiB aligned: one leaf table covers it */
#define BUFFER_WINDOW 0x0000500000000000ull
#define PAGE          4096u

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

static enum erix_status new_frame(const struct image_reader *ir, uint32_t memory, uint32_t slot)
{
	struct retype_ctl_retype_req req = {.kind = ERIX_CAP_FRAME,
					    .size_bits = 12,
					    .count = 1,
					    .first_slot = slot,
					    .source = memory,
					    .destination = ir->builder->cnode};
	struct retype_ctl_retype_rep rep;
	return retype_ctl_retype(ir->builder->retype, ipc(), &req, &rep);
}

static enum erix_status map(const struct image_reader *ir, uint32_t frame, uint64_t address)
{
	struct vspace_ctl_map_frame_req req = {.address = address,
					       .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
					       .space = ir->builder->vspace,
					       .page = frame};
	struct vspace_ctl_map_frame_rep rep;
	return vspace_ctl_map_frame(ir->builder->vspace_ctl, ipc(), &req, &rep);
}

bool image_reader_init(struct image_reader *ir, const struct spawn_builder *b, uint32_t memory)
{
	ir->builder = b;
	struct spawn_builder image = *b, buffer = *b;
	image.window = IMAGE_WINDOW;
	buffer.window = BUFFER_WINDOW;
	ir->buffer = erix_slot_alloc();
	return ir->buffer && spawn_builder_init(&image) == ERIX_OK &&
	       spawn_builder_init(&buffer) == ERIX_OK &&
	       new_frame(ir, memory, ir->buffer) == ERIX_OK &&
	       map(ir, ir->buffer, BUFFER_WINDOW) == ERIX_OK;
}

static void delete_slot(const struct image_reader *ir, uint32_t slot)
{
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	cnode_delete(ir->builder->cnode, ipc(), &req, &rep);
}

/* Open `path` read-only with the buffer attached: the file's capability in *file. */
static enum erix_status open_file(struct image_reader *ir, const char *path, uint32_t file,
				  struct vfsd_stat_info *info)
{
	struct vfsd_open_req req = {.path = path,
				    .path_len = (uint16_t)strnlen(path, 241),
				    .mode = VFSD_OPEN_MODE_READ_ONLY,
				    .disposition = VFSD_OPEN_DISPOSITION_OPEN_EXISTING};
	struct vfsd_open_rep rep;
	ipc()->receive[0] = file;
	enum erix_status st = vfsd_open(ir->files, ipc(), &req, &rep);
	if (st != ERIX_OK)
		return st == ERIX_E_NOT_FOUND || st == ERIX_E_INVALID_ARGUMENT ? st
									       : ERIX_E_IO_ERROR;
	*info = rep.info;
	struct vfsd_attach_buffer_req attach = {.buffer = ir->buffer};
	struct vfsd_attach_buffer_rep arep;
	return vfsd_attach_buffer(file, ipc(), &attach, &arep) == ERIX_OK ? ERIX_OK
									  : ERIX_E_IO_ERROR;
}

/* Read the open `file` into frames from `block`, one page at a time. */
static enum erix_status read_pages(struct image_reader *ir, uint32_t file, uint32_t block,
				   struct image *img)
{
	for (uint32_t i = 0; i < img->pages; i++) {
		uint8_t *page = (uint8_t *)(uintptr_t)(IMAGE_WINDOW + (uint64_t)i * PAGE);
		if (new_frame(ir, block, img->first_frame + i) != ERIX_OK ||
		    map(ir, img->first_frame + i, (uint64_t)(uintptr_t)page) != ERIX_OK)
			return ERIX_E_NO_MEMORY;
		struct vfsd_read_req req = {.buffer_offset = 0, .length = PAGE};
		struct vfsd_read_rep rep;
		uint32_t want = img->size - (uint64_t)i * PAGE < PAGE ? img->size % PAGE : PAGE;
		if (vfsd_read(file, ipc(), &req, &rep) != ERIX_OK || rep.transferred != want)
			return ERIX_E_IO_ERROR;
		memcpy(page, (const void *)(uintptr_t)BUFFER_WINDOW, want);
	}
	return ERIX_OK;
}

enum erix_status image_read(struct image_reader *ir, const char *path, uint32_t block,
			    struct image *out)
{
	memset(out, 0, sizeof(*out));
	uint32_t file = ir->files ? erix_slot_alloc() : 0;
	if (file == 0)
		return ERIX_E_NOT_FOUND;
	struct vfsd_stat_info info;
	enum erix_status st = open_file(ir, path, file, &info);
	if (st == ERIX_OK && (info.type != VFSD_NODE_TYPE_REGULAR || info.size == 0 ||
			      info.size > (uint64_t)IMAGE_MAX_PAGES * PAGE))
		st = ERIX_E_NOT_SUPPORTED;
	if (st == ERIX_OK) {
		out->size = info.size;
		out->pages = (uint32_t)((info.size + PAGE - 1) / PAGE);
		out->first_frame = erix_slot_alloc_range(out->pages);
		out->bytes = (const void *)(uintptr_t)IMAGE_WINDOW;
		st = out->first_frame ? read_pages(ir, file, block, out) : ERIX_E_NO_MEMORY;
	}
	struct vfsd_close_req close = {0};
	struct vfsd_close_rep crep;
	vfsd_close(file, ipc(), &close, &crep);
	delete_slot(ir, file);
	erix_slot_free(file);
	if (st != ERIX_OK)
		image_release(ir, out);
	return st;
}

void image_release(struct image_reader *ir, struct image *img)
{
	for (uint32_t i = 0; img->first_frame && i < img->pages; i++) {
		struct vspace_ctl_unmap_req req = {.address = IMAGE_WINDOW + (uint64_t)i * PAGE,
						   .space = ir->builder->vspace};
		struct vspace_ctl_unmap_rep rep;
		vspace_ctl_unmap(ir->builder->vspace_ctl, ipc(), &req, &rep);
		delete_slot(ir, img->first_frame + i);
	}
	if (img->first_frame)
		erix_slot_free_range(img->first_frame, img->pages);
	memset(img, 0, sizeof(*img));
}
