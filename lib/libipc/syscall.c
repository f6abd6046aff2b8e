/*
 * System calls and the IPC transport (see erix/ipc.h and erix/syscall.h).
 *
 * One inline-asm primitive issues every system call: RAX = the number and
 * RDI = the capability slot go in; RAX = the status and RDX = the badge or
 * notification bits come out; `syscall` clobbers RCX and R11, and the
 * "memory" clobber makes the compiler write the IPC buffer before the call
 * and read it afresh after, since the kernel reads and writes it behind the
 * compiler's back. The message functions around it copy a caller's message
 * into the IPC buffer and the answer back, bounded by the header fields so a
 * bad length can never overrun either side.
 */
#include <erix/ipc.h>
#include <string.h>

static struct erix_msg *ipc_buffer;

struct erix_sysret erix_syscall(uint64_t nr, erix_cptr_t cap)
{
	uint64_t rax = (uint64_t)nr, rdx;
	__asm__ volatile("syscall"
			 : "+a"(rax), "=d"(rdx)
			 : "D"((uint64_t)cap)
			 : "rcx", "r11", "cc", "memory");
	/* A status outside the common set is the kernel breaking the ABI. */
	enum erix_status st =
		rax < ERIX_STATUS_COUNT ? (enum erix_status)rax : ERIX_E_PROTOCOL_ERROR;
	return (struct erix_sysret){st, rdx};
}

void erix_ipc_set_buffer(struct erix_msg *buf)
{
	ipc_buffer = buf;
}

struct erix_msg *erix_ipc_buffer(void)
{
	return ipc_buffer;
}

/* Copy msg's header fields, capabilities and bytes into the IPC buffer ipc. */
static enum erix_status load(struct erix_msg *ipc, const struct erix_msg *msg)
{
	uint32_t length = msg->length, caps = msg->cap_count;
	if (length > ERIX_MSG_MAX_BYTES || caps > ERIX_MSG_MAX_CAPS)
		return ERIX_E_TOO_LARGE;
	if (msg == ipc)
		return ERIX_OK;
	ipc->length = length;
	ipc->cap_count = caps;
	memcpy(ipc->caps, msg->caps, caps * sizeof(msg->caps[0]));
	memcpy(ipc->receive, msg->receive, sizeof(msg->receive));
	memcpy(ipc->bytes, msg->bytes, length);
	return ERIX_OK;
}

/* Copy the message the kernel left in the IPC buffer ipc out to msg. */
static enum erix_status store(struct erix_msg *msg, const struct erix_msg *ipc)
{
	uint32_t length = ipc->length, caps = ipc->cap_count;
	if (length == ERIX_MSG_SIGNALLED && caps == 0) { /* a bound notification's wake-up */
		msg->length = length;
		msg->cap_count = 0;
		return ERIX_OK;
	}
	if (length > ERIX_MSG_MAX_BYTES || caps > ERIX_MSG_MAX_CAPS)
		return ERIX_E_PROTOCOL_ERROR;
	if (msg == ipc)
		return ERIX_OK;
	msg->length = length;
	msg->cap_count = caps;
	memcpy(msg->caps, ipc->caps, caps * sizeof(msg->caps[0]));
	memcpy(msg->bytes, ipc->bytes, length);
	return ERIX_OK;
}

/* Load in (if not NULL), issue nr on cap; on success store the answer in out (if not NULL). */
static enum erix_status transfer(enum erix_syscall nr, erix_cptr_t cap, const struct erix_msg *in,
				 struct erix_msg *out, uint64_t *value)
{
	struct erix_msg *ipc = ipc_buffer;
	if (ipc == NULL)
		return ERIX_E_INVALID_ARGUMENT;
	if (in != NULL) {
		enum erix_status st = load(ipc, in);
		if (st != ERIX_OK)
			return st;
	}
	struct erix_sysret r = erix_syscall(nr, cap);
	if (r.status != ERIX_OK)
		return r.status;
	if (value != NULL)
		*value = r.value;
	return out != NULL ? store(out, ipc) : ERIX_OK;
}

enum erix_status erix_ipc_call(erix_cptr_t endpoint, struct erix_msg *msg)
{
	if (msg == NULL)
		return ERIX_E_INVALID_ARGUMENT;
	return transfer(ERIX_SYS_CALL, endpoint, msg, msg, NULL);
}

enum erix_status erix_ipc_send(erix_cptr_t endpoint, const struct erix_msg *msg)
{
	if (msg == NULL)
		return ERIX_E_INVALID_ARGUMENT;
	return transfer(ERIX_SYS_SEND, endpoint, msg, NULL, NULL);
}

enum erix_status erix_nb_send(erix_cptr_t endpoint, const struct erix_msg *msg)
{
	if (msg == NULL)
		return ERIX_E_INVALID_ARGUMENT;
	return transfer(ERIX_SYS_NB_SEND, endpoint, msg, NULL, NULL);
}

enum erix_status erix_recv(erix_cptr_t endpoint, struct erix_msg *msg, uint64_t *badge)
{
	if (msg == NULL)
		return ERIX_E_INVALID_ARGUMENT;
	return transfer(ERIX_SYS_RECV, endpoint, NULL, msg, badge);
}

enum erix_status erix_poll(erix_cptr_t endpoint, struct erix_msg *msg, uint64_t *badge)
{
	if (msg == NULL)
		return ERIX_E_INVALID_ARGUMENT;
	return transfer(ERIX_SYS_POLL, endpoint, NULL, msg, badge);
}

enum erix_status erix_reply_recv(erix_cptr_t endpoint, struct erix_msg *msg, uint64_t *badge)
{
	if (msg == NULL)
		return ERIX_E_INVALID_ARGUMENT;
	return transfer(ERIX_SYS_REPLY_RECV, endpoint, msg, msg, badge);
}

enum erix_status erix_signal(erix_cptr_t notification)
{
	return erix_syscall(ERIX_SYS_SIGNAL, notification).status;
}

enum erix_status erix_wait(erix_cptr_t notification, uint64_t *bits)
{
	struct erix_sysret r = erix_syscall(ERIX_SYS_WAIT, notification);
	if (r.status == ERIX_OK && bits != NULL)
		*bits = r.value;
	return r.status;
}

void erix_yield(void)
{
	(void)erix_syscall(ERIX_SYS_YIELD, 0);
}
