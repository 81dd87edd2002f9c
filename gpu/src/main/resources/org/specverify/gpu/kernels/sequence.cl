// Sequence-level verification: block verification of drafted chains and token-tree verification, one work-group per
// request. Needs philox.cl, uniforms.cl and verify.cl before it: it reuses their Philox stream (sv_uniform), the row
// checks, reductions and the tiled final draw (sv_sum_n, sv_draw) and, at each tree node, the token schemes' decision
// functions (sv_decide_*). Rows are float32, each standing for its exact law (entry over row sum); sums, products and
// comparisons in double. Layouts, stream layouts and statuses: SequenceVerifier.java and proofs-notes/gpu-sequence.md.
//
// Compile-time switches SQ_BROKEN_* build deliberately broken variants, kept as test fixtures
// (SequenceBrokenKernelsTest).
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF

// the status a tree with a parent index out of range gets (after verify.cl's ST_* codes; SequenceVerifier.Status)
#define SQST_BAD_PARENT 9
// the largest drafted depth of a block request
#define SQ_MAXG 32

// A position record for the shared helpers: the uniform source of one request and the rows of its final draw.
inline void sq_init(sv_pos* s, int V, int explicitU, int boundary, __global const float* ub, int ustride, ulong seed,
                    ulong pos) {
    s->active = 1;
    s->V = V;
    s->K = 0;
    s->P = 0;
    s->Pf = 0;
    s->Q = 0;
    s->qStride = V;
    s->nrows = 1;
    s->X = 0;
    s->rho = 1.0;
    s->explicitU = explicitU;
    s->boundary = boundary;
    s->ub = ub;
    s->ustride = ustride;
    s->seed = seed;
    s->pos = pos;
    s->invSp = 1.0;
    for (int r = 0; r < SV_MAXK; r++) {
        s->invSq[r] = 0.0;
    }
    s->g = sv_gamma((double) V + 2.0);
    s->gs = sv_gamma((double) V);
    s->status = ST_OK;
    s->next = 0;
    s->lastU = 0.5f;
    s->minMargin = SV_INF;
    s->maxBound = 0.0;
    s->certified = 1;
    s->accepted = -1;
    s->token = -1;
}

// The verifier uniform of index d of the request's stream (Philox or explicit, as sv_uniform).
inline float sq_uniform_at(sv_pos* s, int d) {
    s->next = d;
    return sv_uniform(s);
}

// One row's sum with its checks: 1 / sum in *inv, the status (non-finite, negative, zero mass) merged into *status.
inline void sq_row(__global const float* R, int V, int on, double* inv, int* status, __local double* red) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    double v[3] = {0.0, 0.0, 0.0};
    if (on) {
        for (int x = lid; x < V; x += L) {
            float a = R[x];
            v[0] += (double) a;
            v[1] += (isnan(a) || isinf(a)) ? 1.0 : 0.0;
            v[2] += (a < 0.0f) ? 1.0 : 0.0;
        }
    }
    sv_sum_n(v, 3, red);
    if (on && *status == ST_OK) {
        if (v[1] > 0.0) {
            *status = ST_NONFINITE;
        } else if (v[2] > 0.0 || !(v[0] > 0.0)) {
            *status = ST_BAD_INPUT;
        }
    }
    *inv = 1.0 / v[0];
}

#ifndef SQ_TREE_PROGRAM
// ---------------------------------------------------------------------------------------------- block verification

// h_i of block verification: M / (M + 1 - rho), 1 when that denominator is 0.
inline double sq_h(double M, double rho) {
    double den = M + (1.0 - rho);
    return den == 0.0 ? 1.0 : M / den;
}

// Block verification (Sun et al., 2403.10444, Algorithm 2), chain mode: request b has target rows [G + 1, V] (row i
// the law after x_1..x_i, row G for the bonus), draft rows [G, V], drafted tokens [G]. rho_0 = 1, rho_i = min(1,
// rho_(i-1) p_(i-1)(x_i) / q_(i-1)(x_i)) (rows normalised); h_i = M_i / (M_i + 1 - rho_i), M_i = sum_y (rho_i p_i(y) -
// q_i(y))+, for i < G, h_G = rho_G; tau = the largest i with u_i < h_i (uniform index i - 1, compared from i = G down,
// the first success ending the scan), 0 if none; then a token from (rho_tau p_tau - q_tau)+ (tau < G) or from p_G
// (tau = G), with uniform index G. Outputs: out [B, 3] = accepted count tau, status, uniforms read; emitted [B, G + 1]
// (tau + 1 tokens, -1 after; all -1 on an error status); outf [B] = the smallest relative margin of the comparisons.
__kernel void sq_block(__global const float* target, __global const float* draft, __global const int* tokens,
                       __global const float* ub, __global int* out, __global int* emitted, __global float* outf,
                       const int V, const int G, const int explicitU, const int boundary, const int ustride,
                       const ulong seed, const ulong position0, __local double* red, __local double* tiles,
                       __local int* li) {
    int b = get_group_id(0);
    int lid = get_local_id(0);
    int L = get_local_size(0);
    __global const float* T = target + (size_t) b * (G + 1) * V;
    __global const float* D = draft + (size_t) b * G * V;
    __global const int* X = tokens + (size_t) b * G;
    sv_pos s;
    sq_init(&s, V, explicitU, boundary, ub + (size_t) b * ustride, ustride, seed, position0 + (ulong) b);
    int status = ST_OK;
    if (G < 1 || G > SQ_MAXG) {
        status = ST_BAD_INPUT;
    }
    double invP[SQ_MAXG + 1];
    double invQ[SQ_MAXG];
    for (int i = 0; i <= G && i <= SQ_MAXG; i++) {
        sq_row(T + (size_t) i * V, V, status == ST_OK, &invP[i], &status, red);
        if (i < G) {
            sq_row(D + (size_t) i * V, V, status == ST_OK, &invQ[i], &status, red);
        }
    }
    for (int i = 0; i < G && status == ST_OK; i++) {
        if (X[i] < 0 || X[i] >= V) {
            status = ST_BAD_TOKEN;
        }
    }
    for (int i = 0; i < G && status == ST_OK; i++) {
        if (!(D[(size_t) i * V + X[i]] > 0.0f)) {
            status = ST_ZERO_DRAFT_MASS;
        }
    }
    int ok = status == ST_OK;
    // rho_0..rho_G
    double rho[SQ_MAXG + 1];
    rho[0] = 1.0;
    for (int i = 1; i <= G && ok; i++) {
        int x = X[i - 1];
        double px = (double) T[(size_t) (i - 1) * V + x] * invP[i - 1];
        double qx = (double) D[(size_t) (i - 1) * V + x] * invQ[i - 1];
        double r = rho[i - 1] * (px / qx);
#ifdef SQ_BROKEN_TOKENWISE
        // the token-wise weight: each position's own ratio, not the running product
        r = px / qx;
#endif
        rho[i] = r < 1.0 ? r : 1.0;
    }
    // h_1..h_G (h[i] for i = 1..G)
    double h[SQ_MAXG + 1];
    for (int i = 1; i < G; i++) {
        double m = 0.0;
        if (ok) {
            __global const float* Pi = T + (size_t) i * V;
            __global const float* Qi = D + (size_t) i * V;
            for (int y = lid; y < V; y += L) {
                double w = rho[i] * ((double) Pi[y] * invP[i]) - (double) Qi[y] * invQ[i];
                m += w > 0.0 ? w : 0.0;
            }
        }
        double M = sv_sum(m, red);
        h[i] = sq_h(M, ok ? rho[i] : 1.0);
#ifdef SQ_BROKEN_TOKENWISE
        h[i] = rho[i];
#endif
    }
    h[G] = rho[G];
    int tau = 0;
    if (ok) {
#if defined(SQ_BROKEN_FIRST_FAIL) || defined(SQ_BROKEN_TOKENWISE)
        // scans upwards and stops at the first failed test
        for (int i = 1; i <= G; i++) {
            float u = sq_uniform_at(&s, i - 1);
            if (s.status != ST_OK) {
                break;
            }
            double m = fabs((double) u - h[i]);
            s.minMargin = fmin(s.minMargin, m);
            if ((double) u < h[i]) {
                tau = i;
            } else {
                break;
            }
        }
#else
        for (int i = G; i >= 1; i--) {
            float u = sq_uniform_at(&s, i - 1);
            if (s.status != ST_OK) {
                break;
            }
            double m = fabs((double) u - h[i]);
            s.minMargin = fmin(s.minMargin, m);
            if ((double) u < h[i]) {
                tau = i;
                break;
            }
        }
#endif
        if (s.status != ST_OK) {
            status = s.status;
            ok = 0;
        }
    }
    // the closing draw: the residual (rho_tau p_tau - q_tau)+ = rho_tau (p_tau - q_tau / rho_tau)+, or the bonus p_G
    sv_residual r;
    int bonus = tau == G;
#ifdef SQ_BROKEN_BONUS_DEPTH
    int prow = bonus ? G - 1 : tau;
#else
    int prow = tau;
#endif
    s.P = T + (size_t) prow * V;
    s.Pf = s.P;
    s.invSp = ok ? invP[prow] : 1.0;
    s.Q = bonus ? s.P : D + (size_t) tau * V;
    s.invSq[0] = ok && !bonus ? invQ[tau] : 1.0;
    sv_residual_init(&r, bonus ? SVP_DETERMINISTIC : SVP_IID);
    if (!bonus) {
        r.k = 1;
        r.c = 1.0 / (ok ? rho[tau] : 1.0);
#ifdef SQ_BROKEN_TOKENWISE
        r.c = 1.0;
#endif
    }
    float uf = 0.5f;
    if (ok) {
        uf = sq_uniform_at(&s, G);
        if (s.status != ST_OK) {
            status = s.status;
            ok = 0;
        }
    }
    s.status = status;
    sv_draw(&s, &r, ok, uf, 0.0, red, tiles, li);
    status = s.status;
    if (lid == 0) {
        __global int* E = emitted + (size_t) b * (G + 1);
        for (int i = 0; i <= G; i++) {
            E[i] = -1;
        }
        if (status == ST_OK) {
            for (int i = 0; i < tau; i++) {
                E[i] = X[i];
            }
            E[tau] = s.token;
        }
        out[3 * b] = status == ST_OK ? tau : -1;
        out[3 * b + 1] = status;
        out[3 * b + 2] = s.next;
        outf[b] = (float) s.minMargin;
    }
}

#endif

#ifdef SQ_TREE_PROGRAM
// --------------------------------------------------------------------------------------------- tree verification

// One node's decision by a token scheme, with the request's uniforms from index next0 on: verify.cl's decision
// functions (sv_decide_iid, sv_decide_wor, sv_decide_deterministic), K = the node's children (0: the bonus, drawn
// from P by deterministic with no draft).
void sq_node(int active, int V, int K, __global const float* P, __global const float* Q,
             __global const int* X, int explicitU, int boundary, __global const float* ub, int ustride, ulong seed,
             ulong pos, int next0, __local double* red, __local double* tiles, __local int* li, sv_pos* s) {
    sv_begin(s, active, V, K, P, P, Q, V, 1, X, 1.0, explicitU, boundary, ub, ustride, seed, pos, red);
    s->next = next0;
    // one decision function per program (SQ_TREE_PROGRAM, a compile-time switch: PoCL builds a work-group function
    // per kernel and local size, and one function instead of three keeps that build short); with K = 0 it tests
    // nothing and draws from its residual with no update: p, the bonus
#if SQ_TREE_PROGRAM == SVP_DETERMINISTIC
    sv_decide_deterministic(s, red, tiles, li);
#elif SQ_TREE_PROGRAM == SVP_WOR
    sv_decide_wor(s, red, tiles, li);
#elif SQ_TREE_PROGRAM == SVP_IID
    sv_decide_iid(s, red, tiles, li);
#else
#error SQ_TREE_PROGRAM must be SVP_IID, SVP_WOR or SVP_DETERMINISTIC
#endif
#ifdef SQ_BROKEN_SIBLING_RESIDUAL
    // after rejecting every child, draws from p at the node, forgetting the siblings tried (same closing uniform)
    int redo = s->active && s->status == ST_OK && s->accepted < 0 && K > 0;
    sv_residual rr;
    sv_residual_init(&rr, SVP_DETERMINISTIC);
    float ur = 0.5f;
    if (redo) {
        ur = sq_uniform_at(s, s->next - 1);
    }
    sv_draw(s, &rr, redo, ur, 0.0, red, tiles, li);
#endif
}

// Token-tree verification, one launch per (depth, number of children) pair that occurs, after an initialising launch
// (as verify.cl's chain mode: PoCL builds no loop of barriered decisions whose trip count is data, so the number of
// children K of the nodes a launch decides is a kernel argument, and a request whose current node has another K waits
// for its launch). Request b's tree: N nodes in depth-first order, tokens [B, N], parents [B, N] (-1 for the root's
// children, else an earlier node); rows by slot: slot 0 the root (the context), slot i + 1 node i; target
// [B, N + 1, V] = p(.|path to the slot), draft [B, N + 1, V] = q(.|path to the slot), the law the slot's children
// were drafted from (a leaf's draft row is not read). From the root, the node's children (in layout order) are the
// drafts of the token scheme (rrs iid, rrs-wor, deterministic); an accepted child is descended into, a rejection ends
// the request with the scheme's residual token, a leaf with a bonus token from its target row. The request's uniforms
// are one stream read in order along the walk (the token scheme's draws at each node, then the closing draw).
// state [B, 5] = accepted count, status, current slot, done, next uniform index; emitted [B, D + 1] (D the largest
// depth, count + 1 tokens, -1 after and all -1 on an error status); kt [B, SV_MAXK] scratch (the current node's
// children's tokens); outf [B] the smallest relative margin. sq_tree_init (one work-item per request) checks the
// parents and tokens and sets the state.
__kernel void sq_tree_init(__global const int* tokens, __global const int* parents, __global int* state,
                           __global int* emitted, __global float* outf, const int V, const int N, const int D) {
    int b = get_global_id(0);
    __global const int* X = tokens + (size_t) b * N;
    __global const int* Par = parents + (size_t) b * N;
    __global int* St = state + (size_t) b * 5;
    __global int* E = emitted + (size_t) b * (D + 1);
    int status = ST_OK;
    for (int i = 0; i < N && status == ST_OK; i++) {
        if (Par[i] < -1 || Par[i] >= i) {
            status = SQST_BAD_PARENT;
        }
    }
    for (int i = 0; i < N && status == ST_OK; i++) {
        if (X[i] < 0 || X[i] >= V) {
            status = ST_BAD_TOKEN;
        }
    }
    for (int i = 0; i <= D; i++) {
        E[i] = -1;
    }
    St[0] = 0;
    St[1] = status;
    St[2] = 0;
    St[3] = status != ST_OK;
    St[4] = 0;
    outf[b] = SV_INF;
}

__kernel void sq_tree_step(__global const float* target, __global const float* draft, __global const int* tokens,
                           __global const int* parents, __global const float* ub, __global int* state,
                           __global int* emitted, __global int* kt, __global float* outf, const int V, const int N,
                           const int D, const int Kl, const int explicitU, const int boundary,
                           const int ustride, const ulong seed, const ulong position0, __local double* red,
                           __local double* tiles, __local int* li) {
    int b = get_group_id(0);
    int lid = get_local_id(0);
    __global const int* X = tokens + (size_t) b * N;
    __global const int* Par = parents + (size_t) b * N;
    __global int* St = state + (size_t) b * 5;
    __global int* E = emitted + (size_t) b * (D + 1);
    __global int* Kt = kt + (size_t) b * SV_MAXK;
    int count = St[0];
    int status = St[1];
    int slot = St[2];
    int done = St[3];
    int next = St[4];
    float margin = outf[b];
    // the children of the current node, in layout order (the first SV_MAXK tokens kept)
    int K = 0;
    int child[SV_MAXK];
    if (!done) {
        for (int i = 0; i < N; i++) {
            if (Par[i] == slot - 1) {
#ifdef SQ_BROKEN_FIRST_CHAIN
                if (K == 1) {
                    continue;
                }
#endif
                if (K < SV_MAXK) {
                    child[K] = i;
                }
                K++;
            }
        }
    }
    int tooMany = K > SV_MAXK;
    barrier(CLK_GLOBAL_MEM_FENCE);
    if (lid == 0 && !done && K == Kl) {
        for (int j = 0; j < K; j++) {
            Kt[j] = X[child[j]];
        }
    }
    barrier(CLK_GLOBAL_MEM_FENCE);
    int active = !done && !tooMany && K == Kl;
    __global const float* P = target + ((size_t) b * (N + 1) + slot) * V;
    __global const float* Q = Kl > 0 ? draft + ((size_t) b * (N + 1) + slot) * V : P;
    sv_pos s;
    sq_node(active, V, Kl, P, Q, Kt, explicitU, boundary, ub + (size_t) b * ustride, ustride, seed,
            position0 + (ulong) b, next, red, tiles, li, &s);
    int fail = 0;
    if (!done && tooMany) {
        status = ST_BAD_INPUT;
        done = 1;
        fail = 1;
    }
    if (active) {
        margin = fmin(margin, (float) s.minMargin);
        next = s.next;
        if (s.status != ST_OK) {
            status = s.status;
            done = 1;
            fail = 1;
        } else if (Kl > 0 && s.accepted >= 0) {
            if (lid == 0) {
                E[count] = s.token;
            }
            count++;
            slot = child[s.accepted] + 1;
        } else {
            if (lid == 0) {
                E[count] = s.token;
            }
            done = 1;
        }
    }
    barrier(CLK_GLOBAL_MEM_FENCE);
    if (lid == 0) {
        if (fail) {
            for (int i = 0; i <= D; i++) {
                E[i] = -1;
            }
        }
        St[0] = count;
        St[1] = status;
        St[2] = slot;
        St[3] = done;
        St[4] = next;
        outf[b] = margin;
    }
}
#endif
