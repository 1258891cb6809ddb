/* Parallel worker processes for independent jobs (see worker_pool.h).
 *
 * The caller is worker 0 and forks the others once. Workers take job numbers from
 * one counter in shared memory, so a long job (a world overview takes several times
 * a province map) never holds up the rest, and each process keeps the caches it has
 * warmed (fonts, projections) from one job to the next. Each job's outcome and
 * message go to its own slot in that shared memory; a worker that dies leaves its
 * job marked as taken by it, which the caller reads from the exit status. */
#define _GNU_SOURCE
#include "worker_pool.h"
#include "incmap/threads.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { JOB_WAITING, JOB_TAKEN, JOB_DONE, JOB_FAILED, JOB_REPORTED };

typedef struct job_slot {
    atomic_int state;
    int worker;           /* who took it */
    char message[480];    /* why it failed */
} job_slot;

typedef struct shared_state {
    atomic_size_t next;   /* the next job to take */
    atomic_bool stop;     /* a job failed: take no more */
    job_slot jobs[];
} shared_state;

int worker_pool_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Take and run jobs until none are left or one has failed anywhere. The caller's
 * `done` is told of its own jobs as they end (workers != 0 pass NULL). */
static void work(shared_state *sh, size_t n, int worker, worker_job_fn job,
                 worker_done_fn done, void *arg)
{
    while (!atomic_load(&sh->stop)) {
        size_t i = atomic_fetch_add(&sh->next, 1);
        if (i >= n)
            return;
        job_slot *slot = &sh->jobs[i];
        slot->worker = worker;
        atomic_store(&slot->state, JOB_TAKEN);
        bool ok = job(i, arg, slot->message, sizeof slot->message);
        slot->message[sizeof slot->message - 1] = 0;
        atomic_store(&slot->state, ok ? JOB_DONE : JOB_FAILED);
        if (!ok) {
            atomic_store(&sh->stop, true);
            return;
        }
        if (done) {
            atomic_store(&slot->state, JOB_REPORTED);
            done(i, arg);
        }
    }
}

/* Tell the caller of the other workers' finished jobs, in the order they are found. */
static void report_done(shared_state *sh, size_t n, worker_done_fn done, void *arg)
{
    for (size_t i = 0; i < n && done; i++) {
        int want = JOB_DONE;
        if (atomic_compare_exchange_strong(&sh->jobs[i].state, &want, JOB_REPORTED))
            done(i, arg);
    }
}

struct worker_pool {
    shared_state *sh;
    size_t size, n;
    bool mapped;
    int workers;
    pid_t *pids;
    worker_job_fn job;
    void *arg;
};

worker_pool *worker_pool_start(size_t n, int workers, worker_job_fn job, void *arg)
{
    worker_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = n;
    p->job = job;
    p->arg = arg;
    p->size = sizeof(shared_state) + n * sizeof(job_slot);
    p->sh = mmap(NULL, p->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    p->mapped = p->sh != MAP_FAILED;
    if (!p->mapped) {
        p->sh = calloc(1, p->size); /* no sharing possible: all jobs in the caller */
        workers = 1;
        if (!p->sh) {
            free(p);
            return NULL;
        }
    }
    atomic_init(&p->sh->next, 0);
    atomic_init(&p->sh->stop, false);
    for (size_t i = 0; i < n; i++)
        atomic_init(&p->sh->jobs[i].state, JOB_WAITING);
    if ((size_t)workers > n)
        workers = (int)n;
    /* Forking copies only the calling thread, so a lock another thread holds would
     * stay held in the child for ever: wait out libraries' helper threads first. */
    if (workers > 1 && !im_wait_single_threaded(500))
        workers = 1;
    p->pids = calloc((size_t)(workers > 1 ? workers : 1), sizeof *p->pids);
    p->workers = p->pids ? workers : 1;
    if (p->workers > 1)
        fflush(NULL); /* nothing buffered may be written twice */
    for (int w = 1; w < p->workers; w++) {
        pid_t pid = fork();
        if (pid == 0) {
            work(p->sh, n, w, job, NULL, arg);
            /* _exit: the caller's atexit handlers and stdio buffers are the caller's */
            _exit(0);
        }
        p->pids[w] = pid > 0 ? pid : 0; /* no process to spare: fewer workers */
    }
    return p;
}

/* Wait for every worker; a job a dead worker held fails, naming the signal. */
static void reap(worker_pool *p, worker_done_fn done)
{
    for (int w = 1; w < p->workers; w++) {
        if (p->pids[w] <= 0)
            continue;
        int status;
        while (waitpid(p->pids[w], &status, 0) < 0 && errno == EINTR)
            continue;
        report_done(p->sh, p->n, done, p->arg);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            continue;
        /* it died, or something in it (a library, a checker) ended it with a failing
         * status: the job it held, else the last it ran, did not end well */
        job_slot *held = NULL;
        for (size_t i = 0; i < p->n; i++) {
            job_slot *slot = &p->sh->jobs[i];
            int state = atomic_load(&slot->state);
            if (slot->worker != w || state == JOB_WAITING || state == JOB_FAILED)
                continue;
            held = slot;   /* jobs are taken in order: the last one seen is its latest */
            if (state == JOB_TAKEN)
                break;
        }
        if (!held)
            continue;
        if (WIFSIGNALED(status))
            snprintf(held->message, sizeof held->message,
                     "the worker running it died of signal %d (%s)", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
        else
            snprintf(held->message, sizeof held->message,
                     "the worker that ran it exited with status %d", WEXITSTATUS(status));
        atomic_store(&held->state, JOB_FAILED);
    }
    report_done(p->sh, p->n, done, p->arg);
}

static void pool_free(worker_pool *p)
{
    free(p->pids);
    if (p->mapped)
        munmap(p->sh, p->size);
    else
        free(p->sh);
    free(p);
}

bool worker_pool_finish(worker_pool *p, worker_done_fn done, size_t *failed, char *err,
                        size_t err_len)
{
    *failed = 0;
    if (err_len)
        err[0] = 0;
    work(p->sh, p->n, 0, p->job, done, p->arg);
    reap(p, done);
    bool ok = true;
    for (size_t i = 0; i < p->n && ok; i++) {
        if (atomic_load(&p->sh->jobs[i].state) == JOB_FAILED) {
            *failed = i;
            snprintf(err, err_len, "%s", p->sh->jobs[i].message);
            ok = false;
        }
    }
    for (size_t i = 0; i < p->n && ok; i++) {
        int state = atomic_load(&p->sh->jobs[i].state);
        if (state != JOB_REPORTED && state != JOB_DONE) {   /* DONE: no `done` to tell */
            /* a worker went away without a signal and without saying why */
            *failed = i;
            snprintf(err, err_len, "it was left undone by a worker that exited");
            ok = false;
        }
    }
    pool_free(p);
    return ok;
}

void worker_pool_cancel(worker_pool *p)
{
    if (!p)
        return;
    atomic_store(&p->sh->stop, true);
    reap(p, NULL);
    pool_free(p);
}

bool worker_pool_run(size_t n, int workers, worker_job_fn job, worker_done_fn done, void *arg,
                     size_t *failed, char *err, size_t err_len)
{
    worker_pool *p = worker_pool_start(n, workers, job, arg);
    if (!p) {
        *failed = 0;
        snprintf(err, err_len, "out of memory");
        return false;
    }
    return worker_pool_finish(p, done, failed, err, err_len);
}
