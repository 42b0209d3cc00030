/* Per-operation cost of MPFR at PREC bits, beside flowcert's BallOpsBench (benchmarks/ball.md).
 * Same operands: x = 7/10, y = -13/9 rounded to PREC bits; one JSON line per operation with the
 * median CPU ns per call over 9 batches of >= 30 ms CPU after a 500 ms warm-up (as BallOpsBench).
 * MPFR rounds to nearest here: an interval/ball library needs about this per operation (MPFI
 * calls it twice per operation with directed roundings).
 * With the argument "ring", only the ring operations (add .. sqrt).
 * Build: gcc -O2 -DPREC=256 -o ops_mpfr ops_mpfr.c -lmpfr -lgmp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mpfr.h>

#ifndef PREC
#define PREC 256
#endif

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static mpfr_t x, y, r;

enum { ADD, MUL, SQR, DIV, SQRT, EXP, LOG, TANH, NOPS };
static const char *NAMES[NOPS] = {"add", "multiply", "square", "divide", "sqrt", "exp", "log", "tanh"};

static void run(int op) {
  switch (op) {
    case ADD: mpfr_add(r, x, y, MPFR_RNDN); break;
    case MUL: mpfr_mul(r, x, y, MPFR_RNDN); break;
    case SQR: mpfr_sqr(r, y, MPFR_RNDN); break;
    case DIV: mpfr_div(r, x, y, MPFR_RNDN); break;
    case SQRT: mpfr_sqrt(r, x, MPFR_RNDN); break;
    case EXP: mpfr_exp(r, x, MPFR_RNDN); break;
    case LOG: mpfr_log(r, x, MPFR_RNDN); break;
    case TANH: mpfr_tanh(r, x, MPFR_RNDN); break;
  }
}

static int cmpd(const void *a, const void *b) {
  double u = *(const double *)a, v = *(const double *)b;
  return (u > v) - (u < v);
}

int main(int argc, char **argv) {
  int nops = argc > 1 && strcmp(argv[1], "ring") == 0 ? SQRT + 1 : NOPS;
  mpfr_inits2(PREC, x, y, r, (mpfr_ptr)0);
  mpfr_set_ui(x, 7, MPFR_RNDN); mpfr_div_ui(x, x, 10, MPFR_RNDN);
  mpfr_set_si(y, -13, MPFR_RNDN); mpfr_div_ui(y, y, 9, MPFR_RNDN);
  for (int op = 0; op < nops; op++) {
    double end = now() + 0.5;
    long calls = 0;
    while (now() < end) { for (int i = 0; i < 100; i++) run(op); calls += 100; }
    long batch = calls / 20 > 0 ? calls / 20 : 1;
    double s[9];
    for (int k = 0; k < 9; k++) {
      double t0 = now();
      long n = 0;
      do { for (long i = 0; i < batch; i++) run(op); n += batch; } while (now() - t0 < 0.03);
      s[k] = (now() - t0) / n * 1e9;
    }
    qsort(s, 9, sizeof(double), cmpd);
    printf("{\"peer\": \"c-mpfr\", \"prec\": %d, \"op\": \"%s\", \"ns_per_call\": %.1f, \"mpfr\": \"%s\"}\n",
           PREC, NAMES[op], s[4], mpfr_get_version());
  }
  mpfr_clears(x, y, r, (mpfr_ptr)0);
  return 0;
}
