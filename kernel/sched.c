/*
 * The scheduler: one run queue per priority, round robin within a priority,
 * the highest non-empty priority first. A thread is in its queue exactly
 * when it is runnable, the running one included, which stays at the head of
 * its queue until the timer's tick (or a yield) moves it to the back. A
 * system call never gives the CPU away by itself; waking a thread of higher
 * priority does.
 */
#include "kernel.h"
#include "object/thread.h"

struct thread *current_thread;
static struct thread *heads[THREAD_PRIORITIES], *tails[THREAD_PRIORITIES];
static uint64_t nonempty[THREAD_PRIORITIES / 64]; /* bit p: heads[p] has a thread */

static void mark(unsigned p, bool has)
{
	if (has)
		nonempty[p / 64] |= 1ull << (p % 64);
	else
		nonempty[p / 64] &= ~(1ull << (p % 64));
}

static void enqueue(struct thread *t)
{
	if (t->queued)
		return;
	t->next = NULL;
	t->prev = tails[t->priority];
	if (t->prev)
		t->prev->next = t;
	else
		heads[t->priority] = t;
	tails[t->priority] = t;
	t->queued = 1;
	mark(t->priority, true);
}

static void dequeue(struct thread *t)
{
	if (!t->queued)
		return;
	if (t->prev)
		t->prev->next = t->next;
	else
		heads[t->priority] = t->next;
	if (t->next)
		t->next->prev = t->prev;
	else
		tails[t->priority] = t->prev;
	t->next = t->prev = NULL;
	t->queued = 0;
	mark(t->priority, heads[t->priority] != NULL);
}

void sched_make_runnable_first(struct thread *t)
{
	t->state = THREAD_RUNNABLE;
	if (t->queued)
		return;
	unsigned p = t->priority;
	t->prev = NULL;
	t->next = heads[p];
	if (heads[p])
		heads[p]->prev = t;
	else
		tails[p] = t;
	heads[p] = t;
	t->queued = 1;
	mark(p, true);
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
	for (int w = THREAD_PRIORITIES / 64 - 1; w >= 0; w--)
		if (nonempty[w])
			return heads[w * 64 + 63 - __builtin_clzll(nonempty[w])];
	return NULL;
}

void sched_rotate(struct thread *t)
{
	if (t && t->queued && t->next) {
		dequeue(t);
		enqueue(t);
	}
}
