/* Free RAM -> root cnode + untyped capabilities; see rootspace.h. */
#include "boot/rootspace.h"

#include "acpi.h"
#include "kernel.h"
#include "memlayout.h"
#include "object/object.h"
#include "object/untyped.h"
#include "physmem.h"

#define LOW_MEMORY_END   0x100000ull   /* BIOS data, real-mode leftovers: never handed out */
#define DEVICE_SPACE_END 0xfec00000ull /* the IOAPIC; the kernel keeps it and the LAPIC above */
#define MCFG_FIRST       44            /* the MCFG's allocation entries start here */
#define MCFG_ENTRY       16
#define MAX_RANGES       (HANDOFF_MAX_REGIONS + HANDOFF_MAX_MODULES + 2)

struct range {
	uint64_t start, end;
};

struct ranges {
	size_t count;
	struct range r[MAX_RANGES * 2];
};

/* Remove [start, end) from every range, splitting where it falls inside one. */
static void punch(struct ranges *set, uint64_t start, uint64_t end)
{
	size_t n = set->count;
	for (size_t i = 0; i < n; i++) {
		struct range *r = &set->r[i];
		if (end <= r->start || start >= r->end)
			continue;
		if (start > r->start && end < r->end && set->count < ARRAY_SIZE(set->r))
			set->r[set->count++] = (struct range){end, r->end};
		if (start > r->start)
			r->end = start < r->end ? start : r->end;
		else
			r->start = end < r->end ? end : r->end;
	}
}

static void free_ranges(const struct boot_handoff *h, const struct handoff_limits *limits,
			struct ranges *set)
{
	set->count = 0;
	for (size_t i = 0; i < h->region_count && set->count < ARRAY_SIZE(set->r); i++) {
		const struct handoff_region *region = &h->regions[i];
		if (region->type != HANDOFF_MEM_USABLE)
			continue;
		uint64_t start = (region->base + 4095) & ~4095ull;
		uint64_t end = (region->base + region->length) & ~4095ull;
		if (start < LOW_MEMORY_END)
			start = LOW_MEMORY_END;
		if (end > direct_map_end())
			end = direct_map_end(); /* memory the kernel cannot reach stays unused */
		if (start < end)
			set->r[set->count++] = (struct range){start, end};
	}
	punch(set, limits->kernel_start & ~4095ull, (limits->kernel_end + 4095) & ~4095ull);
	punch(set, limits->info_phys & ~4095ull,
	      (limits->info_phys + h->info_size + 4095) & ~4095ull);
	for (size_t i = 0; i < h->module_count; i++)
		punch(set, h->modules[i].start & ~4095ull, (h->modules[i].end + 4095) & ~4095ull);
}

/* Take `size` bytes aligned to `size` from the ranges; 0 when none fits. */
static uint64_t take_aligned(struct ranges *set, uint64_t size)
{
	for (size_t i = 0; i < set->count; i++) {
		struct range *r = &set->r[i];
		uint64_t start = (r->start + size - 1) & ~(size - 1);
		if (start >= r->start && start + size <= r->end) {
			punch(set, start, start + size);
			return start;
		}
	}
	return 0;
}

/* The largest power-of-two block that starts at `start`, is aligned, and fits before `end`. */
static uint8_t block_bits(uint64_t start, uint64_t end)
{
	uint8_t bits = UNTYPED_MIN_BITS;
	while (bits < UNTYPED_MAX_BITS && start % (2ull << bits) == 0 &&
	       start + (2ull << bits) <= end)
		bits++;
	return bits;
}

/* Untyped capabilities (with `flags`) for every range of `set`, from `slot` on; returns the next
 * slot. */
static uint32_t make_untyped(const struct ranges *set, struct cap *slots, uint32_t slot,
			     uint32_t slot_count, uint8_t flags, uint64_t *bytes)
{
	for (size_t i = 0; i < set->count; i++) {
		uint64_t at = set->r[i].start, end = set->r[i].end;
		while (end - at >= 4096 && slot < slot_count) {
			uint8_t bits = block_bits(at, end);
			cap_install_root(&slots[slot], ERIX_CAP_UNTYPED,
					 ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, at, bits);
			slots[slot++].flags = flags;
			*bytes += 1ull << bits;
			at += 1ull << bits;
		}
	}
	return slot;
}

/* The holes of the memory map below the IOAPIC, less the PCI configuration window. */
static void device_ranges(const struct boot_handoff *h, struct ranges *set)
{
	set->count = 1;
	set->r[0] = (struct range){LOW_MEMORY_END, DEVICE_SPACE_END};
	for (size_t i = 0; i < h->region_count; i++)
		punch(set, h->regions[i].base & ~4095ull,
		      (h->regions[i].base + h->regions[i].length + 4095) & ~4095ull);
	uint64_t phys;
	uint32_t length;
	if (acpi_find_table("MCFG", &phys, &length) && length >= MCFG_FIRST + MCFG_ENTRY) {
		const uint8_t *mcfg = phys_to_virt(phys);
		for (uint32_t at = MCFG_FIRST; at + MCFG_ENTRY <= length; at += MCFG_ENTRY) {
			uint64_t base;
			memcpy(&base, mcfg + at, 8);
			uint64_t buses = (uint64_t)mcfg[at + 11] - mcfg[at + 10] + 1;
			punch(set, base + ((uint64_t)mcfg[at + 10] << 20),
			      base + ((uint64_t)mcfg[at + 10] << 20) + (buses << 20));
		}
	}
}

bool rootspace_build(const struct boot_handoff *h, const struct handoff_limits *limits,
		     struct rootspace *out)
{
	static struct ranges set;
	*out = (struct rootspace){0};
	free_ranges(h, limits, &set);
	for (size_t i = 0; i < set.count; i++)
		out->free_bytes += set.r[i].end - set.r[i].start;

	uint8_t bits = ROOT_CNODE_SLOT_BITS + CAP_SLOT_BITS;
	uint64_t cnode = take_aligned(&set, 1ull << bits);
	if (!cnode)
		return false;
	zero_phys(cnode, 1ull << bits);
	cap_install_root(&out->cnode, ERIX_CAP_CNODE,
			 ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT, cnode, bits);
	struct cap *slots = cnode_slots(&out->cnode);
	uint32_t count = cnode_slot_count(&out->cnode);
	out->untyped_first = ROOT_FIRST_UNTYPED_SLOT;
	uint32_t next =
		make_untyped(&set, slots, out->untyped_first, count, 0, &out->untyped_bytes);
	out->untyped_count = next - out->untyped_first;
	device_ranges(h, &set);
	uint64_t device_space = 0;
	out->device_first = next;
	out->device_count =
		make_untyped(&set, slots, next, count, CAP_FLAG_DEVICE, &device_space) - next;
	return out->untyped_count > 0;
}
