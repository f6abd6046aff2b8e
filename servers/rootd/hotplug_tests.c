/*
 * rootd's hotplug test mode (erix.test=hotplug), run on a machine with two
 * hotplug-capable PCI Express root ports: rp1 (MSI-X) and rp2 (MSI). The
 * test subscribes to the hotplug family, then asks the QEMU harness for a
 * change by printing a line "hotplug-test: STEP"; the harness answers with
 * a monitor command (device_add or device_del, tests/meson.build). rootd
 * waits on its notification (a timer on the same notification bounds the
 * wait) and checks the event against configuration space read through
 * pci_cfg. Results are TAP lines of their own numbering.
 */
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <hotplug.h>
#include <pci_cfg.h>
#include <string.h>
#include <time_ctl.h>

#include "rootd.h"

#define EVENT_BIT     1
#define TIMEOUT_BIT   2
#define WAIT_NS       20000000000ull
#define E1000E_VENDOR 0x8086
#define E1000E_DEVICE 0x10d3
#define CLASS_NETWORK 0x02

static enum erix_status next_event(struct rootd *r, struct hotplug_next_event_rep *rep)
{
	struct hotplug_next_event_req req = {0};
	memset(rep, 0, sizeof(*rep));
	return hotplug_next_event(r->hotplug, ipc(), &req, rep);
}

static enum erix_status subscribe(struct rootd *r, uint64_t bits, uint32_t target,
				  uint64_t *next_sequence)
{
	struct hotplug_subscribe_req req = {.signal_bits = bits, .target = target};
	struct hotplug_subscribe_rep rep = {0};
	enum erix_status st = hotplug_subscribe(r->hotplug, ipc(), &req, &rep);
	*next_sequence = rep.next_sequence;
	return st;
}

static enum erix_status unsubscribe(struct rootd *r)
{
	struct hotplug_unsubscribe_req req = {0};
	struct hotplug_unsubscribe_rep rep;
	return hotplug_unsubscribe(r->hotplug, ipc(), &req, &rep);
}

/* Ask the harness for `step`, and wait for the notification; false on the timeout. */
static bool request_and_wait(struct rootd *r, uint32_t n, const char *step)
{
	struct time_ctl_now_req nreq = {0};
	struct time_ctl_now_rep now = {0};
	time_ctl_now(r->time, ipc(), &nreq, &now);
	struct time_ctl_arm_req arm = {
		.deadline_ns = now.monotonic_ns + WAIT_NS, .signal_bits = TIMEOUT_BIT, .target = n};
	struct time_ctl_arm_rep arep;
	time_ctl_arm(r->time, ipc(), &arm, &arep);
	rootd_logf(r, "hotplug-test: %s\n", step);
	uint64_t bits = 0;
	erix_wait(n, &bits);
	struct time_ctl_cancel_req cancel = {.target = n};
	struct time_ctl_cancel_rep crep;
	time_ctl_cancel(r->time, ipc(), &cancel, &crep);
	return bits & EVENT_BIT;
}

/* The vendor and device id word at bus/0/0 through pci_cfg, or 0 when nothing answers there. */
static uint32_t ids_at(struct rootd *r, uint8_t bus)
{
	struct pci_cfg_read32_req req = {.address = {.bus_number = bus}, .offset = 0};
	struct pci_cfg_read32_rep rep = {0};
	return pci_cfg_read32(r->pci, ipc(), &req, &rep) == ERIX_OK ? rep.value : 0;
}

/* Event `e` is `kind` for an e1000e at function 0 of device 0 with the given sequence. */
static bool is_e1000e(const struct hotplug_hotplug_event *e, uint8_t kind, uint64_t sequence)
{
	return e->kind == kind && e->bus_type == HOTPLUG_BUS_KIND_PCI && e->sequence == sequence &&
	       e->segment == 0 && e->bus_number != 0 && e->device_number == 0 &&
	       e->function_number == 0 && e->vendor_id == E1000E_VENDOR &&
	       e->product_id == E1000E_DEVICE && e->class_code == CLASS_NETWORK;
}

/* Plug an e1000e into `port` and pull it out, checking both events; answers its bus. */
static uint8_t add_and_remove(struct rootd *r, uint32_t n, const char *port, uint64_t sequence)
{
	char step[32], name[96];
	struct hotplug_next_event_rep rep;
	erix_snprintf(step, sizeof(step), "add %s", port);
	bool signalled = request_and_wait(r, n, step);
	erix_snprintf(name, sizeof(name), "device_add on %s signals the notification", port);
	rootd_check(signalled, name);
	bool ok = next_event(r, &rep) == ERIX_OK && rep.pending == 0 && rep.dropped == 0;
	uint8_t bus = rep.event.bus_number;
	erix_snprintf(name, sizeof(name),
		      "%s: device_added, bus %u device 0 function 0, 8086:10d3 network, sequence",
		      port, bus);
	rootd_check(ok && is_e1000e(&rep.event, HOTPLUG_EVENT_KIND_DEVICE_ADDED, sequence), name);
	rootd_check(ids_at(r, bus) == (E1000E_DEVICE << 16 | E1000E_VENDOR),
		    "pci_cfg reads the same ids at the event's address");
	erix_snprintf(step, sizeof(step), "remove %s", port);
	signalled = request_and_wait(r, n, step);
	erix_snprintf(name, sizeof(name), "device_del on %s signals the notification", port);
	rootd_check(signalled, name);
	ok = next_event(r, &rep) == ERIX_OK && rep.pending == 0 && rep.dropped == 0;
	erix_snprintf(name, sizeof(name), "%s: device_removed with the ids last seen present",
		      port);
	rootd_check(ok && is_e1000e(&rep.event, HOTPLUG_EVENT_KIND_DEVICE_REMOVED, sequence + 1) &&
			    rep.event.bus_number == bus,
		    name);
	rootd_check(ids_at(r, bus) == 0, "pci_cfg finds nothing at that address any more");
	return bus;
}

/* What is refused before any subscription, and a subscription's first answers. */
static void refusals(struct rootd *r, uint32_t n, uint64_t *sequence)
{
	struct hotplug_next_event_rep rep;
	rootd_check(next_event(r, &rep) == ERIX_E_NOT_FOUND,
		    "next_event without a subscription: not_found");
	rootd_check(unsubscribe(r) == ERIX_E_NOT_FOUND,
		    "unsubscribe without a subscription: not_found");
	rootd_check(subscribe(r, 0, n, sequence) == ERIX_E_INVALID_ARGUMENT,
		    "subscribe with signal_bits 0: invalid_argument");
	uint32_t ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	rootd_cover("hotplug.subscribe", COVER_AUTHORITY,
		    subscribe(r, EVENT_BIT, ep, sequence) == ERIX_E_BAD_CAPABILITY,
		    "subscribe with an endpoint for the notification: bad_capability");
	rootd_cover("hotplug.subscribe", COVER_POSITIVE,
		    subscribe(r, EVENT_BIT, n, sequence) == ERIX_OK, "subscribe");
	rootd_cover("hotplug.next_event", COVER_POSITIVE,
		    next_event(r, &rep) == ERIX_OK &&
			    rep.event.kind == HOTPLUG_EVENT_KIND_NO_EVENT && rep.pending == 0 &&
			    rep.dropped == 0 && rep.event.sequence == 0 && rep.event.vendor_id == 0,
		    "an empty queue answers no_event, all zero");
}

void rootd_run_hotplug_tests(struct rootd *r)
{
	rootd_tap_begin(r);
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	uint64_t sequence = 0, again = 0;
	refusals(r, n, &sequence);
	uint8_t bus1 = add_and_remove(r, n, "rp1", sequence);
	uint8_t bus2 = add_and_remove(r, n, "rp2", sequence + 2);
	rootd_check(bus1 != bus2, "the two ports' events name their own buses");
	bool signalled = request_and_wait(r, n, "add rp1 again");
	rootd_check(signalled && subscribe(r, EVENT_BIT, n, &again) == ERIX_OK &&
			    again == sequence + 5,
		    "subscribing again replies the next sequence");
	struct hotplug_next_event_rep rep;
	rootd_check(next_event(r, &rep) == ERIX_OK && rep.event.kind == HOTPLUG_EVENT_KIND_NO_EVENT,
		    "subscribing again discarded the queued event");
	rootd_cover("hotplug.unsubscribe", COVER_POSITIVE, unsubscribe(r) == ERIX_OK,
		    "unsubscribe");
	rootd_check(unsubscribe(r) == ERIX_E_NOT_FOUND, "unsubscribe again: not_found");
	rootd_tap_plan();
}
