/*
 * Ending a program. A process procd started holds a "procd" capability (its
 * self badge); exit_process through it tells procd the code, and procd tears
 * the process down. A program without one (rootd, or one started by rootd
 * itself) has nobody to tell and yields for ever.
 */
#include <erix/ipc.h>
#include <procd.h>

void erix_exit(const struct erix_bootinfo *bi, int code)
{
	const struct erix_bootinfo_cap *self = erix_cap_by_name(bi, "procd");
	if (self != NULL && self->kind == ERIX_CAP_ENDPOINT) {
		struct procd_exit_process_req req = {.code = code};
		procd_exit_process(self->slot, erix_ipc_buffer(), &req);
	}
	for (;;)
		erix_yield();
}
