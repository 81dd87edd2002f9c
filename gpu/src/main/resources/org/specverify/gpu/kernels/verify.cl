// Batched verification of draft selection schemes, one work-group per position (or per request in chain mode).
// Needs philox.cl and uniforms.cl before it. Inputs are float32 rows; every sum, product and comparison is made in
// double (each float widened exactly). Every work-item follows the same scalar path (the reductions hand every
// work-item the same value), so the barriers inside the reduction functions are reached uniformly.
//
// Layout, as the Java side has one program per scheme: shared helpers (reductions, uniforms, the input checks, the
// accept test with its error bound, the final draw from a residual by a tiled scan), then one residual weight and one
// decision function per scheme (sv_*_iid, sv_*_independent, sv_*_wor, sv_*_greedy, sv_*_deterministic, sv_*_kseq),
// then the kernels. The program codes SVP_* and status codes ST_* are tied to BatchVerifier.Program and
// BatchVerifier.Status by KernelCodesTest.
//
// Compile-time switches SV_BROKEN_* build deliberately broken variants, kept as test fixtures (BrokenKernelsTest).
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF

#ifdef SV_BROKEN_BUILD
#error SV_BROKEN_BUILD: a build failure on purpose, so a test sees the compiler log reach the caller
#endif

#define SVP_IID 0
#define SVP_INDEPENDENT 1
#define SVP_WOR 2
#define SVP_GREEDY 3
#define SVP_DETERMINISTIC 4
#define SVP_KSEQ 5

#define ST_OK 0
#define ST_EMPTY_RESIDUAL 1
#define ST_NONFINITE 2
#define ST_BAD_INPUT 3
#define ST_ZERO_DRAFT_MASS 4
#define ST_BAD_UNIFORM 5
#define ST_NO_CELL 6
#define ST_UNIFORMS_EXHAUSTED 7
#define ST_BAD_TOKEN 8

#define SV_MAXK 8
#define SV_E 16
#define SV_UNIT 0x1.0p-53
#define SV_INF (1.0 / 0.0)

#ifdef SV_BROKEN_SHARED_STREAM
#define SV_VERIFY_STREAM 0u
#else
#define SV_VERIFY_STREAM 1u
#endif

// ------------------------------------------------------------------------------------------------ shared helpers

inline double sv_gamma(double m) {
    return m * SV_UNIT / (1.0 - m * SV_UNIT);
}

// Sums n values per work-item over the work-group (tree in local memory, n * L doubles); every work-item gets the sums.
inline void sv_sum_n(double* v, int n, __local double* s) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    for (int i = 0; i < n; i++) {
        s[i * L + lid] = v[i];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int o = L >> 1; o > 0; o >>= 1) {
        if (lid < o) {
            for (int i = 0; i < n; i++) {
                s[i * L + lid] += s[i * L + lid + o];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (int i = 0; i < n; i++) {
        v[i] = s[i * L];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

inline double sv_sum(double v, __local double* s) {
    double a[1] = {v};
    sv_sum_n(a, 1, s);
    return a[0];
}

// One position: its inputs, the normalisers of its rows and the decision so far. The error state of a residual r^ is
// |r^(x) - r(x)| <= A p(x) + Bc sigma(x), with R its total (|R^ - R| <= ER) and Qt the draft mass left (|Q^ - Q| <=
// EQ); each scheme's function keeps it up to date (proofs-notes/gpu-kernels.md).
typedef struct {
    int active;
    int V;
    int K;
    __global const float* P;
    __global const float* Pf;
    __global const float* Q;
    int qStride;
    int nrows;
    __global const int* X;
    double rho;
    int explicitU;
    int boundary;
    __global const float* ub;
    int ustride;
    ulong seed;
    ulong pos;
    double invSp;
    double invSq[SV_MAXK];
    double g;
    double gs;
    int status;
    int next;
    float lastU;
    double minMargin;
    double maxBound;
    int certified;
    int accepted;
    int token;
} sv_pos;

// The residual a scheme draws from when no draft is accepted: which scheme's weight, after k updates, with the update
// factors f (rrs per draft, greedy f[0]), the iid factor c and K-SEQ's c (kc).
typedef struct {
    int scheme;
    int k;
    double f[SV_MAXK];
    double c;
    double kc;
} sv_residual;

// The next verifier uniform: Philox4x32-10 keyed by the seed, counter (draw, position, verify stream), word 0 mapped to
// (2m + 1) 2^-24 (the grid UniformModel.FLOAT32_OPEN); or the explicit uniform ub[draw]. With SV_UNIFORM_CLOSED_OPEN
// word 0 is mapped to m 2^-24 instead (FLOAT32_CLOSED_OPEN, as a common tensor library draws: u = 0 with probability
// 2^-24), a variant kept for the grid conformance (BatchVerifier#uniformModel).
inline float sv_uniform(sv_pos* s) {
    int d = s->next;
    s->next = d + 1;
    if (!s->explicitU) {
        uint4 w = philox4x32_10((uint4)((uint) d, (uint) s->pos, (uint) (s->pos >> 32), SV_VERIFY_STREAM),
                                (uint2)((uint) s->seed, (uint) (s->seed >> 32)));
#ifdef SV_UNIFORM_CLOSED_OPEN
        return sv_uniform_float_closed_below(w.x);
#else
        return sv_uniform_float(w.x);
#endif
    }
    if (d >= s->ustride) {
        s->status = ST_UNIFORMS_EXHAUSTED;
        return 0.5f;
    }
    float u = s->ub[d];
    int ok = s->boundary ? (u >= 0.0f && u <= 1.0f) : (u > 0.0f && u < 1.0f);
    if (!ok) {
        s->status = ST_BAD_UNIFORM;
    }
    return u;
}

// Sets up a position: the sums of its rows with the input checks (non-finite, negative, zero mass) and the draft
// tokens' range. The scheme's own draft checks follow (sv_check_drafts), then sv_activate.
inline void sv_begin(sv_pos* s, int active, int V, int K, __global const float* P, __global const float* Pf,
                     __global const float* Q, int qStride, int nrows, __global const int* X, double rho,
                     int explicitU, int boundary, __global const float* ub, int ustride, ulong seed, ulong pos,
                     __local double* red) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    s->active = active;
    s->V = V;
    s->K = K;
    s->P = P;
    s->Pf = Pf;
    s->Q = Q;
    s->qStride = qStride;
    s->nrows = nrows;
    s->X = X;
    s->rho = rho;
    s->explicitU = explicitU;
    s->boundary = boundary;
    s->ub = ub;
    s->ustride = ustride;
    s->seed = seed;
    s->pos = pos;
    s->status = ST_OK;
    s->next = 0;
    s->lastU = 0.5f;
    s->minMargin = SV_INF;
    s->maxBound = 0.0;
    s->certified = 1;
    s->accepted = -1;
    s->token = -1;

    double v[SV_MAXK + 3];
    for (int i = 0; i < SV_MAXK + 3; i++) {
        v[i] = 0.0;
    }
    if (active) {
        for (int x = lid; x < V; x += L) {
            float a = P[x];
            v[0] += (double) a;
            v[nrows + 1] += (isnan(a) || isinf(a)) ? 1.0 : 0.0;
            v[nrows + 2] += (a < 0.0f) ? 1.0 : 0.0;
            for (int r = 0; r < nrows; r++) {
                float b = Q[r * qStride + x];
                v[1 + r] += (double) b;
                v[nrows + 1] += (isnan(b) || isinf(b)) ? 1.0 : 0.0;
                v[nrows + 2] += (b < 0.0f) ? 1.0 : 0.0;
            }
        }
    }
    sv_sum_n(v, SV_MAXK + 3, red);
    if (v[nrows + 1] > 0.0) {
        s->status = ST_NONFINITE;
    } else if (v[nrows + 2] > 0.0 || !(v[0] > 0.0)) {
        s->status = ST_BAD_INPUT;
    }
    for (int r = 0; r < SV_MAXK; r++) {
        s->invSq[r] = 0.0;
    }
    for (int r = 0; r < nrows; r++) {
        if (!(v[1 + r] > 0.0)) {
            s->status = ST_BAD_INPUT;
        } else {
            s->invSq[r] = 1.0 / v[1 + r];
        }
    }
    s->invSp = 1.0 / v[0];
    for (int j = 0; j < K; j++) {
        if (s->status == ST_OK && (X[j] < 0 || X[j] >= V)) {
            s->status = ST_BAD_TOKEN;
        }
    }
    s->g = sv_gamma((double) V + 2.0);
    s->gs = sv_gamma((double) V);
}

// The drafts x_first..x_{K-1} were sampled: each needs positive draft mass (in row j when perDraftRows, else row 0);
// with dupStatus >= 0, a draft equal to an earlier one gets that status.
inline void sv_check_drafts(sv_pos* s, int first, int perDraftRows, int dupStatus) {
    if (s->status != ST_OK) {
        return;
    }
    for (int j = first; j < s->K; j++) {
        int row = perDraftRows ? j : 0;
        if (!(s->Q[row * s->qStride + s->X[j]] > 0.0f)) {
            s->status = ST_ZERO_DRAFT_MASS;
        }
        if (dupStatus >= 0) {
            for (int i = 0; i < j; i++) {
                if (s->X[i] == s->X[j]) {
                    s->status = dupStatus;
                }
            }
        }
    }
}

// An inactive work-group (a finished chain request) runs the barriers only; its status is not an error.
inline int sv_activate(sv_pos* s) {
    if (!s->active) {
        s->status = ST_OK;
    }
    return s->active && s->status == ST_OK;
}

// The accept test u qx < a, recording its relative margin and error bound (in units of the uniform); errx bounds the
// error of the unnormalised residual at x, relq the relative error of qx, R and ER the residual total and its error.
inline int sv_accept(sv_pos* s, float u, double qx, double relq, double a, double errx, double R, double ER) {
    double U = SV_UNIT;
    double uq = (double) u * qx;
#ifdef SV_BROKEN_LE_ACCEPT
    int acc = uq <= a;
#else
    int acc = uq < a;
#endif
    double bound;
    if (R - ER > 0.0 && relq < 0.5) {
        double da = (errx + a * ER) / (R - ER) + 2.0 * U * a;
        bound = 2.0 * ((da + 2.0 * a * (relq + 2.0 * U)) / (qx * (1.0 - relq)) + 2.0 * U);
    } else {
        bound = SV_INF;
    }
    double m = fabs(uq - a) / qx;
    s->minMargin = fmin(s->minMargin, m);
    s->maxBound = fmax(s->maxBound, bound);
    s->certified &= m > bound;
    return acc;
}

// The residual's normalised accept threshold a = r(x) / R (the broken variant leaves it unnormalised after an update).
inline double sv_residual_ratio(double rx, int k, double R) {
#ifdef SV_BROKEN_UNNORMALISED_RESIDUAL
    return k > 0 ? rx : rx / R;
#else
    return rx / R;
#endif
}

// The uniform of the final draw.
inline float sv_final_uniform(sv_pos* s) {
#ifdef SV_BROKEN_REUSE_ACCEPT_UNIFORM
    if (s->next > 0) {
        return s->lastU;
    }
#endif
    return sv_uniform(s);
}

// ------------------------------------------------------------------------------------- residual weights per scheme

// rrs with iid drafts: (p - c q)+.
inline double sv_weight_iid(const sv_pos* s, __global const float* P, int k, int x, double c) {
    double p = (double) P[x] * s->invSp;
    if (k == 0) {
        return p;
    }
    double r = p - c * ((double) s->Q[x] * s->invSq[0]);
    return r > 0.0 ? r : 0.0;
}

// rrs with one draft law per draft: k updates (r - f_j q_j)+.
inline double sv_weight_independent(const sv_pos* s, __global const float* P, int k, int x, const double* f) {
    double r = (double) P[x] * s->invSp;
    if (k == 0) {
        return r;
    }
    for (int j = 0; j < k; j++) {
        r = r - f[j] * ((double) s->Q[j * s->qStride + x] * s->invSq[j]);
        r = r > 0.0 ? r : 0.0;
    }
    return r;
}

// rrs without replacement: k updates (r - f_j q_j)+, q_j being q with x_1..x_{j-1} removed (unnormalised).
inline double sv_weight_wor(const sv_pos* s, __global const float* P, int k, int x, const double* f) {
    double r = (double) P[x] * s->invSp;
    if (k == 0) {
        return r;
    }
    double q = (double) s->Q[x] * s->invSq[0];
    for (int j = 0; j < k; j++) {
        if (j > 0 && x == s->X[j - 1]) {
            q = 0.0;
        }
        r = r - f[j] * q;
        r = r > 0.0 ? r : 0.0;
    }
    return r;
}

// greedy: (p - f_0 q')+, q' being q outside the K - 1 fixed drafts.
inline double sv_weight_greedy(const sv_pos* s, __global const float* P, int k, int x, double f0) {
    double p = (double) P[x] * s->invSp;
    if (k == 0) {
        return p;
    }
    double q = (double) s->Q[x] * s->invSq[0];
    for (int j = 0; j < s->K - 1; j++) {
        if (x == s->X[j]) {
            q = 0.0;
        }
    }
    double r = p - f0 * q;
    return r > 0.0 ? r : 0.0;
}

// deterministic: p outside the first k drafts.
inline double sv_weight_deterministic(const sv_pos* s, __global const float* P, int k, int x) {
    double p = (double) P[x] * s->invSp;
    for (int j = 0; j < k; j++) {
        if (x == s->X[j]) {
            return 0.0;
        }
    }
    return p;
}

// K-SEQ: (p - kc min(q, p / rho))+.
inline double sv_weight_kseq(const sv_pos* s, __global const float* P, int k, int x, double kc) {
    double p = (double) P[x] * s->invSp;
    if (k == 0) {
        return p;
    }
    double q = (double) s->Q[x] * s->invSq[0];
    double pr = p / s->rho;
    double m = q < pr ? q : pr;
    double r = p - kc * m;
    return r > 0.0 ? r : 0.0;
}

// The weight of token x in a residual.
inline double sv_weight(const sv_pos* s, const sv_residual* r, __global const float* P, int x) {
    switch (r->scheme) {
        case SVP_IID:
            return sv_weight_iid(s, P, r->k, x, r->c);
        case SVP_INDEPENDENT:
            return sv_weight_independent(s, P, r->k, x, r->f);
        case SVP_WOR:
            return sv_weight_wor(s, P, r->k, x, r->f);
        case SVP_GREEDY:
            return sv_weight_greedy(s, P, r->k, x, r->f[0]);
        case SVP_DETERMINISTIC:
            return sv_weight_deterministic(s, P, r->k, x);
        default:
            return sv_weight_kseq(s, P, r->k, x, r->kc);
    }
}

// ------------------------------------------------------------------------------------------ the final draw (shared)

// Draws the output token from residual r with uniform u by a scan in tiles of L * SV_E tokens in token order, when
// fin; Ew bounds the error of the residual's weights (per unit of p and sigma). Every work-item runs every barrier.
void sv_draw(sv_pos* s, const sv_residual* r, int fin, float u, double Ew, __local double* red,
             __local double* tiles, __local int* li) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    int V = s->V;
    double U = SV_UNIT;
    int TE = L * SV_E;
    int nt = (V + TE - 1) / TE;
    for (int t = 0; t < nt; t++) {
        double sum = 0.0;
        if (fin) {
            int base = t * TE + lid * SV_E;
            for (int e = 0; e < SV_E; e++) {
                int y = base + e;
                if (y < V) {
                    sum += sv_weight(s, r, s->Pf, y);
                }
            }
        }
        double ts = sv_sum(sum, red);
        if (lid == 0) {
            tiles[t] = ts;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    double W = 0.0;
    for (int t = 0; t < nt; t++) {
        W += tiles[t];
    }
    int search = 0;
    double tt = 0.0;
    if (fin && s->status == ST_OK) {
        if (isnan(W) || isinf(W)) {
            s->status = ST_NONFINITE;
        } else if (!(W > 0.0)) {
#ifdef SV_BROKEN_EMPTY_FALLBACK
            s->token = 0;
#else
            s->status = ST_EMPTY_RESIDUAL;
#endif
        } else {
            tt = (double) u * W;
            if (!(tt < W)) {
                s->status = ST_NO_CELL;
            } else {
                search = 1;
            }
        }
    }
    int tile = 0;
    double accTile = 0.0;
    int clamped = 0;
    if (search) {
        int found = -1;
        double acc = 0.0;
        for (int t = 0; t < nt; t++) {
            double nx = acc + tiles[t];
            if (found < 0 && tiles[t] > 0.0 && tt < nx) {
                found = t;
                accTile = acc;
            }
            acc = nx;
        }
        if (found < 0) {
            // rounding put u W past the last positive tile: the last positive one (a near tie, uncertified)
            clamped = 1;
            acc = 0.0;
            for (int t = 0; t < nt; t++) {
                if (tiles[t] > 0.0) {
                    found = t;
                    accTile = acc;
                }
                acc += tiles[t];
            }
        }
        tile = found;
    }
    double t2 = tt - accTile;
    if (search && t2 < 0.0) {
        t2 = 0.0;
        clamped = 1;
    }
    // the work-items' sums within the tile
    double s2 = 0.0;
    int base = tile * TE + lid * SV_E;
    if (search) {
        for (int e = 0; e < SV_E; e++) {
            int y = base + e;
            if (y < V) {
                s2 += sv_weight(s, r, s->Pf, y);
            }
        }
    }
    red[lid] = s2;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid == 0) {
        int owner = -1;
        int lastPos = -1;
        double a2 = 0.0;
        double aOwner = 0.0;
        double aLast = 0.0;
        for (int i = 0; i < L; i++) {
            double nx = a2 + red[i];
            if (red[i] > 0.0) {
                lastPos = i;
                aLast = a2;
                if (owner < 0 && t2 < nx) {
                    owner = i;
                    aOwner = a2;
                }
            }
            a2 = nx;
        }
        int cl = clamped;
        if (owner < 0) {
            owner = lastPos;
            aOwner = aLast;
            cl = 1;
        }
        double t3 = t2 - aOwner;
        if (t3 < 0.0) {
            t3 = 0.0;
            cl = 1;
        }
        li[0] = owner;
        li[1] = -1;
        li[2] = cl;
        tiles[nt] = t3;
        tiles[nt + 1] = 0.0;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    if (search && lid == li[0]) {
        double t3 = tiles[nt];
        double a3 = 0.0;
        int found = -1;
        int lastPos = -1;
        double mg = 0.0;
        for (int e = 0; e < SV_E; e++) {
            int y = base + e;
            if (y < V) {
                double w = sv_weight(s, r, s->Pf, y);
                double nx = a3 + w;
                if (w > 0.0) {
                    lastPos = y;
                    if (found < 0 && t3 < nx) {
                        found = y;
                        mg = fmin(t3 - a3, nx - t3);
                    }
                }
                a3 = nx;
            }
        }
        if (found < 0) {
            found = lastPos;
            mg = 0.0;
        }
        li[1] = found;
        tiles[nt + 1] = li[2] ? 0.0 : mg;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    if (search) {
        s->token = li[1];
        double mrel = tiles[nt + 1] / W;
        double gs = s->gs;
        double ewAll = Ew * (1.0 + gs) + gs * (W + Ew);
        double bound = (W - ewAll > 0.0) ? 2.0 * (2.0 * ewAll / (W - ewAll) + 6.0 * U) : SV_INF;
        s->minMargin = fmin(s->minMargin, mrel);
        s->maxBound = fmax(s->maxBound, bound);
        s->certified &= mrel > bound;
        if (s->token < 0) {
            s->status = ST_EMPTY_RESIDUAL;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

// The final draw when no draft was accepted (the uniform drawn only then).
inline void sv_draw_if_rejected(sv_pos* s, const sv_residual* r, double Ew, __local double* red,
                                __local double* tiles, __local int* li) {
    int fin = s->active && s->status == ST_OK && s->accepted < 0;
    float u = 0.5f;
    if (fin) {
        u = sv_final_uniform(s);
    }
    sv_draw(s, r, fin, u, Ew, red, tiles, li);
}

inline void sv_residual_init(sv_residual* r, int scheme) {
    r->scheme = scheme;
    r->k = 0;
    for (int i = 0; i < SV_MAXK; i++) {
        r->f[i] = 0.0;
    }
    r->c = 0.0;
    r->kc = 0.0;
}

// --------------------------------------------------------------------------------------------- one per scheme

// sd and rrs with K iid drafts: test x_j against the residual (p - c q)+ / R, c growing by R at each rejection.
void sv_decide_iid(sv_pos* s, __local double* red, __local double* tiles, __local int* li) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    sv_check_drafts(s, 0, 0, -1);
    int running = sv_activate(s);
    double U = SV_UNIT;
    double g = s->g;
    double A = g;
    double Bc = 0.0;
    double R = 1.0;
    double ER = 0.0;
    double epsc = 0.0;
    sv_residual r;
    sv_residual_init(&r, SVP_IID);
    for (int j = 0; j < s->K; j++) {
        int x = s->X[j];
        int reduce = 0;
        if (running) {
            float u = sv_uniform(s);
            s->lastU = u;
            if (s->status != ST_OK) {
                running = 0;
            } else {
                double px = (double) s->P[x] * s->invSp;
                double rx = sv_weight_iid(s, s->P, r.k, x, r.c);
                double qx = (double) s->Q[x] * s->invSq[0];
                double a = sv_residual_ratio(rx, r.k, R);
                double sig = (double) s->Q[x] * s->invSq[0];
                double errx = (A * px + Bc * sig) * (1.0 + 2.0 * g);
                if (sv_accept(s, u, qx, g, a, errx, R, ER)) {
                    s->accepted = j;
                    s->token = x;
                    running = 0;
                } else {
                    double c2 = r.c + R;
                    epsc = epsc + ER + U * c2;
                    r.c = c2;
                    A = g + 2.0 * U;
                    Bc = epsc + (r.c + epsc) * (g + 3.0 * U) * (1.0 + g);
                    r.k++;
                    reduce = j < s->K - 1;
                }
            }
        }
        // the residual total for the next test (the barriers run whether or not a pass is needed)
        double part = 0.0;
        if (reduce) {
            for (int y = lid; y < s->V; y += L) {
                part += sv_weight_iid(s, s->P, r.k, y, r.c);
            }
        }
        double total = sv_sum(part, red);
        if (reduce) {
            R = total;
            ER = (A + Bc * 1.0) * (1.0 + s->gs) + s->gs;
        }
    }
    sv_draw_if_rejected(s, &r, A + Bc, red, tiles, li);
}

// rrs with one draft law per draft: test x_j (from row j) against the residual after j updates r <- (r - f_j q_j)+.
void sv_decide_independent(sv_pos* s, __local double* red, __local double* tiles, __local int* li) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    sv_check_drafts(s, 0, 1, -1);
    int running = sv_activate(s);
    double U = SV_UNIT;
    double g = s->g;
    double A = g;
    double Bc = 0.0;
    double R = 1.0;
    double ER = 0.0;
    double Qt = 1.0;
    double EQ = 0.0;
    sv_residual r;
    sv_residual_init(&r, SVP_INDEPENDENT);
    for (int j = 0; j < s->K; j++) {
        int x = s->X[j];
        int reduce = 0;
        if (running) {
            float u = sv_uniform(s);
            s->lastU = u;
            if (s->status != ST_OK) {
                running = 0;
            } else {
                double px = (double) s->P[x] * s->invSp;
                double rx = sv_weight_independent(s, s->P, r.k, x, r.f);
                double qx = (double) s->Q[j * s->qStride + x] * s->invSq[j];
                double a = sv_residual_ratio(rx, r.k, R);
                double sig = 0.0;
                for (int i = 0; i < r.k; i++) {
                    sig += (double) s->Q[i * s->qStride + x] * s->invSq[i];
                }
                double errx = (A * px + Bc * sig) * (1.0 + 2.0 * g);
                if (sv_accept(s, u, qx, g, a, errx, R, ER)) {
                    s->accepted = j;
                    s->token = x;
                    running = 0;
                } else {
                    double fj = R / Qt;
                    double ef = (Qt - EQ > 0.0) ? (ER + fj * EQ) / (Qt - EQ) + U * fj : SV_INF;
                    r.f[j] = fj;
                    double D = (ef + (fj + ef) * (g + 3.0 * U)) * (1.0 + g) * (1.0 + U);
                    Bc = fmax(Bc * (1.0 + U), D);
                    A = A + U * (1.0 + A);
                    r.k++;
                    reduce = j < s->K - 1;
                }
            }
        }
        double part = 0.0;
        if (reduce) {
            for (int y = lid; y < s->V; y += L) {
                part += sv_weight_independent(s, s->P, r.k, y, r.f);
            }
        }
        double total = sv_sum(part, red);
        if (reduce) {
            R = total;
            ER = (A + Bc * (double) r.k) * (1.0 + s->gs) + s->gs;
        }
    }
    sv_draw_if_rejected(s, &r, A + Bc * (double) r.k, red, tiles, li);
}

// rrs without replacement: test x_j against the residual after j updates with q renormalised outside x_1..x_{j-1};
// the draft mass left (Qt) comes from a reduction, not 1 - q(drafts), which would cancel when it is small.
void sv_decide_wor(sv_pos* s, __local double* red, __local double* tiles, __local int* li) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    sv_check_drafts(s, 0, 0, ST_BAD_INPUT);
    int running = sv_activate(s);
    double U = SV_UNIT;
    double g = s->g;
    double gs = s->gs;
    double A = g;
    double Bc = 0.0;
    double R = 1.0;
    double ER = 0.0;
    double Qt = 1.0;
    double EQ = 0.0;
    double qTot[SV_MAXK + 1];
    for (int i = 0; i <= SV_MAXK; i++) {
        qTot[i] = 1.0;
    }
    sv_residual r;
    sv_residual_init(&r, SVP_WOR);
    for (int j = 0; j < s->K; j++) {
        int x = s->X[j];
        int reduce = 0;
        if (running) {
            float u = sv_uniform(s);
            s->lastU = u;
            if (s->status != ST_OK) {
                running = 0;
            } else {
                double px = (double) s->P[x] * s->invSp;
                double rx = sv_weight_wor(s, s->P, r.k, x, r.f);
                double qx = (double) s->Q[x] * s->invSq[0] / Qt;
                double relq = (Qt - EQ > 0.0) ? g + (EQ + 2.0 * U) / (Qt - EQ) : SV_INF;
                double a = sv_residual_ratio(rx, r.k, R);
                double sig = 0.0;
                double q = (double) s->Q[x] * s->invSq[0];
                for (int i = 0; i < r.k; i++) {
                    if (i > 0 && x == s->X[i - 1]) {
                        q = 0.0;
                    }
                    sig += q / qTot[i];
                }
                double errx = (A * px + Bc * sig) * (1.0 + 2.0 * g);
                if (sv_accept(s, u, qx, relq, a, errx, R, ER)) {
                    s->accepted = j;
                    s->token = x;
                    running = 0;
                } else {
                    double fj = R / Qt;
                    double ef = (Qt - EQ > 0.0) ? (ER + fj * EQ) / (Qt - EQ) + U * fj : SV_INF;
                    r.f[j] = fj;
                    double D = (ef + (fj + ef) * (g + 3.0 * U)) * (1.0 + g) * (1.0 + U);
                    Bc = fmax(Bc * (1.0 + U), D);
                    A = A + U * (1.0 + A);
                    r.k++;
                    reduce = j < s->K - 1;
                }
            }
        }
        // the residual total and the draft mass left after masking x_1..x_k, by one pass
        double s2[2] = {0.0, 0.0};
        if (reduce) {
            for (int y = lid; y < s->V; y += L) {
                s2[0] += sv_weight_wor(s, s->P, r.k, y, r.f);
                int masked = 0;
                for (int i = 0; i < r.k; i++) {
                    masked |= y == s->X[i];
                }
                s2[1] += masked ? 0.0 : (double) s->Q[y] * s->invSq[0];
            }
        }
        sv_sum_n(s2, 2, red);
        if (reduce) {
            R = s2[0];
            ER = (A + Bc * (double) r.k) * (1.0 + gs) + gs;
            Qt = s2[1];
            EQ = (g + gs) * (1.0 + gs) * Qt;
            qTot[r.k] = Qt;
        }
    }
    sv_draw_if_rejected(s, &r, A + Bc * (double) r.k, red, tiles, li);
}

// greedy: the K - 1 most likely tokens are fixed, only the last draft x_{K-1} (drawn from q outside them) is tested,
// against p / q'; the draft mass outside the fixed drafts comes from a reduction.
void sv_decide_greedy(sv_pos* s, __local double* red, __local double* tiles, __local int* li) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    int K = s->K;
    sv_check_drafts(s, K - 1, 0, ST_ZERO_DRAFT_MASS);
    int running = sv_activate(s);
    double U = SV_UNIT;
    double g = s->g;
    double gs = s->gs;
    double A = g;
    double Bc = 0.0;
    double R = 1.0;
    double ER = 0.0;
    sv_residual r;
    sv_residual_init(&r, SVP_GREEDY);
    double sg = 0.0;
    if (running) {
        for (int x = lid; x < s->V; x += L) {
            int inT = 0;
            for (int j = 0; j < K - 1; j++) {
                inT |= x == s->X[j];
            }
            if (!inT) {
                sg += (double) s->Q[x] * s->invSq[0];
            }
        }
    }
    double Qt = sv_sum(sg, red);
    double EQ = (g + gs) * (1.0 + gs) * Qt;
    if (running && K > 0) {
        int j = K - 1;
        int x = s->X[j];
        float u = sv_uniform(s);
        s->lastU = u;
        if (s->status == ST_OK) {
            double px = (double) s->P[x] * s->invSp;
            double rx = sv_weight_greedy(s, s->P, r.k, x, r.f[0]);
            double qx = (double) s->Q[x] * s->invSq[0] / Qt;
            double relq = (Qt - EQ > 0.0) ? g + (EQ + 2.0 * U) / (Qt - EQ) : SV_INF;
            double a = sv_residual_ratio(rx, r.k, R);
            double sig = (double) s->Q[x] * s->invSq[0] / Qt;
            double errx = (A * px + Bc * sig) * (1.0 + 2.0 * g);
            if (sv_accept(s, u, qx, relq, a, errx, R, ER)) {
                s->accepted = j;
                s->token = x;
            } else {
                r.f[0] = 1.0 / Qt;
                double ef = (Qt - EQ > 0.0) ? (EQ / Qt) / (Qt - EQ) + U * r.f[0] : SV_INF;
                Bc = (ef + (r.f[0] + ef) * (g + 3.0 * U)) * (1.0 + g) * (1.0 + U);
                A = A + U * (1.0 + A);
                r.k = 1;
            }
        }
    }
    sv_draw_if_rejected(s, &r, A + Bc * (double) r.k, red, tiles, li);
}

// deterministic drafts: each distinct draft x_j is accepted with probability p(x_j) / R, R the target mass outside
// the earlier ones; the residual is p outside the drafts tested. Chain mode's bonus token is this scheme with K = 0.
void sv_decide_deterministic(sv_pos* s, __local double* red, __local double* tiles, __local int* li) {
    int running = sv_activate(s);
    double U = SV_UNIT;
    double g = s->g;
    double A = g;
    double Bc = 0.0;
    double R = 1.0;
    double ER = 0.0;
    sv_residual r;
    sv_residual_init(&r, SVP_DETERMINISTIC);
    for (int j = 0; j < s->K; j++) {
        int x = s->X[j];
        int tested = running;
        for (int i = 0; i < j; i++) {
            if (s->X[i] == x) {
                tested = 0;
            }
        }
        if (tested) {
            float u = sv_uniform(s);
            s->lastU = u;
            if (s->status != ST_OK) {
                running = 0;
            } else {
                double px = (double) s->P[x] * s->invSp;
                double rx = sv_weight_deterministic(s, s->P, r.k, x);
                double a = sv_residual_ratio(rx, r.k, R);
                double errx = (A * px + Bc * 0.0) * (1.0 + 2.0 * g);
                if (sv_accept(s, u, 1.0, 0.0, a, errx, R, ER)) {
                    s->accepted = j;
                    s->token = x;
                    running = 0;
                } else {
                    R = R - px;
                    ER = ER + A * px * (1.0 + 2.0 * g) + U;
                    r.k = j + 1;
                }
            }
        }
    }
    sv_draw_if_rejected(s, &r, A, red, tiles, li);
}

// K-SEQ: each draft is accepted with probability min(1, p / (rho q)) (rho from the host); when all are rejected the
// output is drawn from (p - kc min(q, p / rho))+, kc = sum over j < K of (1 - beta)^j, beta = sum of min(q, p / rho).
void sv_decide_kseq(sv_pos* s, __local double* red, __local double* tiles, __local int* li) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    int K = s->K;
    sv_check_drafts(s, 0, 0, -1);
    int running = sv_activate(s);
    double U = SV_UNIT;
    double g = s->g;
    double gs = s->gs;
    double rho = s->rho;
    sv_residual r;
    sv_residual_init(&r, SVP_KSEQ);
    for (int j = 0; j < K; j++) {
        int x = s->X[j];
        if (running) {
            float u = sv_uniform(s);
            s->lastU = u;
            if (s->status != ST_OK) {
                running = 0;
            } else {
                double px = (double) s->P[x] * s->invSp;
                double qx = rho * ((double) s->Q[x] * s->invSq[0]);
                if (sv_accept(s, u, qx, g + U, px, g * px, 1.0, 0.0)) {
                    s->accepted = j;
                    s->token = x;
                    running = 0;
                }
            }
        }
    }
    int fin = s->active && s->status == ST_OK && s->accepted < 0;
    double sb = 0.0;
    if (fin) {
        for (int y = lid; y < s->V; y += L) {
            double p = (double) s->P[y] * s->invSp;
            double q = (double) s->Q[y] * s->invSq[0];
            double pr = p / rho;
            sb += q < pr ? q : pr;
        }
    }
    double beta = sv_sum(sb, red);
    double om = 1.0 - beta;
    r.kc = 1.0;
    for (int j = 1; j < K; j++) {
        r.kc = 1.0 + om * r.kc;
    }
    double eb = 2.0 * (g + U) * (1.0 + gs) + 2.0 * gs;
    double ec = 0.5 * (double) K * (double) K * (eb + U) + 3.0 * (double) K * (double) K * U;
    double A = g + 2.0 * U;
    double Bc = (ec + (r.kc + ec) * (g + 3.0 * U)) * (1.0 + g) * (1.0 + U);
    r.k = 1;
    sv_draw_if_rejected(s, &r, A + Bc, red, tiles, li);
}

// One position's decision by its scheme's function. Writes token, accepted draft (-1 residual), status, certified
// flag (every comparison's computed margin above its error bound), the smallest computed relative margin and the
// largest error bound. Barriers are reached by every work-item of the group in the same order whatever the data
// (PoCL needs barriers outside data-dependent branches): with active = 0 the row passes are skipped but the barriers
// still run; the scheme is the same for the whole group.
void sv_decide(int active, int scheme, int V, int K, __global const float* P, __global const float* Pf,
               __global const float* Q, int qStride, int nrows, __global const int* X, double rho, int explicitU,
               int boundary, __global const float* ub, int ustride, ulong seed, ulong pos, __local double* red,
               __local double* tiles, __local int* li, int* outTok, int* outDraft, int* outStatus, int* outCert,
               float* outMargin, float* outBound) {
    sv_pos s;
    sv_begin(&s, active, V, K, P, Pf, Q, qStride, nrows, X, rho, explicitU, boundary, ub, ustride, seed, pos, red);
    switch (scheme) {
        case SVP_IID:
            sv_decide_iid(&s, red, tiles, li);
            break;
        case SVP_INDEPENDENT:
            sv_decide_independent(&s, red, tiles, li);
            break;
        case SVP_WOR:
            sv_decide_wor(&s, red, tiles, li);
            break;
        case SVP_GREEDY:
            sv_decide_greedy(&s, red, tiles, li);
            break;
        case SVP_DETERMINISTIC:
            sv_decide_deterministic(&s, red, tiles, li);
            break;
        default:
            sv_decide_kseq(&s, red, tiles, li);
            break;
    }
    if (s.status != ST_OK) {
        s.token = -1;
        s.accepted = -1;
        s.certified = 0;
    }
    *outTok = s.token;
    *outDraft = s.accepted;
    *outStatus = s.status;
    *outCert = s.certified;
    *outMargin = (float) s.minMargin;
    *outBound = (float) s.maxBound;
}
// B positions: target [B, V], draft [B, nrows, V] (nrows = K for one law per draft, else 1), tokens [B, K];
// out [B, 4] = token, accepted draft, status, certified; outf [B, 2] = smallest margin, largest error bound.
__kernel void sv_verify(__global const float* target, __global const float* draft, __global const int* tokens,
                        __global const float* ub, __global const double* rho, __global int* out,
                        __global float* outf, const int V, const int K, const int scheme, const int nrows,
                        const int explicitU, const int boundary, const int ustride, const ulong seed,
                        const ulong position0, const int B, __local double* red, __local double* tiles,
                        __local int* li) {
    int b = get_group_id(0);
    __global const float* P = target + (size_t) b * V;
    __global const float* Q = draft + (size_t) b * nrows * V;
    __global const int* X = tokens + (size_t) b * K;
#ifdef SV_BROKEN_WRONG_POSITION
    __global const float* Pf = target + (size_t) ((b + 1) % B) * V;
#else
    __global const float* Pf = P;
#endif
    int tok;
    int acc;
    int st;
    int cert;
    float mg;
    float bd;
    sv_decide(1, scheme, V, K, P, Pf, Q, V, nrows, X, scheme == SVP_KSEQ ? rho[b] : 1.0, explicitU, boundary,
              ub + (size_t) b * ustride, ustride, seed, position0 + (ulong) b, red, tiles, li, &tok, &acc, &st,
              &cert, &mg, &bd);
    if (get_local_id(0) == 0) {
        out[4 * b] = tok;
        out[4 * b + 1] = acc;
        out[4 * b + 2] = st;
        out[4 * b + 3] = cert;
        outf[2 * b] = mg;
        outf[2 * b + 1] = bd;
    }
}

// Chain mode of single-draft speculative decoding, one launch per step g = 0..G (PoCL cannot build a loop of barriered
// decisions inside one kernel, so the host enqueues G + 1 launches; the state stays on the device). Request b's
// position g is verified with the uniforms of stream position position0 + b (G + 1) + g; the first rejection emits the
// residual token and ends the request; at step G a request with all G accepted draws its bonus token from target row G
// with uniform 0 of position position0 + b (G + 1) + G.
// target [B, G + 1, V], draft [B, G, V], tokens [B, G]; state [B, 4] = accepted count, status, certified, done;
// emitted [B, G + 1] (count + 1 tokens valid, -1 after). Step 0 initialises the state.
__kernel void sv_chain_step(__global const float* target, __global const float* draft, __global const int* tokens,
                            __global int* state, __global int* emitted, const int V, const int G, const int g,
                            const ulong seed, const ulong position0, __local double* red, __local double* tiles,
                            __local int* li) {
    int b = get_group_id(0);
    int lid = get_local_id(0);
    int count = g == 0 ? 0 : state[4 * b];
    int status = g == 0 ? ST_OK : state[4 * b + 1];
    int cert = g == 0 ? 1 : state[4 * b + 2];
    int done = g == 0 ? 0 : state[4 * b + 3];
    barrier(CLK_GLOBAL_MEM_FENCE);
    int bonus = g == G;
    __global const float* P = target + ((size_t) b * (G + 1) + g) * V;
    __global const float* Q = bonus ? P : draft + ((size_t) b * G + g) * V;
    __global const int* X = tokens + (size_t) b * G + (bonus ? 0 : g);
    int tok;
    int acc;
    int st;
    int c1;
    float mg;
    float bd;
    int active = !done;
    sv_decide(active, bonus ? SVP_DETERMINISTIC : SVP_IID, V, bonus ? 0 : 1, P, P, Q, V, 1, X, 1.0, 0, 0, target, 0,
              seed, position0 + (ulong) b * (ulong) (G + 1) + (ulong) g, red, tiles, li, &tok, &acc, &st, &c1, &mg,
              &bd);
    if (active) {
        cert &= c1;
        if (st != ST_OK) {
            status = st;
            done = 1;
        } else {
            if (lid == 0) {
                emitted[(size_t) b * (G + 1) + g] = tok;
            }
            if (bonus || acc < 0) {
                done = 1;
            } else {
                count++;
            }
        }
    }
    if (lid == 0) {
        if (g == G) {
            int filled = status == ST_OK ? count + 1 : count;
            for (int i = filled; i < G + 1; i++) {
                emitted[(size_t) b * (G + 1) + i] = -1;
            }
            cert = status == ST_OK ? cert : 0;
        }
        state[4 * b] = count;
        state[4 * b + 1] = status;
        state[4 * b + 2] = cert;
        state[4 * b + 3] = done;
    }
}
