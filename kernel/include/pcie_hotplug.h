/*
 * PCI Express native hotplug: the kernel finds the hotplug-capable ports at
 * boot, takes their slot events by MSI on VECTOR_HOTPLUG, and reports the
 * devices that arrive and leave below them to the hotplug family.
 */
#ifndef ERIX_PCIE_HOTPLUG_H
#define ERIX_PCIE_HOTPLUG_H

#define VECTOR_HOTPLUG 0xe0 /* kernel-owned: every hotplug port's MSI or MSI-X message */

/* Find the hotplug ports, note what sits below them, and turn on their slot interrupts. */
void pcie_hotplug_init(void);

/* Handle VECTOR_HOTPLUG: take and clear every port's slot events. */
void pcie_hotplug_interrupt(void);

#endif
