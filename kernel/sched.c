/*
 * The scheduler: one run queue per priority, round robin within a priority,
 * the highest non-empty priority first. A thread is in its queue exactly
 * when it is runnable, the running one included; picking a thread moves it
 * to the back of its queue, so a yield needs nothing more.
 */
#include "kernel.h"
#include "object/thread.h"

struct thread *current_thread;
static struct thread *heads[THREAD_PRIORITIES], *tails[THREAD_PRIORITIES];

static void enqueue(struct thread *t)
{
	if (t->queued)
		return;
	t->next = NULL;
	if (tails[t->priority])
		tails[t->priority]->next = t;
	else
		heads[t->priority] = t;
	tails[t->priority] = t;
	t->queued = 1;
}

static void dequeue(struct thread *t)
{
	if (!t->queued)
		return;
	struct thread **link = &heads[t->priority], *prev = NULL;
	while (*link && *link != t) {
		prev = *link;
		link = &(*link)->next;
	}
	if (*link)
		*link = t->next;
	if (tails[t->priority] == t)
		tails[t->priority] = prev;
	t->next = NULL;
	t->queued = 0;
}

void sched_make_runnable(struct thread *t)
{
	t->state = THREAD_RUNNABLE;
	enqueue(t);
}

void sched_block(struct thread *t, enum thread_state why)
{
	t->state = (uint8_t)why;
	dequeue(t);
}

struct thread *sched_pick(void)
{
	for (int p = THREAD_PRIORITIES - 1; p >= 0; p--) {
		struct thread *t = heads[p];
		if (t) {
			dequeue(t);
			enqueue(t); /* to the back: round robin */
			return t;
		}
	}
	return NULL;
}
