/*
 * The server loop every EriX server runs: receive a request, hand it to the
 * server's handler (usually the generated NAME_dispatch), send the reply the
 * handler encoded, and receive the next one, for ever.
 *
 * Requests are kept outside the IPC buffer, so a handler may make calls of
 * its own. Capabilities sent with a request land in receive slots the loop
 * keeps ready; a handler that wants one calls erix_serve_keep(), and the
 * loop deletes every other one once the handler returns, so a client can
 * never fill the server's cnode.
 *
 * A server whose thread has a bound notification (proc_ctl
 * bind_notification) runs erix_serve_signals: a signal that ends its wait
 * for a request is handed to `on_signal` with the bits, and the loop goes
 * back to waiting (no reply is owed then).
 */
#ifndef ERIX_SERVE_H
#define ERIX_SERVE_H

#include <erix/abi.h>
#include <stdbool.h>
#include <stdint.h>

/* Handle one request (sent with `badge`); true when `reply` holds a reply to send. */
typedef bool erix_serve_fn(void *ctx, uint64_t badge, const struct erix_msg *request,
			   struct erix_msg *reply);

/*
 * Serve `endpoint` for ever with `handle`; `cnode` is the server's own
 * cnode, where unkept capabilities are deleted.
 */
void erix_serve(erix_cptr_t endpoint, erix_cptr_t cnode, erix_serve_fn *handle, void *ctx)
	__attribute__((noreturn));

/* Handle a wake-up by the thread's bound notification; `bits` are the notification's. */
typedef void erix_signal_fn(void *ctx, uint64_t bits);

/* erix_serve, handing wake-ups by the bound notification to `on_signal` (NULL: ignore them). */
void erix_serve_signals(erix_cptr_t endpoint, erix_cptr_t cnode, erix_serve_fn *handle,
			erix_signal_fn *on_signal, void *ctx) __attribute__((noreturn));

/* Keep the capability that arrived in `slot` (it stays there); `slot`, or 0 if none did. */
erix_cptr_t erix_serve_keep(erix_cptr_t slot);

#endif
