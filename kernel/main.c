/*
 * kmain: the kernel's first C code. It brings up the early log, the
 * descriptor tables and exception handling, then validates the boot handoff
 * before believing a word of it. A rejected handoff is reported precisely
 * and the machine halts; nothing past this point runs on unchecked data.
 */
#include "apic.h"
#include "boot/cmdline.h"
#include "boot/handoff.h"
#include "boot/rootspace.h"
#include "boot/roottask.h"
#include "cpu.h"
#include "entry.h"
#include "io.h"
#include "ioapic.h"
#include "kernel.h"
#include "ktest.h"
#include "memlayout.h"
#include "pcie_hotplug.h"

extern char kernel_phys_start[], kernel_phys_end[];
extern uint64_t boot_pml4[512];

static struct boot_handoff handoff;

const struct boot_handoff *boot_handoff(void)
{
	return &handoff;
}
static struct handoff_limits limits;
static struct rootspace root;

static const char *region_type_name(uint32_t type)
{
	switch (type) {
	case HANDOFF_MEM_USABLE:
		return "usable";
	case HANDOFF_MEM_RESERVED:
		return "reserved";
	case HANDOFF_MEM_ACPI_RECLAIMABLE:
		return "ACPI reclaimable";
	case HANDOFF_MEM_ACPI_NVS:
		return "ACPI NVS";
	case HANDOFF_MEM_BAD:
		return "bad";
	default:
		return "other";
	}
}

/* Validate the multiboot2 block at info_phys into `handoff`, or halt with the reason. */
static void accept_handoff(uint32_t magic, uint64_t info_phys)
{
	limits = (struct handoff_limits){
		.kernel_start = (uint64_t)(uintptr_t)kernel_phys_start,
		.kernel_end = (uint64_t)(uintptr_t)kernel_phys_end,
		.info_phys = info_phys,
	};
	bool mapped = info_phys != 0 && info_phys < PHYS_MAP_SIZE;
	const void *info = mapped ? phys_to_virt(info_phys) : NULL;
	size_t avail = mapped ? PHYS_MAP_SIZE - info_phys : 0;
	if (avail > HANDOFF_MAX_INFO_SIZE)
		avail = HANDOFF_MAX_INFO_SIZE;

	struct handoff_error err;
	if (handoff_validate(magic, info, avail, &limits, &handoff, &err) != HANDOFF_OK) {
		kprintf("EriX: boot handoff rejected (%s): %s\n", handoff_status_name(err.status),
			err.message);
		machine_halt();
	}
}

static void log_handoff(void)
{
	kprintf("handoff: ok (loader \"%s\", command line \"%s\")\n", handoff.loader_name,
		handoff.cmdline);
	kprintf("memory map: %zu regions\n", handoff.region_count);
	for (size_t i = 0; i < handoff.region_count; i++) {
		const struct handoff_region *r = &handoff.regions[i];
		kprintf("  [%016lx-%016lx) %s\n", r->base, r->base + r->length,
			region_type_name(r->type));
	}
	kprintf("memory map: %lu KiB usable\n", handoff.usable_bytes / 1024);
	kprintf("modules: %zu\n", handoff.module_count);
	for (size_t i = 0; i < handoff.module_count; i++)
		kprintf("  [%016lx-%016lx) %s\n", handoff.modules[i].start, handoff.modules[i].end,
			handoff.modules[i].cmdline);
	if (handoff.has_framebuffer)
		kprintf("framebuffer: %ux%u, pitch %u, %u bpp, type %u, at %lx\n",
			handoff.framebuffer.width, handoff.framebuffer.height,
			handoff.framebuffer.pitch, handoff.framebuffer.bits_per_pixel,
			handoff.framebuffer.kind, handoff.framebuffer.base);
	else
		kprintf("framebuffer: none\n");
}

/* One past the last usable byte of RAM. */
static uint64_t usable_end(void)
{
	uint64_t end = 0;
	for (size_t i = 0; i < handoff.region_count; i++) {
		const struct handoff_region *r = &handoff.regions[i];
		if (r->type == HANDOFF_MEM_USABLE && r->base + r->length > end)
			end = r->base + r->length;
	}
	return end;
}

/* Turn free RAM into the root cnode and untyped memory, or halt if there is too little. */
static void build_rootspace(void)
{
	if (!rootspace_build(&handoff, &limits, &root)) {
		kprintf("EriX: not enough free memory for the root capability space\n");
		machine_halt();
	}
	kprintf("untyped: %u capabilities, %lu KiB (free RAM %lu KiB, root cnode %lu KiB)\n",
		root.untyped_count, root.untyped_bytes / 1024, root.free_bytes / 1024,
		(1ul << root.cnode.size_bits) / 1024);
}

/* The boot identity map is only needed until the jump to the higher half. */
static void drop_identity_map(void)
{
	uint64_t *pml4 = phys_to_virt((uint64_t)(uintptr_t)boot_pml4);
	pml4[0] = 0;
	write_cr3(read_cr3());
}

void kmain(uint32_t magic, uint64_t info_phys)
{
	serial_init();
	kprintf("\nEriX %s - a capability microkernel for x86-64\n", ERIX_VERSION);
	gdt_init();
	idt_init();
	pic_disable();
	cpu_enable_protections();
	cpu_set_pat();
	drop_identity_map();
	kmap_protect();
	accept_handoff(magic, info_phys);
	log_handoff();
	direct_map_extend(usable_end());
	build_rootspace();

	syscall_init();
	apic_init();
	if (!ioapic_init())
		kprintf("EriX: no IOAPIC in the ACPI tables; device interrupts are unavailable\n");
	pci_cfg_size_bars();
	pcie_hotplug_init();

	char test[32];
	if (cmdline_get(handoff.cmdline, "erix.test", test, sizeof(test))) {
		machine_set_exit_on_halt(true);
		entry_set_exit_when_idle(true);
		ktest_run(test, &handoff, &root); /* returns when the test is rootd's */
	}
	if (!roottask_create(&handoff, &root))
		machine_halt();
	kernel_start_user();
}
