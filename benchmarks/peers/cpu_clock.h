/* Force-included (gcc -include) into the unchanged peer sources of ../shared/peers: their
 * CLOCK_MONOTONIC timer becomes this thread's CPU-time clock, because the benchmark machine is
 * shared with other jobs and wall time would count their work too (benchmarks/ball-peers.sh). */
#include <time.h>
#undef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC CLOCK_THREAD_CPUTIME_ID
