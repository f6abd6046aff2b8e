/* The IOAPIC: device interrupt lines (GSIs) routed to CPU vectors. */
#ifndef ERIX_X86_IOAPIC_H
#define ERIX_X86_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define VECTOR_IRQ_BASE 0x30 /* line L arrives on vector VECTOR_IRQ_BASE + L */

/* Find the IOAPIC in the MADT and mask every line; false when there is none. */
bool ioapic_init(void);

/* How many lines the IOAPIC has (0 before ioapic_init succeeds). */
uint32_t ioapic_lines(void);

/* Route `line` to its vector, edge or level, active high or low, masked or not. */
void ioapic_route(uint32_t line, bool level, bool active_low, bool masked);

void ioapic_mask(uint32_t line, bool masked);

/* The line ISA IRQ `isa_irq` (0-15) arrives on, after the MADT's overrides. */
uint32_t ioapic_isa_line(uint8_t isa_irq);

/* The trigger and polarity `line` has when nothing else is asked for. */
void ioapic_conforming(uint32_t line, bool *level, bool *active_low);

#endif
