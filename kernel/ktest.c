/*
 * In-kernel tests for the QEMU harness (tests/qemu/harness.py). Booting with
 * erix.test=NAME runs one of them; results go out as TAP lines on COM1 and
 * the run ends through isa-debug-exit:
 *
 *   boot      facts of the validated handoff and the running kernel
 *   fault-ud  an invalid opcode in the kernel: register dump, then halt
 *   fault-pf  a kernel null-pointer read: #PF dump with CR2, then halt
 *   fault-df  a kernel stack overflow: #DF on its own stack, then halt
 */
#include "ktest.h"
#include "boot/cmdline.h"
#include "io.h"
#include "kernel.h"
#include "memlayout.h"

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

static void overflow_stack(void)
{
	__asm__ volatile("mov $0x1000, %%rsp\n\tpushq $0" : : : "memory");
}

noreturn void ktest_run(const char *name, const struct boot_handoff *handoff)
{
	kprintf("ktest: %s\n", name);
	if (strncmp(name, "boot", 5) == 0) {
		boot_tests(handoff);
		machine_exit(tests_failed ? EXIT_FAIL : EXIT_PASS);
	}
	if (strncmp(name, "fault-ud", 9) == 0)
		__asm__ volatile("ud2");
	else if (strncmp(name, "fault-pf", 9) == 0)
		__asm__ volatile("movq 0, %%rax" : : : "rax");
	else if (strncmp(name, "fault-df", 9) == 0)
		overflow_stack();
	else
		kprintf("ktest: unknown test \"%s\"\n", name);
	/* A fault test that gets here did not fault. */
	machine_exit(EXIT_FAIL);
}
