/*
 * The IOAPIC. The kernel finds it in the ACPI MADT, masks every line at
 * boot, and routes a line only when irq_ctl binds it: line L goes to vector
 * VECTOR_IRQ_BASE + L on this CPU. Registers are reached through the direct
 * map, made uncached around them. The MADT's interrupt source overrides say
 * on which line, and with which trigger and polarity, an ISA IRQ arrives
 * (on q35, IRQ 0 on line 2, and IRQ 9 level-triggered); a line no override
 * names follows the ISA convention (edge, active high) below 16 and the PCI
 * one (level, active low) above.
 */
#include "ioapic.h"

#include "acpi.h"
#include "apic.h"
#include "kernel.h"
#include "memlayout.h"
#include "pcie_hotplug.h"

#define MADT_ENTRIES    44 /* the MADT's entries start after its 44-byte header */
#define MADT_IOAPIC     1
#define MADT_OVERRIDE   2
#define MADT_BUS_ISA    0
#define ISA_IRQS        16
#define IOAPIC_VERSION  0x01
#define IOAPIC_REDIRECT 0x10
#define REDIRECT_MASKED (1u << 16)
#define REDIRECT_LEVEL  (1u << 15)
#define REDIRECT_LOW    (1u << 13)
#define MAX_LINES       (VECTOR_HOTPLUG - VECTOR_IRQ_BASE) /* the vectors below hotplug's */

static volatile uint32_t *regs;
static uint32_t line_count;

/* Where each ISA IRQ arrives: identity, edge, active high unless the MADT overrides it. */
struct isa_route {
	uint32_t line;
	bool level, active_low;
};
static struct isa_route isa_routes[ISA_IRQS];

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

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An override's MPS flags: polarity in bits 0-1, trigger in bits 2-3 (0 conforming, 1, 3). */
static void apply_override(const uint8_t *entry)
{
	uint8_t isa = entry[3], flags = entry[8];
	if (entry[2] != MADT_BUS_ISA || isa >= ISA_IRQS)
		return;
	struct isa_route *r = &isa_routes[isa];
	r->line = le32(entry + 4);
	if ((flags & 3) != 0)
		r->active_low = (flags & 3) == 3;
	if (((flags >> 2) & 3) != 0)
		r->level = ((flags >> 2) & 3) == 3;
	kprintf("ioapic: ISA IRQ %u arrives on line %u, %s, active %s\n", isa, r->line,
		r->level ? "level" : "edge", r->active_low ? "low" : "high");
}

/*
 * Walk the MADT: remember its interrupt source overrides, and answer the
 * physical address of its first IOAPIC, or 0.
 */
static uint64_t madt_scan(void)
{
	uint64_t phys, ioapic = 0;
	uint32_t length;
	for (uint32_t irq = 0; irq < ISA_IRQS; irq++)
		isa_routes[irq] = (struct isa_route){.line = irq};
	if (!acpi_find_table("APIC", &phys, &length))
		return 0;
	const uint8_t *madt = phys_to_virt(phys);
	for (uint32_t at = MADT_ENTRIES; at + 2 <= length;) {
		uint8_t type = madt[at], size = madt[at + 1];
		if (size < 2 || at + size > length)
			break;
		if (type == MADT_IOAPIC && size >= 12 && !ioapic)
			ioapic = le32(madt + at + 4);
		if (type == MADT_OVERRIDE && size >= 10)
			apply_override(madt + at);
		at += size;
	}
	return ioapic;
}

bool ioapic_init(void)
{
	uint64_t base = madt_scan();
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

uint32_t ioapic_isa_line(uint8_t isa_irq)
{
	return isa_irq < ISA_IRQS ? isa_routes[isa_irq].line : isa_irq;
}

void ioapic_conforming(uint32_t line, bool *level, bool *active_low)
{
	for (uint32_t irq = 0; irq < ISA_IRQS; irq++)
		if (isa_routes[irq].line == line) {
			*level = isa_routes[irq].level;
			*active_low = isa_routes[irq].active_low;
			return;
		}
	*level = *active_low = line >= ISA_IRQS;
}
