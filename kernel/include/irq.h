/*
 * Device interrupts as notifications. A bound line, when it fires, is
 * masked and its notification signalled with the bound bits; the driver
 * acknowledges through its irq capability, which unmasks the line. So a
 * device interrupt is never lost and never storms.
 */
#ifndef ERIX_IRQ_H
#define ERIX_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "erix/abi.h"

enum erix_status irq_bind(uint32_t line, bool level, bool active_low, uint64_t notification,
			  uint64_t bits);
void irq_unbind(uint32_t line);

struct invocation;

/*
 * Bind `line` to the notification the invocation names first (caps[0]) and
 * put an irq capability for it, derived from the invoked capability, in the
 * caller's receive slot 0; *irq names that slot. invalid_argument for no
 * bits or no empty receive slot, busy for a bound line.
 */
enum erix_status irq_grant(struct invocation *inv, uint32_t line, bool level, bool active_low,
			   uint64_t bits, erix_cptr_t *irq);

/* irq_grant for the line ISA IRQ `isa_irq` arrives on, as the MADT describes it. */
enum erix_status irq_grant_isa(struct invocation *inv, uint8_t isa_irq, uint64_t bits,
			       erix_cptr_t *irq);
bool irq_is_bound(uint32_t line);

/* Which binding of `line` is current: an irq capability carries it as its badge. */
uint64_t irq_generation(uint32_t line);
enum erix_status irq_retarget(uint32_t line, uint64_t notification, uint64_t bits);
void irq_set_masked(uint32_t line, bool masked);

/* Line `line` fired: mask it and signal its notification. */
void irq_deliver(uint32_t line);

/* A notification is going away: unbind every line that signals it. */
void irq_forget_notification(uint64_t notification);

#endif
