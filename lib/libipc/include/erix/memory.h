/*
 * A program's own memory, for what it maps into its own address space: the
 * buffer frames servers and clients move bulk data through, and the page
 * tables under them. Every object comes from the program's untyped memory
 * (a startup capability) into a fresh slot, and stays until deleted; the
 * memory itself returns only when that untyped memory is revoked.
 */
#ifndef ERIX_MEMORY_H
#define ERIX_MEMORY_H

#include <erix/abi.h>
#include <stdbool.h>
#include <stdint.h>

/* The capabilities it takes, each a slot of the program's own cnode. */
struct erix_memory {
	erix_cptr_t cnode, vspace; /* its own cnode and address space */
	erix_cptr_t retype, vspace_ctl;
	erix_cptr_t untyped; /* where new objects come from */
};

/* A new object of `kind` (retype_ctl object_kind) in a fresh slot; 0 when it cannot be made. */
erix_cptr_t erix_memory_make(const struct erix_memory *m, uint8_t kind, uint8_t size_bits);

/* Delete the capability in `slot` and give the slot back. */
void erix_memory_drop(const struct erix_memory *m, erix_cptr_t slot);

/* Install the page table of `level` (vspace_ctl table_level) over `address`, unless one is there.
 */
enum erix_status erix_memory_table(const struct erix_memory *m, uint64_t address, uint8_t level);

/* Install every missing paging structure, PDPT down to the leaf table, over `address`. */
enum erix_status erix_memory_tables(const struct erix_memory *m, uint64_t address);

/* A fresh 4 KiB frame mapped read-write at `address`, page tables made as needed; 0 on failure. */
erix_cptr_t erix_memory_buffer(const struct erix_memory *m, uint64_t address);

#endif
