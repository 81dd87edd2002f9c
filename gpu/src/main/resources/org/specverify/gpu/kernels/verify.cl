// Batched verification of draft selection schemes, one work-group per position (or per request in chain mode).
// Needs philox.cl and uniforms.cl before it. Inputs are float32 rows; every sum, product and comparison is made in
// double (each float widened exactly). Every work-item follows the same scalar path (the reductions hand every
// work-item the same value), so the barriers inside the reduction functions are reached uniformly.
//
// Compile-time switches SV_BROKEN_* build deliberately broken variants, kept as test fixtures (BrokenKernelsTest).
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF

#ifdef SV_BROKEN_BUILD
#error SV_BROKEN_BUILD: a build failure on purpose, so a test sees the compiler log reach the caller
#endif

#define SV_IID 0
#define SV_INDEPENDENT 1
#define SV_WOR 2
#define SV_GREEDY 3
#define SV_DETERMINISTIC 4
#define SV_KSEQ 5

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

// The next verifier uniform: Philox4x32-10 keyed by the seed, counter (draw, position, verify stream), word 0 mapped to
// (2m + 1) 2^-24; or the explicit uniform ub[draw].
inline float sv_uniform(int explicitU, int boundary, __global const float* ub, int ustride, ulong seed, ulong pos,
                        int* next, int* status) {
    int d = *next;
    *next = d + 1;
    if (!explicitU) {
        uint4 w = philox4x32_10((uint4)((uint) d, (uint) pos, (uint) (pos >> 32), SV_VERIFY_STREAM),
                                (uint2)((uint) seed, (uint) (seed >> 32)));
        return sv_uniform_float(w.x);
    }
    if (d >= ustride) {
        *status = ST_UNIFORMS_EXHAUSTED;
        return 0.5f;
    }
    float u = ub[d];
    int ok = boundary ? (u >= 0.0f && u <= 1.0f) : (u > 0.0f && u < 1.0f);
    if (!ok) {
        *status = ST_BAD_UNIFORM;
    }
    return u;
}

// Residual weight of token x after k updates (p-scale, unnormalised). f: factors of the updates; c: iid c_k; kc: K-SEQ c.
inline double sv_weight(int scheme, int k, int x, int K, __global const float* P, __global const float* Q, int qStride,
                        double invSp, const double* invSq, const double* f, double c, __global const int* X,
                        double rho, double kc) {
    double p = (double) P[x] * invSp;
    if (k == 0) {
        return p;
    }
    if (scheme == SV_IID) {
        double r = p - c * ((double) Q[x] * invSq[0]);
        return r > 0.0 ? r : 0.0;
    }
    if (scheme == SV_INDEPENDENT) {
        double r = p;
        for (int j = 0; j < k; j++) {
            r = r - f[j] * ((double) Q[j * qStride + x] * invSq[j]);
            r = r > 0.0 ? r : 0.0;
        }
        return r;
    }
    if (scheme == SV_WOR) {
        double q = (double) Q[x] * invSq[0];
        double r = p;
        for (int j = 0; j < k; j++) {
            if (j > 0 && x == X[j - 1]) {
                q = 0.0;
            }
            r = r - f[j] * q;
            r = r > 0.0 ? r : 0.0;
        }
        return r;
    }
    if (scheme == SV_GREEDY) {
        double q = (double) Q[x] * invSq[0];
        for (int j = 0; j < K - 1; j++) {
            if (x == X[j]) {
                q = 0.0;
            }
        }
        double r = p - f[0] * q;
        return r > 0.0 ? r : 0.0;
    }
    if (scheme == SV_DETERMINISTIC) {
        for (int j = 0; j < k; j++) {
            if (x == X[j]) {
                return 0.0;
            }
        }
        return p;
    }
    // K-SEQ residual p - c min(q, p / rho)
    double q = (double) Q[x] * invSq[0];
    double pr = p / rho;
    double m = q < pr ? q : pr;
    double r = p - kc * m;
    return r > 0.0 ? r : 0.0;
}

// sigma(x) = sum over the updates so far of the step's normalised draft law at x (used by the error bound).
inline double sv_sigma(int scheme, int k, int x, int K, __global const float* Q, int qStride, const double* invSq,
                       const double* qTot, __global const int* X) {
    double s = 0.0;
    if (scheme == SV_IID || scheme == SV_KSEQ) {
        return (double) Q[x] * invSq[0];
    }
    if (scheme == SV_INDEPENDENT) {
        for (int j = 0; j < k; j++) {
            s += (double) Q[j * qStride + x] * invSq[j];
        }
        return s;
    }
    if (scheme == SV_WOR) {
        double q = (double) Q[x] * invSq[0];
        for (int j = 0; j < k; j++) {
            if (j > 0 && x == X[j - 1]) {
                q = 0.0;
            }
            s += q / qTot[j];
        }
        return s;
    }
    if (scheme == SV_GREEDY) {
        return (double) Q[x] * invSq[0] / qTot[0];
    }
    return 0.0;
}

// One position's decision. Writes token, accepted draft (-1 residual), status, certified flag (every comparison's
// computed margin above its error bound), the smallest computed relative margin and the largest error bound.
// Barriers are reached by every work-item of the group in the same order whatever the data (PoCL needs barriers outside
// data-dependent branches): with active = 0 the row passes are skipped but the barriers still run.
void sv_decide(int active, int scheme, int V, int K, __global const float* P, __global const float* Pf,
               __global const float* Q, int qStride, int nrows, __global const int* X, double rho, int explicitU,
               int boundary, __global const float* ub, int ustride, ulong seed, ulong pos, __local double* red,
               __local double* tiles, __local int* li, int* outTok, int* outDraft, int* outStatus, int* outCert,
               float* outMargin, float* outBound) {
    int lid = get_local_id(0);
    int L = get_local_size(0);
    int status = ST_OK;
    int next = 0;
    double minMargin = SV_INF;
    double maxBound = 0.0;
    int certified = 1;

    // sums of the rows, with input checks
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
        status = ST_NONFINITE;
    } else if (v[nrows + 2] > 0.0 || !(v[0] > 0.0)) {
        status = ST_BAD_INPUT;
    }
    double invSq[SV_MAXK];
    double f[SV_MAXK];
    double qTot[SV_MAXK + 1];
    for (int r = 0; r < SV_MAXK; r++) {
        invSq[r] = 0.0;
        f[r] = 0.0;
        qTot[r] = 1.0;
    }
    qTot[SV_MAXK] = 1.0;
    for (int r = 0; r < nrows; r++) {
        if (!(v[1 + r] > 0.0)) {
            status = ST_BAD_INPUT;
        } else {
            invSq[r] = 1.0 / v[1 + r];
        }
    }
    double invSp = 1.0 / v[0];
    for (int j = 0; j < K; j++) {
        if (status == ST_OK && (X[j] < 0 || X[j] >= V)) {
            status = ST_BAD_TOKEN;
        }
    }
    if (status == ST_OK) {
        for (int j = 0; j < K; j++) {
            int sampled = scheme == SV_IID || scheme == SV_INDEPENDENT || scheme == SV_WOR || scheme == SV_KSEQ
                || (scheme == SV_GREEDY && j == K - 1);
            int row = scheme == SV_INDEPENDENT ? j : 0;
            if (sampled && !(Q[row * qStride + X[j]] > 0.0f)) {
                status = ST_ZERO_DRAFT_MASS;
            }
            if (scheme == SV_WOR || (scheme == SV_GREEDY && j == K - 1)) {
                for (int i = 0; i < j; i++) {
                    if (X[i] == X[j]) {
                        status = scheme == SV_WOR ? ST_BAD_INPUT : ST_ZERO_DRAFT_MASS;
                    }
                }
            }
        }
    }
    if (!active) {
        status = ST_OK;
    }

    double U = SV_UNIT;
    double g = sv_gamma((double) V + 2.0);
    double gs = sv_gamma((double) V);
    // error state: |r^(x) - r(x)| <= A p(x) + Bc sigma(x); |R^ - R| <= ER; |Q^ - Q| <= EQ
    double A = g;
    double Bc = 0.0;
    double R = 1.0;
    double ER = 0.0;
    double c = 0.0;
    double epsc = 0.0;
    double Qt = 1.0;
    double EQ = 0.0;
    double kc = 0.0;
    int k = 0;
    int accepted = -1;
    int token = -1;
    float lastU = 0.5f;
    // greedy: the draft mass outside the fixed drafts, Q' = sum of q over x not in T, by a reduction (1 - q(T) would
    // cancel catastrophically when Q' is small)
    double sg = 0.0;
    if (active && status == ST_OK && scheme == SV_GREEDY) {
        for (int x = lid; x < V; x += L) {
            int inT = 0;
            for (int j = 0; j < K - 1; j++) {
                inT |= x == X[j];
            }
            if (!inT) {
                sg += (double) Q[x] * invSq[0];
            }
        }
    }
    double qrest = sv_sum(sg, red);
    if (scheme == SV_GREEDY) {
        Qt = qrest;
        EQ = (g + gs) * (1.0 + gs) * Qt;
        qTot[0] = Qt;
    }
    int running = active && status == ST_OK;

    for (int j = 0; j < K; j++) {
        int x = X[j];
        int tested = running;
        if (tested && scheme == SV_GREEDY && j < K - 1) {
            tested = 0;
        }
        if (tested && scheme == SV_DETERMINISTIC) {
            for (int i = 0; i < j; i++) {
                if (X[i] == x) {
                    tested = 0;
                }
            }
        }
        int reduce = 0;
        if (tested) {
            float u = sv_uniform(explicitU, boundary, ub, ustride, seed, pos, &next, &status);
            lastU = u;
            if (status != ST_OK) {
                running = 0;
                tested = 0;
            } else {
                double qx;
                double relq;
                double a;
                double errx;
                double px = (double) P[x] * invSp;
                if (scheme == SV_KSEQ) {
                    qx = rho * ((double) Q[x] * invSq[0]);
                    relq = g + U;
                    a = px;
                    errx = g * px;
                } else {
                    double rx = sv_weight(scheme, k, x, K, P, Q, qStride, invSp, invSq, f, c, X, rho, kc);
                    if (scheme == SV_DETERMINISTIC) {
                        qx = 1.0;
                        relq = 0.0;
                    } else if (scheme == SV_INDEPENDENT) {
                        qx = (double) Q[j * qStride + x] * invSq[j];
                        relq = g;
                    } else if (scheme == SV_IID) {
                        qx = (double) Q[x] * invSq[0];
                        relq = g;
                    } else {
                        qx = (double) Q[x] * invSq[0] / Qt;
                        relq = (Qt - EQ > 0.0) ? g + (EQ + 2.0 * U) / (Qt - EQ) : SV_INF;
                    }
#ifdef SV_BROKEN_UNNORMALISED_RESIDUAL
                    a = k > 0 ? rx : rx / R;
#else
                    a = rx / R;
#endif
                    double sig = sv_sigma(scheme, k, x, K, Q, qStride, invSq, qTot, X);
                    errx = (A * px + Bc * sig) * (1.0 + 2.0 * g);
                }
                double uq = (double) u * qx;
#ifdef SV_BROKEN_LE_ACCEPT
                int acc = uq <= a;
#else
                int acc = uq < a;
#endif
                // error bound of the comparison in units of the uniform (the trace's relative margin |u - p_k/q_k|)
                double bound;
                if (R - ER > 0.0 && relq < 0.5) {
                    double da = (errx + a * ER) / (R - ER) + 2.0 * U * a;
                    bound = 2.0 * ((da + 2.0 * a * (relq + 2.0 * U)) / (qx * (1.0 - relq)) + 2.0 * U);
                } else {
                    bound = SV_INF;
                }
                double m = fabs(uq - a) / qx;
                minMargin = fmin(minMargin, m);
                maxBound = fmax(maxBound, bound);
                certified &= m > bound;
                if (acc) {
                    accepted = j;
                    token = x;
                    running = 0;
                } else if (scheme == SV_DETERMINISTIC) {
                    R = R - px;
                    ER = ER + A * px * (1.0 + 2.0 * g) + U;
                    k = j + 1;
                } else if (scheme == SV_GREEDY) {
                    f[0] = 1.0 / Qt;
                    double ef = (Qt - EQ > 0.0) ? (EQ / Qt) / (Qt - EQ) + U * f[0] : SV_INF;
                    Bc = (ef + (f[0] + ef) * (g + 3.0 * U)) * (1.0 + g) * (1.0 + U);
                    A = A + U * (1.0 + A);
                    k = 1;
                } else if (scheme == SV_IID) {
                    double c2 = c + R;
                    epsc = epsc + ER + U * c2;
                    c = c2;
                    A = g + 2.0 * U;
                    Bc = epsc + (c + epsc) * (g + 3.0 * U) * (1.0 + g);
                    k++;
                    reduce = j < K - 1;
                } else if (scheme == SV_INDEPENDENT || scheme == SV_WOR) {
                    double fj = R / Qt;
                    double ef = (Qt - EQ > 0.0) ? (ER + fj * EQ) / (Qt - EQ) + U * fj : SV_INF;
                    f[j] = fj;
                    double D = (ef + (fj + ef) * (g + 3.0 * U)) * (1.0 + g) * (1.0 + U);
                    Bc = fmax(Bc * (1.0 + U), D);
                    A = A + U * (1.0 + A);

                    k++;
                    reduce = j < K - 1;
                }
            }
        }
        // the residual total for the next test (barriers run whether or not a pass is needed)
        // rrs-wor: also the draft mass left after masking x_1..x_k, by the same pass (no cancellation)
        double s2[2] = {0.0, 0.0};
        if (reduce) {
            for (int y = lid; y < V; y += L) {
                s2[0] += sv_weight(scheme, k, y, K, P, Q, qStride, invSp, invSq, f, c, X, rho, kc);
                if (scheme == SV_WOR) {
                    int masked = 0;
                    for (int i = 0; i < k; i++) {
                        masked |= y == X[i];
                    }
                    s2[1] += masked ? 0.0 : (double) Q[y] * invSq[0];
                }
            }
        }
        sv_sum_n(s2, 2, red);
        if (reduce) {
            R = s2[0];
            ER = (A + Bc * (scheme == SV_IID ? 1.0 : (double) k)) * (1.0 + gs) + gs;
            if (scheme == SV_WOR) {
                Qt = s2[1];
                EQ = (g + gs) * (1.0 + gs) * Qt;
                qTot[k] = Qt;
            }
        }
    }

    // the final draw from the residual, in tiles of L * SV_E tokens in token order
    int fin = active && status == ST_OK && accepted < 0;
    double sb = 0.0;
    if (fin && scheme == SV_KSEQ) {
        for (int y = lid; y < V; y += L) {
            double p = (double) P[y] * invSp;
            double q = (double) Q[y] * invSq[0];
            double pr = p / rho;
            sb += q < pr ? q : pr;
        }
    }
    double beta = sv_sum(sb, red);
    double Ew;
    if (scheme == SV_KSEQ) {
        double om = 1.0 - beta;
        kc = 1.0;
        for (int j = 1; j < K; j++) {
            kc = 1.0 + om * kc;
        }
        double eb = 2.0 * (g + U) * (1.0 + gs) + 2.0 * gs;
        double ec = 0.5 * (double) K * (double) K * (eb + U) + 3.0 * (double) K * (double) K * U;
        A = g + 2.0 * U;
        Bc = (ec + (kc + ec) * (g + 3.0 * U)) * (1.0 + g) * (1.0 + U);
        Ew = A + Bc;
        k = 1;
    } else if (scheme == SV_DETERMINISTIC) {
        Ew = A;
    } else if (scheme == SV_IID) {
        Ew = A + Bc;
    } else {
        Ew = A + Bc * (double) k;
    }
    float u = 0.5f;
    if (fin) {
#ifdef SV_BROKEN_REUSE_ACCEPT_UNIFORM
        if (next > 0) {
            u = lastU;
        } else {
            u = sv_uniform(explicitU, boundary, ub, ustride, seed, pos, &next, &status);
        }
#else
        u = sv_uniform(explicitU, boundary, ub, ustride, seed, pos, &next, &status);
#endif
    }
    int TE = L * SV_E;
    int nt = (V + TE - 1) / TE;
    for (int t = 0; t < nt; t++) {
        double s = 0.0;
        if (fin) {
            int base = t * TE + lid * SV_E;
            for (int e = 0; e < SV_E; e++) {
                int y = base + e;
                if (y < V) {
                    s += sv_weight(scheme, k, y, K, Pf, Q, qStride, invSp, invSq, f, c, X, rho, kc);
                }
            }
        }
        double ts = sv_sum(s, red);
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
    if (fin && status == ST_OK) {
        if (isnan(W) || isinf(W)) {
            status = ST_NONFINITE;
        } else if (!(W > 0.0)) {
#ifdef SV_BROKEN_EMPTY_FALLBACK
            token = 0;
#else
            status = ST_EMPTY_RESIDUAL;
#endif
        } else {
            tt = (double) u * W;
            if (!(tt < W)) {
                status = ST_NO_CELL;
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
                s2 += sv_weight(scheme, k, y, K, Pf, Q, qStride, invSp, invSq, f, c, X, rho, kc);
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
                double w = sv_weight(scheme, k, y, K, Pf, Q, qStride, invSp, invSq, f, c, X, rho, kc);
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
        token = li[1];
        double mrel = tiles[nt + 1] / W;
        double ewAll = Ew * (1.0 + gs) + gs * (W + Ew);
        double bound = (W - ewAll > 0.0) ? 2.0 * (2.0 * ewAll / (W - ewAll) + 6.0 * U) : SV_INF;
        minMargin = fmin(minMargin, mrel);
        maxBound = fmax(maxBound, bound);
        certified &= mrel > bound;
        if (token < 0) {
            status = ST_EMPTY_RESIDUAL;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    if (status != ST_OK) {
        token = -1;
        accepted = -1;
        certified = 0;
    }
    *outTok = token;
    *outDraft = accepted;
    *outStatus = status;
    *outCert = certified;
    *outMargin = (float) minMargin;
    *outBound = (float) maxBound;
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
    sv_decide(1, scheme, V, K, P, Pf, Q, V, nrows, X, scheme == SV_KSEQ ? rho[b] : 1.0, explicitU, boundary,
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
    sv_decide(active, bonus ? SV_DETERMINISTIC : SV_IID, V, bonus ? 0 : 1, P, P, Q, V, 1, X, 1.0, 0, 0, target, 0,
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
