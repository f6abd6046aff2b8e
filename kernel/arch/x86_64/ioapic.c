/*
 * The IOAPIC. The kernel finds it in the ACPI MADT, masks every line at
 * boot, and routes a line only when irq_ctl binds it: line L goes to vector
 * VECTOR_IRQ_BASE + L on this CPU. Registers are reached through the direct
 * map, made uncached around them.
 */
#include "ioapic.h"

#include "acpi.h"
#include "apic.h"
#include "kernel.h"
#include "memlayout.h"

#define MADT_ENTRIES    44 /* the MADT's entries start after its 44-byte header */
#define MADT_IOAPIC     1
#define IOAPIC_VERSION  0x01
#define IOAPIC_REDIRECT 0x10
#define REDIRECT_MASKED (1u << 16)
#define REDIRECT_LEVEL  (1u << 15)
#define REDIRECT_LOW    (1u << 13)
#define MAX_LINES       (256 - VECTOR_IRQ_BASE - 1)

static volatile uint32_t *regs;
static uint32_t line_count;

static uint32_t read_reg(uint32_t index)
{
	regs[0] = index;
	return regs[4];
}

static void write_reg(uint32_t index, uint32_t value)
{
	regs[0] = index;
	regs[4] = value;
}

/* The first IOAPIC entry of the MADT: its physical address, or 0. */
static uint64_t madt_ioapic(void)
{
	uint64_t phys;
	uint32_t length;
	if (!acpi_find_table("APIC", &phys, &length))
		return 0;
	const uint8_t *madt = phys_to_virt(phys);
	for (uint32_t at = MADT_ENTRIES; at + 2 <= length;) {
		uint8_t type = madt[at], size = madt[at + 1];
		if (size < 2 || at + size > length)
			break;
		if (type == MADT_IOAPIC && size >= 12)
			return (uint64_t)madt[at + 4] | (uint64_t)madt[at + 5] << 8 |
			       (uint64_t)madt[at + 6] << 16 | (uint64_t)madt[at + 7] << 24;
		at += size;
	}
	return 0;
}

bool ioapic_init(void)
{
	uint64_t base = madt_ioapic();
	if (!base || base >= PHYS_MAP_SIZE)
		return false;
	direct_map_uncached(base);
	regs = phys_to_virt(base);
	line_count = ((read_reg(IOAPIC_VERSION) >> 16) & 0xff) + 1;
	if (line_count > MAX_LINES)
		line_count = MAX_LINES;
	for (uint32_t line = 0; line < line_count; line++)
		ioapic_route(line, false, false, true);
	kprintf("ioapic: %u lines at %lx, all masked\n", line_count, base);
	return true;
}

uint32_t ioapic_lines(void)
{
	return line_count;
}

void ioapic_route(uint32_t line, bool level, bool active_low, bool masked)
{
	uint32_t low = (VECTOR_IRQ_BASE + line) | (level ? REDIRECT_LEVEL : 0) |
		       (active_low ? REDIRECT_LOW : 0) | (masked ? REDIRECT_MASKED : 0);
	write_reg(IOAPIC_REDIRECT + 2 * line + 1, 0); /* destination: APIC 0, this CPU */
	write_reg(IOAPIC_REDIRECT + 2 * line, low);
}

void ioapic_mask(uint32_t line, bool masked)
{
	uint32_t low = read_reg(IOAPIC_REDIRECT + 2 * line);
	write_reg(IOAPIC_REDIRECT + 2 * line,
		  masked ? low | REDIRECT_MASKED : low & ~REDIRECT_MASKED);
}
