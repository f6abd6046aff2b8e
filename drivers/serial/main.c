/*
 * drv-serial: the console driver for COM1. It serves the console interface
 * (idl/console.idl) on its `service` endpoint and reaches the UART only
 * through its com1_io capability, interrupt driven: COM1's IRQ is bound to
 * its `interrupt` notification, received bytes are taken when it fires, and
 * output waits for the transmitter-empty interrupt instead of spinning.
 *
 * Received bytes wait in a raw queue until the line editor (line.c) takes
 * them; completed input is kept until read. The kernel keeps one reply right per thread,
 * so a read that blocks is answered from inside its handler: the driver
 * waits on its interrupt until input completes, and other calls queue on
 * the endpoint meanwhile.
 *
 * Badges: each badge has its own input mode, echo and listener (struct
 * client). There is one line editor, so the mode it edits in is the mode of
 * the badge that last read or set its mode. A listener gets input_ready,
 * sent without blocking (nb_send), when completed input waits unread; an
 * event no listener was receiving for is sent again later.
 *
 * The `interrupt` notification is bound to the driver's own thread
 * (proc_ctl bind_notification), so COM1's interrupt also ends the driver's
 * wait for requests: idle in its server loop, it takes input in, echoes it
 * and tells listeners as soon as it is typed (on_interrupt).
 */
#include <cnode.h>
#include <com1_io.h>
#include <console.h>
#include <erix/ipc.h>
#include <erix/serve.h>
#include <erix/slots.h>
#include <irq_ctl.h>
#include <proc_ctl.h>
#include <string.h>

#include "line.h"

#define IRQ_BIT      1ull
#define IER_RX       0x01 /* received data available */
#define IER_TX       0x02 /* transmitter holding register empty */
#define LSR_TX_EMPTY 0x20

#define CLIENTS 16

/* One badge's settings; a badge never seen has line mode with echo and no listener. */
struct client {
	uint64_t badge;
	bool used, raw, echo;
	bool told;            /* its listener has the event for the input now waiting */
	erix_cptr_t listener; /* 0: none */
};

struct serial {
	erix_cptr_t com1, interrupt, irq, service, cnode, thread, proc;
	uint64_t badge; /* of the request being handled */
	struct client clients[CLIENTS];
	unsigned next_evict; /* the entry a new badge takes when all are used */
	struct line_editor editor;
	bool editing;               /* edit_input is running (its echo may wait for the UART) */
	size_t raw_head, raw_count; /* bytes received, not yet through the line editor */
	uint8_t raw[1024];
};

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

static enum erix_status uart_set(struct serial *s, uint8_t reg, uint8_t value)
{
	struct com1_io_write_register_req req = {.reg = reg, .value = value};
	struct com1_io_write_register_rep rep;
	return com1_io_write_register(s->com1, ipc(), &req, &rep);
}

/* Echo from the line editor goes straight to the UART, best effort. */
static void echo_out(void *ctx, const uint8_t *bytes, size_t length);

/* Take every byte the UART holds into the raw queue (a full queue drops bytes). */
static void drain_input(struct serial *s)
{
	for (;;) {
		struct com1_io_read_fifo_req req = {.max_length = 16};
		struct com1_io_read_fifo_rep rep;
		if (com1_io_read_fifo(s->com1, ipc(), &req, &rep) != ERIX_OK || rep.data_len == 0)
			return;
		for (uint16_t i = 0; i < rep.data_len && s->raw_count < sizeof(s->raw); i++)
			s->raw[(s->raw_head + s->raw_count++) % sizeof(s->raw)] = rep.data[i];
	}
}

/*
 * Feed the raw queue through the line editor. Its echo may wait for the
 * transmitter, and that wait takes more input into the raw queue; the flag
 * keeps the editor from being entered again meanwhile.
 */
static void edit_input(struct serial *s)
{
	if (s->editing)
		return;
	s->editing = true;
	while (s->raw_count > 0) {
		uint8_t c = s->raw[s->raw_head];
		s->raw_head = (s->raw_head + 1) % sizeof(s->raw);
		s->raw_count--;
		line_input(&s->editor, &c, 1, echo_out, s);
	}
	s->editing = false;
}

/*
 * COM1 has interrupted: take the input it brought, and acknowledge it. The
 * line is edge-triggered and the UART holds its interrupt output up while
 * received data waits, so a byte that arrives between the first drain and
 * the acknowledgement would never raise a new edge: drain once more after it.
 */
static void take_interrupt(struct serial *s)
{
	drain_input(s);
	struct irq_ctl_ack_req req = {0};
	struct irq_ctl_ack_rep rep;
	irq_ctl_ack(s->irq, ipc(), &req, &rep);
	drain_input(s);
}

/* Wait for COM1's next interrupt and take it. */
static void await_interrupt(struct serial *s)
{
	uint64_t bits = 0;
	erix_wait(s->interrupt, &bits);
	take_interrupt(s);
}

/* Transmit `length` bytes as they are, waiting for the transmitter between chunks. */
static enum erix_status transmit(struct serial *s, const uint8_t *bytes, size_t length)
{
	while (length > 0) {
		struct com1_io_write_fifo_req req = {
			.data = bytes, .data_len = (uint16_t)(length < 16 ? length : 16)};
		struct com1_io_write_fifo_rep rep;
		enum erix_status st = com1_io_write_fifo(s->com1, ipc(), &req, &rep);
		if (st != ERIX_OK)
			return ERIX_E_IO_ERROR;
		if (rep.written == 0) { /* busy: sleep until it empties */
			uart_set(s, COM1_IO_UART_REGISTER_INTERRUPT_ENABLE, IER_RX | IER_TX);
			await_interrupt(s);
			uart_set(s, COM1_IO_UART_REGISTER_INTERRUPT_ENABLE, IER_RX);
			continue;
		}
		bytes += rep.written;
		length -= rep.written;
	}
	return ERIX_OK;
}

/* Write text, sending each '\n' as CR LF. */
static enum erix_status write_text(struct serial *s, const uint8_t *text, size_t length)
{
	size_t start = 0;
	for (size_t i = 0; i < length; i++) {
		if (text[i] != '\n')
			continue;
		enum erix_status st = transmit(s, text + start, i - start);
		if (st == ERIX_OK)
			st = transmit(s, (const uint8_t *)"\r\n", 2);
		if (st != ERIX_OK)
			return st;
		start = i + 1;
	}
	return transmit(s, text + start, length - start);
}

static void echo_out(void *ctx, const uint8_t *bytes, size_t length)
{
	write_text(ctx, bytes, length);
}

static enum erix_status on_write(void *ctx, const struct console_write_req *req,
				 struct console_write_rep *rep)
{
	enum erix_status st = write_text(ctx, req->data, req->data_len);
	rep->written = st == ERIX_OK ? req->data_len : 0;
	return st;
}

static void drop_slot(struct serial *s, erix_cptr_t slot)
{
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	if (slot != 0 && cnode_delete(s->cnode, ipc(), &req, &rep) == ERIX_OK)
		erix_slot_free(slot);
}

/* The current badge's entry, made when `make` (evicting another when all are used), or NULL. */
static struct client *client_of(struct serial *s, bool make)
{
	for (unsigned i = 0; i < CLIENTS; i++)
		if (s->clients[i].used && s->clients[i].badge == s->badge)
			return &s->clients[i];
	if (!make)
		return NULL;
	struct client *c = NULL;
	for (unsigned i = 0; i < CLIENTS && c == NULL; i++)
		if (!s->clients[i].used)
			c = &s->clients[i];
	if (c == NULL) {
		c = &s->clients[s->next_evict++ % CLIENTS];
		drop_slot(s, c->listener);
	}
	*c = (struct client){.badge = s->badge, .used = true, .echo = true};
	return c;
}

/* The line editor takes the current badge's mode and echo. */
static void use_mode(struct serial *s)
{
	const struct client *c = client_of(s, false);
	line_set_mode(&s->editor, c ? c->raw : false, c ? c->echo : true);
}

/* Take what input has arrived; tell every listener not yet told that input waits. */
static void notify_listeners(struct serial *s)
{
	drain_input(s);
	edit_input(s);
	for (unsigned i = 0; i < CLIENTS; i++) {
		struct client *c = &s->clients[i];
		if (!c->used || c->listener == 0)
			continue;
		if (s->editor.ready_count == 0) {
			c->told = false;
			continue;
		}
		struct console_input_ready_req ev = {.available = (uint32_t)s->editor.ready_count};
		if (!c->told && console_input_ready_req_encode(&ev, ipc()) == ERIX_OK)
			c->told = erix_nb_send(c->listener, ipc()) == ERIX_OK;
	}
}

static enum erix_status on_read(void *ctx, const struct console_read_req *req,
				struct console_read_rep *rep)
{
	static uint8_t data[256];
	struct serial *s = ctx;
	if (req->max_length == 0 || req->max_length > sizeof(data))
		return ERIX_E_INVALID_ARGUMENT;
	size_t n;
	use_mode(s);
	edit_input(s);
	while ((n = line_take(&s->editor, data, req->max_length)) == 0) {
		if (!req->block)
			return ERIX_E_BUSY;
		await_interrupt(s);
		edit_input(s);
	}
	rep->data = data;
	rep->data_len = (uint16_t)n;
	return ERIX_OK;
}

static enum erix_status on_set_mode(void *ctx, const struct console_set_mode_req *req,
				    struct console_set_mode_rep *rep)
{
	(void)rep;
	struct serial *s = ctx;
	struct client *c = client_of(s, true);
	c->raw = req->mode == CONSOLE_CONSOLE_MODE_RAW;
	c->echo = req->echo;
	use_mode(s);
	return ERIX_OK;
}

static enum erix_status on_info(void *ctx, const struct console_info_req *req,
				struct console_info_rep *rep)
{
	(void)req;
	struct serial *s = ctx;
	rep->columns = 0; /* a serial line does not say */
	rep->rows = 0;
	const struct client *c = client_of(s, false);
	rep->mode = c && c->raw ? CONSOLE_CONSOLE_MODE_RAW : CONSOLE_CONSOLE_MODE_LINE;
	rep->echo = c ? c->echo : true;
	return ERIX_OK;
}

/* Keep `listener` as this badge's, replacing (and deleting) the one before. */
static enum erix_status on_listen(void *ctx, const struct console_listen_req *req,
				  struct console_listen_rep *rep)
{
	(void)rep;
	struct serial *s = ctx;
	struct client *c = client_of(s, true);
	drop_slot(s, c->listener);
	c->listener = erix_serve_keep(req->listener);
	c->told = false;
	return c->listener ? ERIX_OK : ERIX_E_NO_MEMORY;
}

static const struct console_server server = {
	.write = on_write,
	.read = on_read,
	.set_mode = on_set_mode,
	.info = on_info,
	.listen = on_listen,
};

/*
 * Bind `interrupt` to the driver's thread, program the UART for interrupts
 * and bind its IRQ; false on failure.
 */
static bool setup(struct serial *s)
{
	struct proc_ctl_bind_notification_req bind = {.thread = s->thread,
						      .notification = s->interrupt};
	struct proc_ctl_bind_notification_rep bound;
	if (proc_ctl_bind_notification(s->proc, ipc(), &bind, &bound) != ERIX_OK)
		return false;
	s->irq = erix_slot_alloc();
	struct com1_io_bind_irq_req req = {.signal_bits = IRQ_BIT, .target = s->interrupt};
	struct com1_io_bind_irq_rep rep;
	ipc()->receive[0] = s->irq;
	if (s->irq == 0 || com1_io_bind_irq(s->com1, ipc(), &req, &rep) != ERIX_OK)
		return false;
	/*
	 * FIFO on with the transmit side cleared and the receive side kept (what
	 * was typed while no driver ran), interrupt at 1 byte; OUT2 gates the IRQ
	 * onto the bus. Input that arrived before the IRQ was bound raised no
	 * interrupt we saw: take it now.
	 */
	bool ok = uart_set(s, COM1_IO_UART_REGISTER_INTERRUPT_ID_FIFO, 0x05) == ERIX_OK &&
		  uart_set(s, COM1_IO_UART_REGISTER_MODEM_CONTROL, 0x0b) == ERIX_OK &&
		  uart_set(s, COM1_IO_UART_REGISTER_INTERRUPT_ENABLE, IER_RX) == ERIX_OK;
	if (ok)
		drain_input(s);
	return ok;
}

/* One request: the console interface. */
static bool handle(void *ctx, uint64_t badge, const struct erix_msg *request,
		   struct erix_msg *reply)
{
	struct serial *s = ctx;
	s->badge = badge;
	bool answer = console_dispatch(&server, ctx, request, reply);
	notify_listeners(s);
	return answer;
}

/* COM1 interrupted while the driver waited for requests: take the input, echo it, tell listeners.
 */
static void on_interrupt(void *ctx, uint64_t bits)
{
	struct serial *s = ctx;
	(void)bits; /* only COM1 signals `interrupt` outside a wait for the transmitter */
	take_interrupt(s);
	notify_listeners(s);
}

int main(const struct erix_bootinfo *bi)
{
	static struct serial s;
	s.com1 = erix_slot_named(bi, "com1");
	s.interrupt = erix_slot_named(bi, "interrupt");
	s.service = erix_slot_named(bi, "service");
	s.cnode = erix_slot_named(bi, "cnode");
	s.thread = erix_slot_named(bi, "thread");
	s.proc = erix_slot_named(bi, "proc");
	line_init(&s.editor);
	if (s.com1 == 0 || s.interrupt == 0 || s.service == 0 || s.cnode == 0 || s.thread == 0 ||
	    s.proc == 0 || !setup(&s))
		return 1;
	erix_serve_signals(s.service, s.cnode, handle, on_interrupt, &s);
}
