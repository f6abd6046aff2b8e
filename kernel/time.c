/* Time and one-shot timers; see time.h. */
#include "time.h"

#include "kernel.h"
#include "physmem.h"

#define NS_PER_S 1000000000ull

static uint64_t tsc_rate, tsc_start;
static uint64_t armed; /* physical address of the first armed notification, 0 when none */

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void time_init(uint64_t tsc_hz)
{
	tsc_rate = tsc_hz ? tsc_hz : 1;
	tsc_start = rdtsc();
}

uint64_t time_tsc_hz(void)
{
	return tsc_rate;
}

/* Nanoseconds since boot, split so the multiplication cannot overflow. */
uint64_t time_now_ns(void)
{
	uint64_t ticks = rdtsc() - tsc_start;
	return ticks / tsc_rate * NS_PER_S + ticks % tsc_rate * NS_PER_S / tsc_rate;
}

static struct notification *at(uint64_t object)
{
	return phys_to_virt(object);
}

/* Unlink `object` from the armed list; true when it was there. */
static bool unlink_timer(uint64_t object)
{
	for (uint64_t *link = &armed; *link; link = &at(*link)->timer_next) {
		if (*link == object) {
			*link = at(object)->timer_next;
			at(object)->timer_next = 0;
			at(object)->timer_armed = 0;
			return true;
		}
	}
	return false;
}

void timer_arm(uint64_t object, uint64_t deadline_ns, uint64_t bits)
{
	if (deadline_ns <= time_now_ns()) { /* already due: fire now, replacing any pending timer */
		unlink_timer(object);
		notification_deliver(object, bits);
		return;
	}
	struct notification *n = at(object);
	if (!n->timer_armed) {
		n->timer_next = armed;
		armed = object;
		n->timer_armed = 1;
	}
	n->timer_deadline = deadline_ns;
	n->timer_bits = bits;
}

bool timer_cancel(uint64_t object)
{
	return unlink_timer(object);
}

void timer_tick(void)
{
	uint64_t now = time_now_ns();
	for (uint64_t object = armed, next; object; object = next) {
		next = at(object)->timer_next;
		if (at(object)->timer_deadline <= now) {
			uint64_t bits = at(object)->timer_bits;
			unlink_timer(object);
			notification_deliver(object, bits);
		}
	}
}

bool timers_pending(void)
{
	return armed != 0;
}
