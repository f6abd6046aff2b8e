/*
 * The slot allocator (erix/slots.h): one bit per slot of the task's cnode,
 * set when taken. A range is found by a first-fit scan; cnodes are at most
 * 2^16 slots, so the map is 8 KiB and a scan is short.
 */
#include <erix/slots.h>
#include <stdbool.h>

static uint64_t taken[ERIX_SLOTS_MAX / 64];
static uint32_t managed_first, managed_end, free_count;

static bool is_taken(uint32_t slot)
{
	return (taken[slot / 64] >> (slot % 64)) & 1;
}

static void set_taken(uint32_t slot, bool value)
{
	uint64_t bit = 1ull << (slot % 64);
	if (value)
		taken[slot / 64] |= bit;
	else
		taken[slot / 64] &= ~bit;
}

void erix_slots_init(uint32_t first, uint32_t end)
{
	if (end > ERIX_SLOTS_MAX)
		end = ERIX_SLOTS_MAX;
	if (first == 0)
		first = 1; /* slot 0 is never a capability */
	if (first > end)
		first = end;
	managed_first = first;
	managed_end = end;
	free_count = end - first;
	for (uint32_t i = 0; i < ERIX_SLOTS_MAX / 64; i++)
		taken[i] = ~0ull;
	for (uint32_t s = first; s < end; s++)
		set_taken(s, false);
}

uint32_t erix_slot_alloc_range(uint32_t count)
{
	if (count == 0 || count > free_count)
		return 0;
	uint32_t run = 0;
	for (uint32_t s = managed_first; s < managed_end; s++) {
		run = is_taken(s) ? 0 : run + 1;
		if (run == count) {
			uint32_t first = s + 1 - count;
			for (uint32_t t = first; t <= s; t++)
				set_taken(t, true);
			free_count -= count;
			return first;
		}
	}
	return 0;
}

uint32_t erix_slot_alloc(void)
{
	return erix_slot_alloc_range(1);
}

void erix_slot_free_range(uint32_t first, uint32_t count)
{
	for (uint32_t s = first; s - first < count; s++) {
		if (s < managed_first || s >= managed_end || !is_taken(s))
			continue;
		set_taken(s, false);
		free_count++;
	}
}

void erix_slot_free(uint32_t slot)
{
	erix_slot_free_range(slot, 1);
}

uint32_t erix_slots_free_count(void)
{
	return free_count;
}
