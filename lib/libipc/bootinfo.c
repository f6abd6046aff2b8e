/*
 * Reading the boot-info page (abi/erix/bootinfo.h). The page comes from the
 * kernel or a parent task, so nothing in it is trusted blindly: the magic is
 * checked first, cap_count is clamped to the array, and a name matches only
 * if it is stored NUL-terminated inside its field.
 */
#include <erix/ipc.h>
#include <erix/slots.h>
#include <stdbool.h>
#include <string.h>

/* True when bi points at a boot-info page. */
static bool bootinfo_valid(const struct erix_bootinfo *bi)
{
	return bi != NULL && bi->magic == ERIX_BOOTINFO_MAGIC;
}

enum erix_status erix_ipc_init(const struct erix_bootinfo *bi)
{
	if (!bootinfo_valid(bi) || bi->ipc_buffer == 0 ||
	    bi->ipc_buffer % _Alignof(struct erix_msg) != 0)
		return ERIX_E_INVALID_ARGUMENT;
	erix_ipc_set_buffer((struct erix_msg *)(uintptr_t)bi->ipc_buffer);
	erix_slots_init(bi->first_free_slot, bi->cnode_slots);
	return ERIX_OK;
}

const struct erix_bootinfo_cap *erix_cap_by_name(const struct erix_bootinfo *bi, const char *name)
{
	if (!bootinfo_valid(bi) || name == NULL)
		return NULL;
	size_t n = strnlen(name, ERIX_BOOTINFO_NAME_LEN);
	if (n == 0 || n == ERIX_BOOTINFO_NAME_LEN)
		return NULL; /* empty, or too long to be stored with its NUL */
	uint32_t count = bi->cap_count;
	if (count > ERIX_BOOTINFO_MAX_CAPS)
		count = ERIX_BOOTINFO_MAX_CAPS;
	for (uint32_t i = 0; i < count; i++)
		if (memcmp(bi->caps[i].name, name, n + 1) == 0)
			return &bi->caps[i];
	return NULL;
}

erix_cptr_t erix_slot_named(const struct erix_bootinfo *bi, const char *name)
{
	const struct erix_bootinfo_cap *c = erix_cap_by_name(bi, name);
	return c != NULL ? c->slot : 0;
}
