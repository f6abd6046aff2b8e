/* The server loop; see erix/serve.h. */
#include <cnode.h>
#include <erix/ipc.h>
#include <erix/serve.h>
#include <erix/slots.h>

static erix_cptr_t receive_slots[ERIX_MSG_MAX_CAPS]; /* 0: taken by a handler, refill */

/* Name the receive slots in `msg` (which reply_recv loads) and in the IPC buffer (which recv uses).
 */
static void arm(struct erix_msg *msg)
{
	for (uint32_t i = 0; i < ERIX_MSG_MAX_CAPS; i++) {
		if (receive_slots[i] == 0)
			receive_slots[i] = erix_slot_alloc();
		msg->receive[i] = erix_ipc_buffer()->receive[i] = receive_slots[i];
	}
}

erix_cptr_t erix_serve_keep(erix_cptr_t slot)
{
	for (uint32_t i = 0; i < ERIX_MSG_MAX_CAPS; i++)
		if (slot != 0 && receive_slots[i] == slot) {
			receive_slots[i] = 0;
			return slot;
		}
	return 0;
}

/* Delete what arrived with `msg` and was not kept. */
static void drop(erix_cptr_t cnode, const struct erix_msg *msg)
{
	for (uint32_t i = 0; i < msg->cap_count && i < ERIX_MSG_MAX_CAPS; i++)
		for (uint32_t j = 0; j < ERIX_MSG_MAX_CAPS; j++) {
			if (receive_slots[j] == 0 || receive_slots[j] != msg->caps[i].slot)
				continue;
			struct cnode_delete_req req = {.slot = receive_slots[j]};
			struct cnode_delete_rep rep;
			cnode_delete(cnode, erix_ipc_buffer(), &req, &rep);
		}
}

void erix_serve(erix_cptr_t endpoint, erix_cptr_t cnode, erix_serve_fn *handle, void *ctx)
{
	erix_serve_signals(endpoint, cnode, handle, NULL, ctx);
}

void erix_serve_signals(erix_cptr_t endpoint, erix_cptr_t cnode, erix_serve_fn *handle,
			erix_signal_fn *on_signal, void *ctx)
{
	static struct erix_msg first, second;
	struct erix_msg *request = &first, *reply = &second;
	uint64_t badge = 0;
	arm(request);
	enum erix_status st = erix_recv(endpoint, request, &badge);
	for (;;) {
		bool signal = st == ERIX_OK && erix_msg_signalled(request);
		if (signal && on_signal)
			on_signal(ctx, badge); /* the badge register holds the bits */
		bool message = st == ERIX_OK && !signal;
		bool answer = message && handle(ctx, badge, request, reply);
		if (message)
			drop(cnode, request);
		struct erix_msg *next = answer ? reply : request;
		arm(next);
		st = answer ? erix_reply_recv(endpoint, next, &badge)
			    : erix_recv(endpoint, next, &badge);
		if (answer) { /* the reply's room now holds the next request */
			reply = request;
			request = next;
		}
	}
}
