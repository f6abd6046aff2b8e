/* Address spaces: mapping frames and page tables (arch/x86_64/vspace.c). */
#ifndef ERIX_VSPACE_H
#define ERIX_VSPACE_H

#include "object/cap.h"

/*
 * Map the 4 KiB or 2 MiB frame (or device frame, uncached and never
 * executable; write-combining when asked and the PAT allows) `frame` at
 * `vaddr` (aligned to its size) in `vs` with `rights` (never write and
 * execute together). ERIX_E_NOT_FOUND when a page table is missing: *missing_level says which (2 =
 * PDPT, 1 = PD, 0 = PT).
 */
enum erix_status vspace_map_frame(const struct cap *vs, struct cap *frame, uint64_t vaddr,
				  uint8_t rights, bool write_combining, int *missing_level);

/* Install the page-table object `table` as the level-`level` table covering `vaddr`. */
enum erix_status vspace_map_table(const struct cap *vs, struct cap *table, uint64_t vaddr,
				  int level);

struct vspace_mapping {
	uint64_t virtual_base, physical_base; /* of the page holding the address */
	uint64_t size;                        /* of that page: 4 KiB or 2 MiB */
	bool writable, executable;
	bool device, write_combining; /* a device mapping: uncached unless write-combining */
};

/*
 * Remove the frame mapping that starts at `vaddr` in `vs`; the frame
 * capability that made it is then mapped nowhere. ERIX_E_NOT_FOUND when no
 * frame mapping starts there. Walks the space's mappings: O(mappings).
 */
enum erix_status vspace_unmap(const struct cap *vs, uint64_t vaddr);

/* What is mapped at `vaddr` in `vs` (ERIX_E_NOT_FOUND when nothing). */
enum erix_status vspace_query(const struct cap *vs, uint64_t vaddr, struct vspace_mapping *out);

#endif
