/* The process's own threads, as far as incmap needs to know them: libraries it uses
 * start short-lived helper threads (Pango sorts fonts in them), and both forking
 * worker processes and tearing down the font caches must wait until those are gone. */
#ifndef INCMAP_THREADS_H
#define INCMAP_THREADS_H

#include <stdbool.h>

/* Wait, polling every millisecond for at most `max_ms`, until the calling thread is
 * the only one in the process (read from /proc/self/task). False when others remain,
 * or at once when /proc cannot be read. */
bool im_wait_single_threaded(int max_ms);

#endif
