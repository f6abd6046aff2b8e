/*
 * Endpoints: synchronous IPC. A send meets a receive (whichever comes first
 * waits in the endpoint's queue); the message is copied from the sender's
 * IPC buffer to the receiver's, with the badge of the sender's capability.
 * Capabilities in the message are copied (derived) into the slots the
 * receiver listed in its buffer's `receive`, and only if the sender's
 * endpoint capability holds GRANT. A call also gives the receiver a one-shot
 * right to reply, kept in the receiver's thread object.
 *
 * The receiver may move that right into a slot as a reply capability
 * (cnode save_reply), and take further calls while the caller waits. The
 * capability names the caller's thread object, and the caller points back at
 * the slot (cap_move keeps that pointer right), so each side can end the
 * other: a send on the capability answers the caller and empties the slot;
 * deleting it unused wakes the caller with interrupted; a caller that is
 * suspended or destroyed first empties the slot.
 */
#ifndef ERIX_OBJECT_ENDPOINT_H
#define ERIX_OBJECT_ENDPOINT_H

#include "thread.h"

struct endpoint {
	struct thread *senders, *last_sender;
	struct thread *receivers, *last_receiver;
};

/* Send (or call) t's message on `ep`; `block` false for nb_send (busy when nobody waits). */
enum erix_status endpoint_send(struct cap *ep, struct thread *t, bool call, bool block);

/* Receive on `ep` into t's buffer; `block` false for poll (busy when nobody waits). */
enum erix_status endpoint_receive(struct cap *ep, struct thread *t, bool block);

/* Reply to the caller t owes a reply, if any; false when there was none. */
bool endpoint_reply(struct thread *t);

/* Move t's reply right into the empty `slot` as a reply capability; not_found without one. */
enum erix_status endpoint_save_reply(struct thread *t, struct cap *slot);

/* Answer the caller of the reply capability `reply` with t's message (checked as a send). */
enum erix_status endpoint_answer(struct cap *reply, struct thread *t);

/* The reply capability `last` is gone: its caller, if it still waits, wakes interrupted. */
void endpoint_reply_destroy(struct cap *last);

/* Copy capabilities `src[0..count)` into the slots `to` listed; returns how many landed. */
uint32_t transfer_caps(struct thread *to, struct erix_msg *dst, struct cap *const *src,
		       uint32_t count);

void endpoint_destroy(struct cap *last);

/*
 * The fast path for CALL and REPLY_RECV in their common cases: performs the
 * system call and returns the thread to run next, or NULL when the general
 * path must handle it (nothing has changed then).
 */
struct thread *endpoint_fastpath(struct thread *t);

/*
 * Wake `t` with `bits` from its bound notification if it is blocked
 * receiving (it leaves the receiver queue); false, changing nothing, if not.
 */
bool endpoint_wake_receiver(struct thread *t, uint64_t bits);

/* Undo whatever IPC state involves `t` (it is being destroyed). */
void endpoint_forget_thread(struct thread *t);

#endif
