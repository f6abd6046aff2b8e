/*
 * The hotplug event queue (family/hotplug.c): what the kernel's hotplug
 * detection (pcie_hotplug.c) reports, held for the one subscriber.
 */
#ifndef ERIX_HOTPLUG_QUEUE_H
#define ERIX_HOTPLUG_QUEUE_H

#include <stdint.h>

#include "hotplug.h"

/* Number `e` with the next sequence and queue it for the subscriber (dropped when none or full). */
void hotplug_queue_event(struct hotplug_hotplug_event *e);

/* End the subscription when it signals the notification at physical address `notification`. */
void hotplug_forget_notification(uint64_t notification);

#endif
