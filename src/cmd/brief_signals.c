/* Ctrl-C during `incmap brief`: while a pack is being staged, SIGINT and SIGTERM remove
 * the staging folder (PACK.tmp-XXXXXX) before the process ends by the same signal, so
 * an interrupted run leaves nothing behind. The handler may interrupt anything (a GDAL
 * write, malloc), so it uses only async-signal-safe system calls: open, getdents64,
 * unlinkat, close, nanosleep, sigaction, raise. A stage left by a run killed outright
 * (SIGKILL, a power cut) is removed by the next run instead (brief_stage.c).
 *
 * Worker processes inherit the handler but are not the owner: they take the default
 * action (the terminal sends them the same SIGINT). */
#define _GNU_SOURCE
#include "brief.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char guarded[4096];               /* the stage, "" when none */
static volatile sig_atomic_t owner;      /* the pid that staged it */
static bool installed;

struct linux_dirent64 {
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Remove everything below the open folder `fd` (depth-first, links not followed). */
static void empty_dir(int fd, int depth)
{
    char buf[4096];
    long n;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
        for (long off = 0; off < n;) {
            /* read the record's fields by offset: buf need not be aligned for it */
            unsigned short reclen;
            memcpy(&reclen, buf + off + offsetof(struct linux_dirent64, d_reclen), sizeof reclen);
            const char *name = buf + off + offsetof(struct linux_dirent64, d_name);
            off += reclen;
            if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
                continue;
            if (unlinkat(fd, name, 0) == 0 || depth > 16)
                continue;
            int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0) {
                empty_dir(sub, depth + 1);
                close(sub);
                unlinkat(fd, name, AT_REMOVEDIR);
            }
        }
    }
}

static void on_signal(int sig)
{
    int saved = errno;
    if (guarded[0] && getpid() == owner) {
        /* a worker may still create a file while this runs: try a few times */
        for (int attempt = 0; attempt < 5; attempt++) {
            int fd = open(guarded, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0)
                break;
            empty_dir(fd, 0);
            close(fd);
            if (rmdir(guarded) == 0 || errno == ENOENT)
                break;
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    errno = saved;
    raise(sig);   /* end as the signal would have ended us */
}

void brief_stage_guard(const char *stage)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);   /* the handler never sees half a path */
    if (!installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaddset(&sa.sa_mask, SIGINT);
        sigaddset(&sa.sa_mask, SIGTERM);
        for (int i = 0; i < 2; i++) {
            int sig = i ? SIGTERM : SIGINT;
            struct sigaction cur;
            /* a signal ignored by whoever started us (nohup, a background job) stays so */
            if (sigaction(sig, NULL, &cur) == 0 && cur.sa_handler != SIG_IGN)
                sigaction(sig, &sa, NULL);
        }
        installed = true;
    }
    owner = getpid();
    snprintf(guarded, sizeof guarded, "%s", stage ? stage : "");
    sigprocmask(SIG_SETMASK, &old, NULL);
}
