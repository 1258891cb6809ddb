/* Unit tests for the worker pool (src/worker_pool.c): every job runs exactly once
 * whatever the number of workers, the caller hears of each success once, the first
 * failure comes back with its job number and its own message, a worker killed by a
 * signal or ending with a failing status is reported as such, and one worker runs
 * everything in the caller; the wait for helper threads before forking ends when
 * they do, not before. Jobs leave their mark in files, since workers are other
 * processes. */
#include "../../src/cmd/worker_pool.h"
#include "incmap/threads.h"

#include <pthread.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct pool_case {
    char dir[64];
    size_t fail_at;     /* job that fails (SIZE_MAX: none) */
    bool kill_workers;  /* a job run outside the caller kills its process */
    bool exit_workers;  /* ... or ends it with status 3 after doing the job */
    size_t done[64];    /* times the caller was told of each job */
    pid_t caller;
} pool_case;

static void mark_path(const pool_case *c, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "%s/job-%zu", c->dir, i);
}

static bool job(size_t i, void *arg, char *err, size_t err_len)
{
    pool_case *c = arg;
    if (c->kill_workers && getpid() != c->caller)
        raise(SIGKILL);
    if (c->exit_workers && getpid() != c->caller)
        _exit(3);
    /* slow enough that every worker has started before the jobs run out */
    nanosleep(&(struct timespec){0, 2000000}, NULL);
    if (i == c->fail_at) {
        snprintf(err, err_len, "job %zu could not be done", i);
        return false;
    }
    char path[128];
    mark_path(c, i, path, sizeof path);
    FILE *f = fopen(path, "a");
    if (!f)
        return false;
    fputs("x", f); /* run twice: "xx" */
    fclose(f);
    return true;
}

static void done(size_t i, void *arg)
{
    pool_case *c = arg;
    c->done[i]++;
}

static void setup_case(pool_case *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->dir, sizeof c->dir, "/tmp/incmap-pool-XXXXXX");
    assert_non_null(mkdtemp(c->dir));
    c->fail_at = (size_t)-1;
    c->caller = getpid();
}

/* How many times job i ran (0, 1, 2...), removing its mark. */
static int runs_of(const pool_case *c, size_t i)
{
    char path[128];
    mark_path(c, i, path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int n = 0;
    while (fgetc(f) == 'x')
        n++;
    fclose(f);
    unlink(path);
    return n;
}

static void every_job_once(void **state)
{
    (void)state;
    for (int workers = 1; workers <= 5; workers++) {
        pool_case c;
        setup_case(&c);
        size_t failed = 99;
        char err[128] = "unchanged";
        assert_true(worker_pool_run(20, workers, job, done, &c, &failed, err, sizeof err));
        for (size_t i = 0; i < 20; i++) {
            assert_int_equal(runs_of(&c, i), 1);
            assert_int_equal(c.done[i], 1);
        }
        assert_string_equal(err, "");
        rmdir(c.dir);
    }
}

/* No `done` callback: the jobs still run, once each, and the pool says so. */
static void without_done_callback(void **state)
{
    (void)state;
    for (int workers = 1; workers <= 3; workers++) {
        pool_case c;
        setup_case(&c);
        size_t failed;
        char err[128];
        assert_true(worker_pool_run(9, workers, job, NULL, &c, &failed, err, sizeof err));
        for (size_t i = 0; i < 9; i++)
            assert_int_equal(runs_of(&c, i), 1);
        rmdir(c.dir);
    }
}

static void more_workers_than_jobs(void **state)
{
    (void)state;
    pool_case c;
    setup_case(&c);
    size_t failed;
    char err[128];
    assert_true(worker_pool_run(2, 8, job, done, &c, &failed, err, sizeof err));
    assert_int_equal(runs_of(&c, 0), 1);
    assert_int_equal(runs_of(&c, 1), 1);
    assert_true(worker_pool_run(0, 4, job, done, &c, &failed, err, sizeof err));
    rmdir(c.dir);
}

static void failure_comes_back(void **state)
{
    (void)state;
    for (int workers = 1; workers <= 3; workers++) {
        pool_case c;
        setup_case(&c);
        c.fail_at = 5;
        size_t failed = 0;
        char err[128];
        assert_false(worker_pool_run(12, workers, job, done, &c, &failed, err, sizeof err));
        assert_int_equal(failed, 5);
        assert_string_equal(err, "job 5 could not be done");
        assert_int_equal(c.done[5], 0);
        /* jobs before it all ran; none ran twice */
        for (size_t i = 0; i < 12; i++) {
            int n = runs_of(&c, i);
            assert_true(n <= 1);
            if (i < 5 && workers == 1)
                assert_int_equal(n, 1);
        }
        rmdir(c.dir);
    }
}

static void killed_worker_is_named(void **state)
{
    (void)state;
    pool_case c;
    setup_case(&c);
    c.kill_workers = true;
    size_t failed = 0;
    char err[128] = "";
    bool ok = worker_pool_run(40, 3, job, done, &c, &failed, err, sizeof err);
    for (size_t i = 0; i < 40; i++)
        runs_of(&c, i);
    rmdir(c.dir);
    assert_false(ok);
    assert_true(failed < 40);
    assert_int_equal(c.done[failed], 0);
    assert_non_null(strstr(err, "died of signal 9"));
}

static void failing_exit_is_named(void **state)
{
    (void)state;
    pool_case c;
    setup_case(&c);
    c.exit_workers = true;
    size_t failed = 0;
    char err[128] = "";
    bool ok = worker_pool_run(40, 2, job, done, &c, &failed, err, sizeof err);
    for (size_t i = 0; i < 40; i++)
        runs_of(&c, i);
    rmdir(c.dir);
    assert_false(ok);
    assert_true(failed < 40);
    assert_non_null(strstr(err, "exited with status 3"));
}

static void *nap(void *arg)
{
    long ms = *(long *)arg;
    nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000}, NULL);
    return NULL;
}

/* The wait the pool does before forking (incmap/threads.h). */
static void waits_for_helper_threads(void **state)
{
    (void)state;
    assert_true(im_wait_single_threaded(0));
    pthread_t t;
    long ms = 300;
    assert_int_equal(pthread_create(&t, NULL, nap, &ms), 0);
    assert_false(im_wait_single_threaded(20));     /* still napping */
    assert_true(im_wait_single_threaded(2000));    /* gone once it ends */
    pthread_join(t, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_job_once),
        cmocka_unit_test(without_done_callback),
        cmocka_unit_test(more_workers_than_jobs),
        cmocka_unit_test(failure_comes_back),
        cmocka_unit_test(killed_worker_is_named),
        cmocka_unit_test(failing_exit_is_named),
        cmocka_unit_test(waits_for_helper_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
