/* Independent jobs run in parallel worker processes (program side; `incmap brief`
 * draws its maps this way). Each job runs in a child forked from the caller, so it
 * sees everything the caller has loaded without copying it and cannot disturb the
 * caller's state; what a job produces must go to files. The caller learns which jobs
 * failed and why. With one worker, or when the process already has other threads
 * (forking those is unsafe), jobs run one after another in the caller itself. */
#ifndef INCMAP_WORKER_POOL_H
#define INCMAP_WORKER_POOL_H

#include <stdbool.h>
#include <stddef.h>

/* Run job `i`; on failure write one line (no newline) into err and return false. */
typedef bool (*worker_job_fn)(size_t i, void *arg, char *err, size_t err_len);
/* Told in the caller, in completion order, each time a job has succeeded. */
typedef void (*worker_done_fn)(size_t i, void *arg);

/* The number of processors this process may run on (at least 1). */
int worker_pool_cpus(void);

/* Run jobs 0..n-1 with at most `workers` running at once. Once a job fails no new
 * ones start (those running finish). Returns true when every job succeeded;
 * otherwise false with the first failed job in *failed and its message in err (a
 * worker that died says which signal killed it). */
bool worker_pool_run(size_t n, int workers, worker_job_fn job, worker_done_fn done, void *arg,
                     size_t *failed, char *err, size_t err_len);

/* The same in two steps, so the caller can do other work while the workers start:
 * worker_pool_start forks them (NULL when out of memory); worker_pool_finish makes
 * the caller worker 0 until no job is left, waits for the others and reports as
 * worker_pool_run does; worker_pool_cancel instead lets the running jobs end, starts
 * no more and waits. Either frees the pool. */
typedef struct worker_pool worker_pool;
worker_pool *worker_pool_start(size_t n, int workers, worker_job_fn job, void *arg);
bool worker_pool_finish(worker_pool *p, worker_done_fn done, size_t *failed, char *err,
                        size_t err_len);
void worker_pool_cancel(worker_pool *p);

#endif
