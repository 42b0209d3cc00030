/* W1 peer (c-arb): C with Arb ball arithmetic (Debian's libflint-arb-dev) at PREC bits.
 *
 * The same workload, inputs and canonical evaluation order as ../shared/peers/w1_mpfi.c
 * (WORKLOADS.md "Canonical interval evaluation order"), with arb_t balls instead of MPFI
 * intervals: tanh is arb_tanh, squares arb_sqr, tanh' = 1 - sqr(a). Box parameters are the
 * balls enclosing [theta - delta, theta + delta] with the exact ends (delta = the binary64 1e-6).
 * Prints one JSON line shaped like the MPFI peer's.
 * Build: gcc -O2 -ffp-contract=off -DPREC=256 -I/usr/include/flint -o w1_arb w1_arb.c -lflint-arb -lflint -lmpfr -lgmp -lm
 * (benchmarks/ball-peers.sh builds it with -include cpu_clock.h, so that it times CPU time). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "arb.h"

#ifndef PREC
#define PREC 53
#endif
#define NPTS 64

static arb_t X[NPTS], Y[NPTS];

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double theta_k(int k) {
  double G = (sqrt(5.0) - 1.0) / 2.0;
  double t = (double)(k + 1) * G;
  return (t - floor(t)) - 0.5;
}

typedef struct {
  int H, relu;
  arb_ptr th, g, A, D, sra, sre, srex;
  arb_t L, S, sr, acc, z, t, e, r;
} ws_t;

static void ws_init(ws_t *w, int H, int relu) {
  w->H = H;
  w->relu = relu;
  w->th = _arb_vec_init(3 * H + 1);
  w->g = _arb_vec_init(3 * H + 1);
  w->A = _arb_vec_init(H);
  w->D = _arb_vec_init(H);
  w->sra = _arb_vec_init(H);
  w->sre = _arb_vec_init(H);
  w->srex = _arb_vec_init(H);
  arb_init(w->L); arb_init(w->S); arb_init(w->sr); arb_init(w->acc);
  arb_init(w->z); arb_init(w->t); arb_init(w->e); arb_init(w->r);
}

static void ws_clear(ws_t *w) {
  int H = w->H;
  _arb_vec_clear(w->th, 3 * H + 1); _arb_vec_clear(w->g, 3 * H + 1);
  _arb_vec_clear(w->A, H); _arb_vec_clear(w->D, H);
  _arb_vec_clear(w->sra, H); _arb_vec_clear(w->sre, H); _arb_vec_clear(w->srex, H);
  arb_clear(w->L); arb_clear(w->S); arb_clear(w->sr); arb_clear(w->acc);
  arb_clear(w->z); arb_clear(w->t); arb_clear(w->e); arb_clear(w->r);
}

static void act(ws_t *w, arb_t a, arb_t d, const arb_t z) {
  if (!w->relu) {
    arb_tanh(a, z, PREC);
    arb_sqr(w->t, a, PREC);
    arb_sub_ui(d, w->t, 1, PREC);
    arb_neg(d, d);
  } else if (arb_is_nonpositive(z)) {
    arb_zero(a);
    arb_zero(d);
  } else if (arb_is_positive(z)) {
    arb_set(a, z);
    arb_one(d);
  } else {
    arb_nonnegative_part(a, z);   /* [0, hi] */
    arb_set_d(d, 0.5);            /* [0, 1] = 1/2 +- 1/2 */
    mag_set_d(arb_radref(d), 0.5);
  }
}

static void loss_grad(ws_t *w) {
  int H = w->H;
  arb_ptr th = w->th, g = w->g;
  arb_zero(w->S);
  arb_zero(w->sr);
  for (int j = 0; j < H; j++) {
    arb_zero(w->sra + j); arb_zero(w->sre + j); arb_zero(w->srex + j);
  }
  for (int i = 0; i < NPTS; i++) {
    arb_set(w->acc, th + 3 * H);
    for (int j = 0; j < H; j++) {
      arb_mul(w->z, th + j, X[i], PREC);
      arb_add(w->z, w->z, th + H + j, PREC);
      act(w, w->A + j, w->D + j, w->z);
      arb_mul(w->t, th + 2 * H + j, w->A + j, PREC);
      arb_add(w->acc, w->acc, w->t, PREC);
    }
    arb_sub(w->r, w->acc, Y[i], PREC);
    arb_sqr(w->t, w->r, PREC);
    arb_add(w->S, w->S, w->t, PREC);
    arb_add(w->sr, w->sr, w->r, PREC);
    for (int j = 0; j < H; j++) {
      arb_mul(w->e, w->r, w->D + j, PREC);
      arb_mul(w->t, w->r, w->A + j, PREC);
      arb_add(w->sra + j, w->sra + j, w->t, PREC);
      arb_add(w->sre + j, w->sre + j, w->e, PREC);
      arb_mul(w->t, w->e, X[i], PREC);
      arb_add(w->srex + j, w->srex + j, w->t, PREC);
    }
  }
  arb_mul_2exp_si(w->L, w->S, -6);
  for (int j = 0; j < H; j++) {
    arb_mul(g + j, th + 2 * H + j, w->srex + j, PREC);
    arb_mul_2exp_si(g + j, g + j, -5);
    arb_mul(g + H + j, th + 2 * H + j, w->sre + j, PREC);
    arb_mul_2exp_si(g + H + j, g + H + j, -5);
    arb_mul_2exp_si(g + 2 * H + j, w->sra + j, -5);
  }
  arb_mul_2exp_si(g + 3 * H, w->sr, -5);
}

/* upper bound of the width (hi - lo) = 2 rad, as a double rounded up */
static double width(const arb_t x) {
  arf_t lo, hi, d;
  arf_init(lo); arf_init(hi); arf_init(d);
  arb_get_lbound_arf(lo, x, 2 * PREC + 64);
  arb_get_ubound_arf(hi, x, 2 * PREC + 64);
  arf_sub(d, hi, lo, 2 * PREC + 64, ARF_RND_UP);
  double r = arf_get_d(d, ARF_RND_UP);
  arf_clear(lo); arf_clear(hi); arf_clear(d);
  return r;
}

static double endpoint(const arb_t x, int right) {
  arf_t b;
  arf_init(b);
  if (right) arb_get_ubound_arf(b, x, 2 * PREC + 64); else arb_get_lbound_arf(b, x, 2 * PREC + 64);
  double r = arf_get_d(b, right ? ARF_RND_UP : ARF_RND_DOWN);
  arf_clear(b);
  return r;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  for (int i = 0; i < NPTS; i++) {
    double x = i / 64.0;
    arb_init(X[i]); arb_set_d(X[i], x);
    arb_init(Y[i]); arb_set_d(Y[i], x * x);
  }
  const double delta = 1e-6;
  const int Hs[3] = {4, 16, 64};
  const char *acts[2] = {"tanh", "relu"};
  const char *modes[2] = {"point", "box"};
  printf("{\"workload\": \"W1\", \"peer\": \"c-arb\", \"prec\": %d, \"arb\": \"%s\", \"gradient\": true, \"results\": [",
         PREC, arb_version);
  int first = 1;
  for (int ia = 0; ia < 2; ia++)
    for (int ih = 0; ih < 3; ih++)
      for (int im = 0; im < 2; im++) {
        int H = Hs[ih], P = 3 * H + 1;
        ws_t w;
        ws_init(&w, H, ia == 1);
        for (int k = 0; k < P; k++) {
          double t = theta_k(k);
          if (im == 0) {
            arb_set_d(w.th + k, t);
          } else {  /* the ball enclosing [t - delta, t + delta], exact ends */
            arf_t lo, hi, dd;
            arf_init(lo); arf_init(hi); arf_init(dd);
            arf_set_d(dd, delta);
            arf_set_d(lo, t); arf_sub(lo, lo, dd, ARF_PREC_EXACT, ARF_RND_DOWN);
            arf_set_d(hi, t); arf_add(hi, hi, dd, ARF_PREC_EXACT, ARF_RND_UP);
            arb_set_interval_arf(w.th + k, lo, hi, PREC);
            arf_clear(lo); arf_clear(hi); arf_clear(dd);
          }
        }
        loss_grad(&w);  /* warm-up */
        int n = 1;
        for (;;) {
          double t0 = now();
          for (int r = 0; r < n; r++) loss_grad(&w);
          if (now() - t0 >= 0.02) break;
          n *= 2;
        }
        enum { NS = 15 };
        double ts[NS];
        for (int s = 0; s < NS; s++) {
          double t0 = now();
          for (int r = 0; r < n; r++) loss_grad(&w);
          ts[s] = (now() - t0) / n;
        }
        qsort(ts, NS, sizeof(double), cmpd);
        double gmax = 0;
        for (int k = 0; k < P; k++) {
          double wk = width(w.g + k);
          if (wk > gmax) gmax = wk;
        }
        printf("%s{\"act\": \"%s\", \"H\": %d, \"mode\": \"%s\", "
               "\"us_per_eval\": %.2f, \"batch\": %d, \"samples\": %d, "
               "\"loss_lo\": %.17g, \"loss_hi\": %.17g, \"loss_width\": %.17g, "
               "\"grad_max_width\": %.17g}",
               first ? "" : ", ", acts[ia], H, modes[im], ts[NS / 2] * 1e6, n,
               (int)NS, endpoint(w.L, 0), endpoint(w.L, 1), width(w.L), gmax);
        first = 0;
        ws_clear(&w);
      }
  printf("]}\n");
  for (int i = 0; i < NPTS; i++) { arb_clear(X[i]); arb_clear(Y[i]); }
  flint_cleanup();
  return 0;
}
