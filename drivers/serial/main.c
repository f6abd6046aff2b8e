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
 */
#include <com1_io.h>
#include <console.h>
#include <erix/ipc.h>
#include <erix/serve.h>
#include <erix/slots.h>
#include <irq_ctl.h>
#include <string.h>

#include "line.h"

#define IRQ_BIT      1ull
#define IER_RX       0x01 /* received data available */
#define IER_TX       0x02 /* transmitter holding register empty */
#define LSR_TX_EMPTY 0x20

struct serial {
	erix_cptr_t com1, interrupt, irq, service, cnode;
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
 * Wait for COM1's next interrupt, take the input it brought, and acknowledge
 * it. The line is edge-triggered and the UART holds its interrupt output up
 * while received data waits, so a byte that arrives between the first drain
 * and the acknowledgement would never raise a new edge: drain once more
 * after it.
 */
static void await_interrupt(struct serial *s)
{
	uint64_t bits = 0;
	erix_wait(s->interrupt, &bits);
	drain_input(s);
	struct irq_ctl_ack_req req = {0};
	struct irq_ctl_ack_rep rep;
	irq_ctl_ack(s->irq, ipc(), &req, &rep);
	drain_input(s);
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

static enum erix_status on_read(void *ctx, const struct console_read_req *req,
				struct console_read_rep *rep)
{
	static uint8_t data[256];
	struct serial *s = ctx;
	if (req->max_length == 0 || req->max_length > sizeof(data))
		return ERIX_E_INVALID_ARGUMENT;
	size_t n;
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
	line_set_mode(&s->editor, req->mode == CONSOLE_CONSOLE_MODE_RAW, req->echo);
	return ERIX_OK;
}

static enum erix_status on_info(void *ctx, const struct console_info_req *req,
				struct console_info_rep *rep)
{
	(void)req;
	struct serial *s = ctx;
	rep->columns = 0; /* a serial line does not say */
	rep->rows = 0;
	rep->mode = s->editor.raw ? CONSOLE_CONSOLE_MODE_RAW : CONSOLE_CONSOLE_MODE_LINE;
	rep->echo = s->editor.echo;
	return ERIX_OK;
}

static const struct console_server server = {
	.write = on_write,
	.read = on_read,
	.set_mode = on_set_mode,
	.info = on_info,
};

/* Program the UART for interrupts and bind its IRQ; false (after a log line) on failure. */
static bool setup(struct serial *s)
{
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
	(void)badge; /* mode and echo are one setting for every badge */
	return console_dispatch(&server, ctx, request, reply);
}

static erix_cptr_t slot_named(const struct erix_bootinfo *bi, const char *name)
{
	const struct erix_bootinfo_cap *c = erix_cap_by_name(bi, name);
	return c ? c->slot : 0;
}

int main(const struct erix_bootinfo *bi)
{
	static struct serial s;
	s.com1 = slot_named(bi, "com1");
	s.interrupt = slot_named(bi, "interrupt");
	s.service = slot_named(bi, "service");
	s.cnode = slot_named(bi, "cnode");
	line_init(&s.editor);
	if (s.com1 == 0 || s.interrupt == 0 || s.service == 0 || s.cnode == 0 || !setup(&s))
		return 1;
	erix_serve(s.service, s.cnode, handle, &s);
}
