/* Kernel-object invocation; see invoke.h. */
#include "invoke.h"

#include "acpi_ctl.h"
#include "cnode.h"
#include "com1_io.h"
#include "console_ctl.h"
#include "hotplug.h"
#include "i8042_io.h"
#include "irq_ctl.h"
#include "kernel.h"
#include "pager_ctl.h"
#include "pci_cfg.h"
#include "proc_ctl.h"
#include "retype_ctl.h"
#include "time_ctl.h"
#include "vspace_ctl.h"

/* Each family's generated dispatch, and its decoder (to answer what dispatch will not). */
struct family {
	family_dispatch dispatch;
	enum erix_status (*check)(const struct erix_msg *request);
};

static const struct family families[] = {
	[ERIX_CAP_CNODE] = {cnode_invoke, cnode_check_request},
	[ERIX_CAP_PCI_CFG] = {pci_cfg_invoke, pci_cfg_check_request},
	[ERIX_CAP_COM1_IO] = {com1_io_invoke, com1_io_check_request},
	[ERIX_CAP_I8042_IO] = {i8042_io_invoke, i8042_io_check_request},
	[ERIX_CAP_ACPI_CTL] = {acpi_ctl_invoke, acpi_ctl_check_request},
	[ERIX_CAP_CONSOLE_CTL] = {console_ctl_invoke, console_ctl_check_request},
	[ERIX_CAP_TIME_CTL] = {time_ctl_invoke, time_ctl_check_request},
	[ERIX_CAP_IRQ_CTL] = {irq_ctl_invoke, irq_ctl_check_request},
	[ERIX_CAP_IRQ] = {irq_ctl_invoke, irq_ctl_check_request}, /* ack, mask, ... on the line */
	[ERIX_CAP_PAGER_CTL] = {pager_ctl_invoke, pager_ctl_check_request},
	[ERIX_CAP_PROC_CTL] = {proc_ctl_invoke, proc_ctl_check_request},
	[ERIX_CAP_VSPACE_CTL] = {vspace_ctl_invoke, vspace_ctl_check_request},
	[ERIX_CAP_RETYPE_CTL] = {retype_ctl_invoke, retype_ctl_check_request},
	[ERIX_CAP_HOTPLUG] = {hotplug_invoke, hotplug_check_request},
};

bool invoke_is_kernel_object(uint8_t kind)
{
	return kind < ARRAY_SIZE(families) && families[kind].dispatch;
}

/* Copy the message out of the IPC buffer; false when its counts are out of bounds. */
static bool take_request(const struct erix_msg *buffer, struct erix_msg *request)
{
	uint32_t length = buffer->length, caps = buffer->cap_count;
	if (length > ERIX_MSG_MAX_BYTES || caps > ERIX_MSG_MAX_CAPS)
		return false;
	request->length = length;
	request->cap_count = caps;
	memcpy(request->caps, buffer->caps, sizeof(request->caps));
	memcpy(request->bytes, buffer->bytes, length);
	return true;
}

/* Report each named capability's kind and rights as the caller really holds it. */
static void resolve_caps(struct thread *t, struct erix_msg *request, struct invocation *inv)
{
	for (uint32_t i = 0; i < ERIX_MSG_MAX_CAPS; i++) {
		struct cap *c =
			i < request->cap_count ? thread_lookup(t, request->caps[i].slot) : NULL;
		inv->caps[i] = c && !cap_is_empty(c) ? c : NULL;
		request->caps[i].kind = inv->caps[i] ? c->kind : 0;
		request->caps[i].rights = inv->caps[i] ? c->rights : 0;
		request->caps[i].reserved = 0;
	}
}

/* Copy the reply into the IPC buffer; capabilities it names are already in the caller's slots. */
static void give_reply(struct thread *t, struct erix_msg *buffer, const struct erix_msg *reply)
{
	buffer->length = reply->length;
	buffer->cap_count = reply->cap_count;
	for (uint32_t i = 0; i < reply->cap_count; i++) {
		const struct cap *c = thread_lookup(t, reply->caps[i].slot);
		buffer->caps[i] = (struct erix_cap_info){.slot = reply->caps[i].slot,
							 .kind = c ? c->kind : 0,
							 .rights = c ? c->rights : 0};
	}
	memcpy(buffer->bytes, reply->bytes, reply->length);
}

enum erix_status invoke_kernel_object(struct thread *t, struct cap *target)
{
	static struct erix_msg request, reply; /* one CPU, and the kernel is not reentrant */
	struct erix_msg *buffer = thread_ipc_buffer(t);
	if (!buffer)
		return ERIX_E_INVALID_ARGUMENT;
	if (!take_request(buffer, &request))
		return ERIX_E_PROTOCOL_ERROR;
	if (request.cap_count && !(target->rights & ERIX_RIGHT_GRANT))
		return ERIX_E_NO_PERMISSION; /* capabilities travel only with GRANT */
	struct invocation inv = {.caller = t, .target = target};
	resolve_caps(t, &request, &inv);
	const struct family *f = &families[target->kind];
	if (f->dispatch(&inv, &request, &reply)) {
		give_reply(t, buffer, &reply);
		return ERIX_OK;
	}
	/* A one-way message: the kernel takes none, so the call ends with the decoder's
	 * verdict in RAX, or not_supported for a well-formed one. */
	enum erix_status st = f->check(&request);
	return st == ERIX_OK ? ERIX_E_NOT_SUPPORTED : st;
}

struct cap *invoke_receive_slot(struct invocation *inv, erix_cptr_t *where)
{
	*where = thread_ipc_buffer(inv->caller)->receive[0];
	struct cap *dst = thread_lookup(inv->caller, *where);
	return dst && cap_is_empty(dst) ? dst : NULL;
}
