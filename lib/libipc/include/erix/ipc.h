/*
 * lib/libipc: the user-space side of the EriX system-call ABI
 * (abi/erix/syscall.h) and the transport behind the generated client stubs.
 *
 * Every message travels in the thread's IPC buffer, a struct erix_msg at the
 * start of a page whose address the boot info gives; erix_ipc_init() (called
 * by crt0 before main) records it. Functions that take a struct erix_msg
 * accept either the IPC buffer itself (no copy) or a message elsewhere, which
 * is copied into the buffer before the system call (its header fields, its
 * cap_count capabilities and its length bytes) and out of it afterwards, and
 * must not overlap the buffer. Tasks have one thread for now, so the buffer is
 * a single per-task pointer.
 *
 * Each call returns the status the kernel put in RAX (an unknown value reads
 * as ERIX_E_PROTOCOL_ERROR); badges and notification bits come from RDX.
 */
#ifndef ERIX_IPC_H
#define ERIX_IPC_H

#include <erix/abi.h>
#include <erix/bootinfo.h>
#include <erix/syscall.h>
#include <stdbool.h>
#include <stdint.h>

/* Use buf (NULL: none) as this thread's IPC buffer. */
/* What a system call returns: RAX (a status) and RDX (a badge or bits). */
struct erix_sysret {
	enum erix_status status;
	uint64_t value;
};

/* Issue system call `nr` on capability slot `cap`, with the IPC buffer as it stands. */
struct erix_sysret erix_syscall(uint64_t nr, erix_cptr_t cap);

void erix_ipc_set_buffer(struct erix_msg *buf);

/* This thread's IPC buffer, or NULL before one is set. */
struct erix_msg *erix_ipc_buffer(void);

/*
 * Set the IPC buffer and the slot allocator (erix/slots.h) from a valid boot
 * info; ERIX_E_INVALID_ARGUMENT leaves both unchanged.
 */
enum erix_status erix_ipc_init(const struct erix_bootinfo *bi);

/*
 * Declared in erix/abi.h, for the generated stubs:
 * erix_ipc_call(endpoint, msg): send msg, block for the reply, which replaces msg.
 * erix_ipc_send(endpoint, msg): send msg, block until a receiver takes it; on a reply
 *   capability, answer its caller at once (a deferred reply, see README.md).
 */

/* Send msg only if a receiver is already waiting on endpoint. */
enum erix_status erix_nb_send(erix_cptr_t endpoint, const struct erix_msg *msg);

/*
 * Block for a message on endpoint into msg; *badge (if not NULL) is the sender's badge.
 * A receive (recv, poll, reply_recv) ended by the thread's bound notification instead
 * leaves msg->length = ERIX_MSG_SIGNALLED (erix_msg_signalled) and the bits in *badge.
 */
enum erix_status erix_recv(erix_cptr_t endpoint, struct erix_msg *msg, uint64_t *badge);

/* True when a receive into `msg` was ended by the bound notification, not a message. */
static inline bool erix_msg_signalled(const struct erix_msg *msg)
{
	return msg->length == ERIX_MSG_SIGNALLED;
}

/* erix_recv, but only if a sender is already waiting. */
enum erix_status erix_poll(erix_cptr_t endpoint, struct erix_msg *msg, uint64_t *badge);

/* Reply with msg to the last caller, then block for the next message on endpoint into msg. */
enum erix_status erix_reply_recv(erix_cptr_t endpoint, struct erix_msg *msg, uint64_t *badge);

/* Signal the notification. */
enum erix_status erix_signal(erix_cptr_t notification);

/* Block on the notification; *bits (if not NULL) gets the bits that were signalled. */
enum erix_status erix_wait(erix_cptr_t notification, uint64_t *bits);

/*
 * End the program with `code`: tell procd through the startup capability
 * "procd" when there is one; never returns. crt0 calls it when main returns.
 */
void erix_exit(const struct erix_bootinfo *bi, int code) __attribute__((noreturn));

/* Give up the rest of the time slice. */
void erix_yield(void);

/*
 * The capability the boot info names `name`, or NULL when bi is NULL, its
 * magic is wrong, or no capability has that name.
 */
const struct erix_bootinfo_cap *erix_cap_by_name(const struct erix_bootinfo *bi, const char *name);

/* The slot of the capability named `name`, or 0 (never a capability) when there is none. */
erix_cptr_t erix_slot_named(const struct erix_bootinfo *bi, const char *name);

#endif
