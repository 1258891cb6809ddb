/* Waiting for libraries' helper threads to end (see incmap/threads.h), by counting
 * the entries of /proc/self/task. */
#include "incmap/threads.h"

#include <dirent.h>
#include <time.h>

/* Threads of this process; 0 when /proc cannot be read. */
static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

bool im_wait_single_threaded(int max_ms)
{
    for (int waited = 0;; waited++) {
        int n = thread_count();
        if (n == 1)
            return true;
        if (n == 0 || waited >= max_ms)
            return false;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
}
