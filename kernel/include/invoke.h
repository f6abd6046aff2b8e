/*
 * Invoking kernel objects. A call on a capability to a kernel-control family
 * is a message like any other: the kernel copies it out of the caller's IPC
 * buffer, reports the kind and rights of each capability it names (looked
 * up in the caller's capability space), and hands it to that family's
 * generated dispatch function; the reply goes back into the IPC buffer.
 * Dispatch is by the kind of the invoked object, never by slot number.
 */
#ifndef ERIX_INVOKE_H
#define ERIX_INVOKE_H

#include "object/thread.h"

/* What a family handler gets as its `ctx`. */
struct invocation {
	struct thread *caller;
	struct cap *target;
	struct cap *caps[ERIX_MSG_MAX_CAPS]; /* as named in the message; NULL for empty slots */
};

typedef bool (*family_dispatch)(struct invocation *inv, const struct erix_msg *request,
				struct erix_msg *reply);

/*
 * The empty slot the caller named in its receive[0] for a capability the
 * reply hands out, naming it in *where; NULL when that slot is missing or full.
 */
struct cap *invoke_receive_slot(struct invocation *inv, erix_cptr_t *where);

/* True when capabilities of `kind` are invoked in the kernel. */
bool invoke_is_kernel_object(uint8_t kind);

/* Perform the call in t's IPC buffer on the kernel object `target`; the status is the transport's.
 */
enum erix_status invoke_kernel_object(struct thread *t, struct cap *target);

/* The families (kernel/family/), and the cnode object's own operations. */
bool cnode_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply);
bool acpi_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		     struct erix_msg *reply);
bool com1_io_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply);
bool i8042_io_invoke(struct invocation *inv, const struct erix_msg *request,
		     struct erix_msg *reply);
bool pci_cfg_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply);
bool irq_ctl_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply);
bool pager_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		      struct erix_msg *reply);
bool proc_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		     struct erix_msg *reply);
bool time_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		     struct erix_msg *reply);
bool vspace_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		       struct erix_msg *reply);
bool console_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
			struct erix_msg *reply);
bool retype_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		       struct erix_msg *reply);
bool hotplug_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply);

#endif
