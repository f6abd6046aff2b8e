/*
 * Address-space objects on x86-64. A new address space is a zeroed PML4
 * page; it gets the kernel's upper-half entries, so the kernel is mapped
 * (supervisor-only) in every address space and a system call needs no
 * address-space switch.
 */
#include "vspace.h"
#include "io.h"
#include "kernel.h"
#include "memlayout.h"
#include "object/cap.h"
#include "object/thread.h"
#include "physmem.h"

extern uint64_t boot_pml4[512];

/*
 * Every address space keeps, in the page after its PML4, the list of the
 * capabilities mapped into it (linked through their map_prev/map_next), so
 * that when it goes, each of them is unmapped and forgets it: nothing then
 * points into the freed page tables, whatever later becomes of that memory.
 */
struct vspace_book {
	struct cap *mappings;
};

static struct vspace_book *book_of(uint64_t vspace)
{
	return phys_to_virt(vspace + 4096);
}

static void book_add(uint64_t vspace, struct cap *c)
{
	struct vspace_book *b = book_of(vspace);
	c->map_prev = NULL;
	c->map_next = b->mappings;
	if (b->mappings)
		b->mappings->map_prev = c;
	b->mappings = c;
}

static void book_remove(struct cap *c)
{
	if (c->map_prev)
		c->map_prev->map_next = c->map_next;
	else
		book_of(c->map_vspace)->mappings = c->map_next;
	if (c->map_next)
		c->map_next->map_prev = c->map_prev;
	c->map_prev = c->map_next = NULL;
}

void arch_mapping_moved(struct cap *c)
{
	if (c->map_prev)
		c->map_prev->map_next = c;
	else
		book_of(c->map_vspace)->mappings = c;
	if (c->map_next)
		c->map_next->map_prev = c;
}

/* Unmap every mapping of one sort (frames, or page tables) still in the book. */
static void unmap_all(struct vspace_book *b, bool tables)
{
	struct cap *c = b->mappings;
	while (c) {
		struct cap *next = c->map_next;
		if ((c->kind == ERIX_CAP_PAGE_TABLE) == tables)
			arch_unmap(c);
		c = next;
	}
}

void arch_vspace_destroy(struct cap *last)
{
	if (read_cr3() == last->object) /* never run on a page table that is going away */
		write_cr3((uint64_t)(uintptr_t)boot_pml4);
	struct vspace_book *b = book_of(last->object);
	unmap_all(b, false); /* frames first, while the tables that hold them still stand */
	unmap_all(b, true);
}

void arch_object_init(struct cap *c)
{
	if (c->kind == ERIX_CAP_THREAD) /* user segments from the start: never an iretq to CS 0 */
		thread_set_entry(thread_of(c), 0, 0, 0);
	if (c->kind != ERIX_CAP_VSPACE)
		return;
	uint64_t *kernel_pml4 = phys_to_virt((uint64_t)(uintptr_t)boot_pml4);
	uint64_t *pml4 = phys_to_virt(c->object);
	for (int i = 256; i < 512; i++)
		pml4[i] = kernel_pml4[i];
}

/*
 * Mapping frames into address spaces. A mapping is made through a frame
 * capability and recorded in it (map_vspace, map_address), so deleting that
 * capability removes the mapping; page tables are objects retyped from
 * untyped memory and installed one level at a time, recorded the same way.
 */
#define PTE_PRESENT     0x1ull
#define PTE_WRITE       0x2ull
#define PTE_USER        0x4ull
#define PTE_PWT         0x8ull
#define PTE_PCD         0x10ull
#define PTE_HUGE        0x80ull /* in a page-directory entry: a 2 MiB page */
#define LARGE_PAGE_BITS 21
#define PTE_NX          (1ull << 63)
#define PTE_ADDRESS     0x000ffffffffff000ull
#define USER_TOP        0x0000800000000000ull

static unsigned index_at(uint64_t vaddr, int level)
{
	return (unsigned)(vaddr >> (12 + 9 * level)) & 511;
}

/*
 * The entry for `vaddr` at `level` (3 = PML4 .. 0 = PT), or the 2 MiB page
 * entry above it that already covers vaddr; *at says which level the entry
 * returned is at. NULL when a table above is missing: *missing says which.
 */
static uint64_t *entry_at(uint64_t pml4, uint64_t vaddr, int level, int *missing, int *at)
{
	uint64_t *table = phys_to_virt(pml4);
	for (int l = 3; l > level; l--) {
		uint64_t *e = &table[index_at(vaddr, l)];
		if (!(*e & PTE_PRESENT)) {
			*missing = l - 1;
			return NULL;
		}
		if (*e & PTE_HUGE) {
			*at = l;
			return e;
		}
		table = phys_to_virt(*e & PTE_ADDRESS);
	}
	*at = level;
	return &table[index_at(vaddr, level)];
}

/* The paging level a frame maps at: 0 for 4 KiB, 1 for 2 MiB (a page-directory entry). */
static int frame_level(const struct cap *frame)
{
	return frame->size_bits == LARGE_PAGE_BITS ? 1 : 0;
}

/* The cache bits of a mapping: none for RAM (write-back), PWT for write-combining, else UC. */
static uint64_t device_bits(bool device, bool write_combining)
{
	if (!device)
		return 0;
	return write_combining && cpu_write_combining() ? PTE_PWT : PTE_PCD | PTE_PWT;
}

enum erix_status vspace_map_frame(const struct cap *vs, struct cap *frame, uint64_t vaddr,
				  uint8_t rights, bool write_combining, int *missing_level)
{
	bool device = frame->kind == ERIX_CAP_DEVICE_FRAME;
	if (vs->kind != ERIX_CAP_VSPACE || (frame->kind != ERIX_CAP_FRAME && !device) ||
	    (frame->size_bits != 12 && frame->size_bits != LARGE_PAGE_BITS))
		return ERIX_E_BAD_CAPABILITY;
	if (device && (rights & ERIX_RIGHT_EXECUTE))
		return ERIX_E_INVALID_ARGUMENT; /* no code runs from device space */
	uint64_t size = 1ull << frame->size_bits;
	if (vaddr % size || vaddr > USER_TOP - size || frame->map_vspace)
		return ERIX_E_INVALID_ARGUMENT;
	if ((rights & ERIX_RIGHT_WRITE) && (rights & ERIX_RIGHT_EXECUTE))
		return ERIX_E_INVALID_ARGUMENT; /* W^X */
	if ((rights & frame->rights) != rights)
		return ERIX_E_NO_PERMISSION;
	int level = frame_level(frame), at;
	uint64_t *pte = entry_at(vs->object, vaddr, level, missing_level, &at);
	if (!pte)
		return ERIX_E_NOT_FOUND;
	if (at != level || (*pte & PTE_PRESENT))
		return ERIX_E_EXISTS; /* a page, or a page table where a 2 MiB page would go */
	static int nx = -1;           /* without NX the bit is reserved: it would fault */
	if (nx < 0)
		nx = cpu_nx_enabled();
	*pte = frame->object | PTE_PRESENT | PTE_USER |
	       (rights & ERIX_RIGHT_WRITE ? PTE_WRITE : 0) |
	       (rights & ERIX_RIGHT_EXECUTE || !nx ? 0 : PTE_NX) |
	       device_bits(device, write_combining) | (level ? PTE_HUGE : 0);
	frame->map_vspace = vs->object;
	frame->map_address = vaddr;
	book_add(vs->object, frame);
	return ERIX_OK;
}

enum erix_status vspace_map_table(const struct cap *vs, struct cap *table, uint64_t vaddr,
				  int level)
{
	if (vs->kind != ERIX_CAP_VSPACE || table->kind != ERIX_CAP_PAGE_TABLE || table->map_vspace)
		return ERIX_E_BAD_CAPABILITY;
	if (level < 0 || level > 2 || vaddr >= USER_TOP)
		return ERIX_E_INVALID_ARGUMENT;
	int missing = -1, at;
	uint64_t *entry = entry_at(vs->object, vaddr, level + 1, &missing, &at);
	if (!entry)
		return ERIX_E_NOT_FOUND;
	if (at != level + 1 || (*entry & PTE_PRESENT))
		return ERIX_E_EXISTS;
	*entry = table->object | PTE_PRESENT | PTE_WRITE | PTE_USER;
	table->map_vspace = vs->object;
	table->map_address = (vaddr & ~((1ull << (12 + 9 * (level + 1))) - 1)) | (uint64_t)level;
	book_add(vs->object, table);
	return ERIX_OK;
}

enum erix_status vspace_query(const struct cap *vs, uint64_t vaddr, struct vspace_mapping *out)
{
	int missing, at;
	if (vs->kind != ERIX_CAP_VSPACE)
		return ERIX_E_BAD_CAPABILITY;
	if (vaddr >= USER_TOP)
		return ERIX_E_INVALID_ARGUMENT;
	uint64_t *pte = entry_at(vs->object, vaddr, 0, &missing, &at);
	if (!pte || !(*pte & PTE_PRESENT))
		return ERIX_E_NOT_FOUND;
	out->size = at ? 1ull << LARGE_PAGE_BITS : 4096;
	out->virtual_base = vaddr & ~(out->size - 1);
	out->physical_base = *pte & PTE_ADDRESS;
	out->writable = *pte & PTE_WRITE;
	out->executable = !(*pte & PTE_NX);
	out->device = *pte & (PTE_PCD | PTE_PWT);
	out->write_combining = (*pte & (PTE_PCD | PTE_PWT)) == PTE_PWT;
	return ERIX_OK;
}

static bool is_frame(const struct cap *c)
{
	return c->kind == ERIX_CAP_FRAME || c->kind == ERIX_CAP_DEVICE_FRAME;
}

enum erix_status vspace_unmap(const struct cap *vs, uint64_t vaddr)
{
	if (vs->kind != ERIX_CAP_VSPACE)
		return ERIX_E_BAD_CAPABILITY;
	if (vaddr >= USER_TOP)
		return ERIX_E_INVALID_ARGUMENT;
	for (struct cap *c = book_of(vs->object)->mappings; c; c = c->map_next)
		if (is_frame(c) && c->map_address == vaddr) {
			arch_unmap(c);
			return ERIX_OK;
		}
	return ERIX_E_NOT_FOUND;
}

void arch_unmap(struct cap *c)
{
	int missing, at, level = is_frame(c) ? frame_level(c) : (int)(c->map_address & 3) + 1;
	uint64_t vaddr = c->map_address & ~0xfffull;
	uint64_t *entry = entry_at(c->map_vspace, vaddr, level, &missing, &at);
	if (entry && at == level && (*entry & PTE_ADDRESS) == c->object)
		*entry = 0;
	if (read_cr3() == c->map_vspace)
		write_cr3(c->map_vspace); /* flush the TLB of the running address space */
	book_remove(c);
	c->map_vspace = c->map_address = 0;
}
