/*
 * In-kernel tests for the QEMU harness (tests/qemu/harness.py). Booting with
 * erix.test=NAME runs one of them; results go out as TAP lines on COM1 and
 * the run ends through isa-debug-exit:
 *
 *   boot      facts of the validated handoff and the running kernel
 *   objects   untyped memory from the memory map; retype, revoke, accounting
 *   highmem   (booted with more than 4 GiB) RAM above 4 GiB mapped and untyped
 *   fault-ud  an invalid opcode in the kernel: register dump, then halt
 *   fault-pf  a kernel null-pointer read: #PF dump with CR2, then halt
 *   fault-df  a kernel stack overflow: #DF on its own stack, then halt
 *   fault-wx  a write to the kernel's own code: #PF (W^X), then halt
 * Any other name is a user-space test: ktest_run() returns and the root
 * task runs it.
 */
#include "ktest.h"
#include "boot/cmdline.h"
#include "io.h"
#include "kernel.h"
#include "memlayout.h"
#include "object/object.h"
#include "object/untyped.h"
#include "physmem.h"

#define MSR_EFER          0xc0000080
#define EFER_NXE          (1u << 11)
#define VECTOR_BREAKPOINT 3
#define MIB               (1024ull * 1024)

uint64_t trap_count(unsigned vector);
void kmain(uint32_t magic, uint64_t info_phys);

static unsigned tests_run, tests_failed;

static void check(bool ok, const char *name)
{
	tests_run++;
	if (!ok)
		tests_failed++;
	kprintf("%s %u - %s\n", ok ? "ok" : "not ok", tests_run, name);
}

static uint64_t read_msr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static bool regions_sorted_and_disjoint(const struct boot_handoff *h)
{
	for (size_t i = 1; i < h->region_count; i++) {
		const struct handoff_region *prev = &h->regions[i - 1];
		if (prev->base + prev->length > h->regions[i].base)
			return false;
	}
	return h->region_count > 0;
}

/* Usable RAM must match what the harness gave QEMU (erix.test.ram_mib), less firmware holes. */
static bool usable_ram_matches(const struct boot_handoff *h)
{
	uint64_t ram_mib;
	if (!cmdline_get_u64(h->cmdline, "erix.test.ram_mib", &ram_mib))
		return false;
	kprintf("# usable %lu KiB of %lu MiB\n", h->usable_bytes / 1024, ram_mib);
	return h->usable_bytes <= ram_mib * MIB && h->usable_bytes >= ram_mib * MIB - 16 * MIB;
}

static bool acpi_rsdp_present(const struct boot_handoff *h)
{
	return h->acpi_rsdp && h->acpi_rsdp_size >= 20 && memcmp(h->acpi_rsdp, "RSD PTR ", 8) == 0;
}

/* int3 must come back through trap.S with every register intact. */
static bool breakpoint_resumes(void)
{
	uint64_t before = trap_count(VECTOR_BREAKPOINT);
	uint64_t marker = 0x0123456789abcdefull, after_marker;
	__asm__ volatile("mov %1, %%r12\n\tint3\n\tmov %%r12, %0"
			 : "=r"(after_marker)
			 : "r"(marker)
			 : "r12", "memory");
	return trap_count(VECTOR_BREAKPOINT) == before + 1 && after_marker == marker;
}

static void boot_tests(const struct boot_handoff *h)
{
	kprintf("1..7\n");
	check(strncmp(h->loader_name, "GRUB", 4) == 0, "booted by GRUB2 through multiboot2");
	check((uintptr_t)&kmain >= KERNEL_VMA, "kernel runs in the higher half");
	check(regions_sorted_and_disjoint(h), "memory map sorted and non-overlapping");
	check(usable_ram_matches(h), "usable RAM matches the machine's memory size");
	check(acpi_rsdp_present(h), "ACPI RSDP handed over");
	check(read_msr(MSR_EFER) & EFER_NXE, "no-execute enabled");
	check(breakpoint_resumes(), "breakpoint trap returns with registers intact");
}

/* Every untyped block is aligned, inside usable RAM, and clear of the kernel and modules. */
static bool untyped_blocks_sound(const struct boot_handoff *h, struct rootspace *root)
{
	struct cap *slots = cnode_slots(&root->cnode);
	extern char kernel_phys_start[], kernel_phys_end[];
	for (uint32_t i = 0; i < root->untyped_count; i++) {
		const struct cap *u = &slots[root->untyped_first + i];
		uint64_t start = u->object, end = start + (1ull << u->size_bits);
		if (u->kind != ERIX_CAP_UNTYPED || start % (1ull << u->size_bits))
			return false;
		if (start < (uint64_t)(uintptr_t)kernel_phys_end &&
		    end > (uint64_t)(uintptr_t)kernel_phys_start)
			return false;
		for (size_t m = 0; m < h->module_count; m++)
			if (start < h->modules[m].end && end > h->modules[m].start)
				return false;
		bool in_ram = false;
		for (size_t r = 0; r < h->region_count; r++) {
			const struct handoff_region *reg = &h->regions[r];
			in_ram |= reg->type == HANDOFF_MEM_USABLE && start >= reg->base &&
				  end <= reg->base + reg->length;
		}
		if (!in_ram)
			return false;
	}
	return true;
}

/* The largest untyped capability of the root space. */
static struct cap *largest_untyped(struct rootspace *root)
{
	struct cap *slots = cnode_slots(&root->cnode), *best = NULL;
	for (uint32_t i = 0; i < root->untyped_count; i++) {
		struct cap *u = &slots[root->untyped_first + i];
		if (!best || u->size_bits > best->size_bits)
			best = u;
	}
	return best;
}

static enum erix_status retype_to_slots(struct cap *ut, struct cap *slots, uint8_t kind,
					uint8_t bits, uint32_t first, uint32_t count)
{
	struct cap *dst[16];
	for (uint32_t i = 0; i < count; i++)
		dst[i] = &slots[first + i];
	return untyped_retype(ut, kind, bits, count, dst);
}

/* A new address space carries the kernel's upper half and nothing below it. */
static bool vspace_has_kernel_half(const struct cap *vs)
{
	extern uint64_t boot_pml4[512];
	const uint64_t *kernel = phys_to_virt((uint64_t)(uintptr_t)boot_pml4);
	const uint64_t *pml4 = phys_to_virt(vs->object);
	for (int i = 0; i < 512; i++)
		if (pml4[i] != (i >= 256 ? kernel[i] : 0))
			return false;
	return pml4[511] != 0;
}

static void object_tests(const struct boot_handoff *h, struct rootspace *root)
{
	kprintf("1..7\n");
	uint64_t cnode_bytes = 1ull << root->cnode.size_bits;
	check(root->untyped_bytes + cnode_bytes == root->free_bytes,
	      "every free byte is untyped memory or the root cnode");
	check(untyped_blocks_sound(h, root),
	      "untyped blocks are aligned, in RAM, clear of the kernel");
	struct cap *slots = cnode_slots(&root->cnode), *ut = largest_untyped(root);
	uint64_t start = untyped_free_bytes(ut);
	check(retype_to_slots(ut, slots, ERIX_CAP_ENDPOINT, 0, 1, 16) == ERIX_OK &&
		      retype_to_slots(ut, slots, ERIX_CAP_FRAME, 12, 17, 8) == ERIX_OK &&
		      retype_to_slots(ut, slots, ERIX_CAP_VSPACE, 0, 25, 1) == ERIX_OK,
	      "retype endpoints, frames and an address space from real memory");
	check(vspace_has_kernel_half(&slots[25]), "a new address space maps the kernel half only");
	check(retype_to_slots(ut, slots, ERIX_CAP_FRAME, 12, 1, 1) == ERIX_E_EXISTS,
	      "retype into an occupied root slot is refused");
	check(cap_revoke(ut) == ERIX_OK && untyped_free_bytes(ut) == start &&
		      cap_is_empty(&slots[1]) && cap_is_empty(&slots[25]),
	      "revoke returns every byte");
	bool same = true;
	for (int round = 0; round < 200 && same; round++) {
		retype_to_slots(ut, slots, ERIX_CAP_CNODE, 4, 1, 1);
		struct cap *inner = cnode_slots(&slots[1]);
		retype_to_slots(ut, inner, ERIX_CAP_FRAME, 12, 1, 8);
		retype_to_slots(ut, inner, ERIX_CAP_ENDPOINT, 0, 9, 7);
		cap_delete(&slots[1]);
		cap_revoke(ut);
		same = untyped_free_bytes(ut) == start && !cap_has_children(ut);
	}
	check(same, "200 create/destroy rounds leave free memory where it started");
}

#define FOUR_GIB (4ull << 30)

/* The untyped RAM block that starts highest. */
static struct cap *highest_untyped(struct rootspace *root)
{
	struct cap *slots = cnode_slots(&root->cnode), *best = NULL;
	for (uint32_t i = 0; i < root->untyped_count; i++) {
		struct cap *u = &slots[root->untyped_first + i];
		if (!best || u->object > best->object)
			best = u;
	}
	return best;
}

/* RAM above 4 GiB (the harness boots this with more than 4 GiB) is mapped and handed out. */
static void highmem_tests(const struct boot_handoff *h, struct rootspace *root)
{
	kprintf("1..4\n");
	uint64_t end = 0;
	for (size_t i = 0; i < h->region_count; i++)
		if (h->regions[i].type == HANDOFF_MEM_USABLE)
			end = h->regions[i].base + h->regions[i].length;
	check(end > FOUR_GIB && direct_map_end() >= end,
	      "the direct map reaches the last usable byte, above 4 GiB");
	check(root->untyped_bytes + 16 * MIB >= h->usable_bytes,
	      "all usable RAM but the kernel, modules and low memory is untyped memory");
	struct cap *slots = cnode_slots(&root->cnode), *high = highest_untyped(root);
	check(high && high->object >= FOUR_GIB, "untyped memory above 4 GiB is handed out");
	bool ok = high && retype_to_slots(high, slots, ERIX_CAP_FRAME, 12, 1, 1) == ERIX_OK;
	volatile uint64_t *word = ok ? phys_to_virt(slots[1].object) : NULL;
	ok = ok && slots[1].object >= FOUR_GIB && word[0] == 0 && word[511] == 0;
	if (ok)
		word[511] = 0x5eedf00dull;
	check(ok && word[511] == 0x5eedf00dull,
	      "a frame retyped above 4 GiB is zeroed and keeps what is written");
}

static void overflow_stack(void)
{
	__asm__ volatile("mov $0x1000, %%rsp\n\tpushq $0" : : : "memory");
}

/* Run a fault test: the kernel must dump and halt, so getting past the fault is a failure. */
static noreturn void fault_test(const char *name)
{
	if (strncmp(name, "fault-ud", 9) == 0)
		__asm__ volatile("ud2");
	else if (strncmp(name, "fault-pf", 9) == 0)
		__asm__ volatile("movq 0, %%rax" : : : "rax");
	else if (strncmp(name, "fault-df", 9) == 0)
		overflow_stack();
	else if (strncmp(name, "fault-wx", 9) == 0)
		*(volatile uint8_t *)(uintptr_t)&kmain = 0xc3; /* kernel text is not writable */
	else
		kprintf("ktest: unknown fault test \"%s\"\n", name);
	machine_exit(EXIT_FAIL);
}

void ktest_run(const char *name, const struct boot_handoff *handoff, struct rootspace *root)
{
	bool boot = strncmp(name, "boot", 5) == 0, objects = strncmp(name, "objects", 8) == 0;
	bool fault = strncmp(name, "fault-", 6) == 0, highmem = strncmp(name, "highmem", 8) == 0;
	if (!boot && !objects && !fault && !highmem)
		return; /* not a kernel test: user space runs it */
	kprintf("ktest: %s\n", name);
	if (fault)
		fault_test(name);
	if (boot)
		boot_tests(handoff);
	else if (highmem)
		highmem_tests(handoff, root);
	else
		object_tests(handoff, root);
	machine_exit(tests_failed ? EXIT_FAIL : EXIT_PASS);
}
