/*
 * Time: a monotonic clock from the TSC (rated against the PIT at boot) and
 * one-shot timers. A timer lives in the notification it signals, so arming
 * one costs the kernel no memory; armed notifications form a list the timer
 * interrupt walks.
 */
#ifndef ERIX_TIME_H
#define ERIX_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include "object/notification.h"

#define TIMER_TICK_HZ 100 /* how often timers are checked (the APIC timer's rate) */

void time_init(uint64_t tsc_hz);
uint64_t time_now_ns(void);
uint64_t time_tsc_hz(void);

/* Arm (or re-arm) the timer of the notification object at `object`. */
void timer_arm(uint64_t object, uint64_t deadline_ns, uint64_t bits);

/* Disarm it; true when a timer was pending. */
bool timer_cancel(uint64_t object);

/* Fire every timer whose deadline has passed (on each timer interrupt). */
void timer_tick(void);

/* True when some timer is armed (so an idle system is only waiting). */
bool timers_pending(void);

#endif
