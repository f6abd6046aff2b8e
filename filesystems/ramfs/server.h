/*
 * ramfsd's fs server: the generated fs handlers (ramfsd_server, for
 * fs_dispatch with a struct ramfsd as ctx) over the ramfs core. Mapping the
 * transfer frame is the caller's: main.c maps it through vspace_ctl, the
 * host test hands out buffers of its own.
 */
#ifndef ERIX_RAMFSD_SERVER_H
#define ERIX_RAMFSD_SERVER_H

#include "ramfs.h"

struct ramfsd {
	struct ramfs fs;
	/* Map the frame capability just received; its address and size, or a status (nothing kept).
	 */
	enum erix_status (*map)(void *ctx, erix_cptr_t frame, void **base, uint64_t *size);
	/* Unmap a frame map() mapped and let its capability go. */
	void (*drop)(void *ctx, erix_cptr_t frame);
	void *map_ctx;
	erix_cptr_t frame; /* the attached frame; 0 before attach */
};

extern const struct fs_server ramfsd_server;

#endif
