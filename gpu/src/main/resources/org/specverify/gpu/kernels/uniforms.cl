// Uniforms from Philox words, bit for bit as org.specverify.reference.random.CounterUniforms.
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

// (2m + 1) * 2^-24, m = top 23 bits of w: a float in (0, 1) with 24 significant bits, exact.
inline float sv_uniform_float(uint w) {
    return (float) (2u * (w >> 9) + 1u) * 0x1.0p-24f;
}

// m * 2^-24, m = top 24 bits of w: in [0, 1), can be 0.
inline float sv_uniform_float_closed_below(uint w) {
    return (float) (w >> 8) * 0x1.0p-24f;
}

// (m + 1) * 2^-24, m = top 24 bits of w: in (0, 1], can be 1.
inline float sv_uniform_float_closed_above(uint w) {
    return (float) ((w >> 8) + 1u) * 0x1.0p-24f;
}

// (2m + 1) * 2^-53, m = w0 (32 bits) followed by the top 20 bits of w1: a double in (0, 1), exact.
inline double sv_uniform_double(uint w0, uint w1) {
    ulong m = ((ulong) w0 << 20) | (ulong) (w1 >> 12);
    return (double) (2ul * m + 1ul) * 0x1.0p-53;
}

// Maps word pairs: out_f[4i..4i+2] the three float mappings of w0 (as bits), out_d[i] the double of (w0, w1).
__kernel void uniform_words(__global const uint* words, __global uint* out_f, __global double* out_d,
                            const uint n) {
    uint i = get_global_id(0);
    if (i >= n) {
        return;
    }
    uint w0 = words[2 * i];
    uint w1 = words[2 * i + 1];
    out_f[3 * i] = as_uint(sv_uniform_float(w0));
    out_f[3 * i + 1] = as_uint(sv_uniform_float_closed_below(w0));
    out_f[3 * i + 2] = as_uint(sv_uniform_float_closed_above(w0));
    out_d[i] = sv_uniform_double(w0, w1);
}
