// Philox4x32-10 (Salmon et al., SC11): the same pure function as org.specverify.reference.random.Philox4x32.
#pragma OPENCL FP_CONTRACT OFF

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

inline uint4 philox4x32_10(uint4 ctr, uint2 key) {
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            key.x += PHILOX_W0;
            key.y += PHILOX_W1;
        }
        uint hi0 = mul_hi(PHILOX_M0, ctr.x);
        uint lo0 = PHILOX_M0 * ctr.x;
        uint hi1 = mul_hi(PHILOX_M1, ctr.z);
        uint lo1 = PHILOX_M1 * ctr.z;
        ctr = (uint4)(hi1 ^ ctr.y ^ key.x, lo1, hi0 ^ ctr.w ^ key.y, lo0);
    }
    return ctr;
}

// One block per work item: in holds (k0, k1, c0, c1, c2, c3) per item, out receives the four words.
__kernel void philox_blocks(__global const uint* in, __global uint* out, const uint n) {
    uint i = get_global_id(0);
    if (i >= n) {
        return;
    }
    __global const uint* s = in + 6 * i;
    uint4 w = philox4x32_10((uint4)(s[2], s[3], s[4], s[5]), (uint2)(s[0], s[1]));
    out[4 * i] = w.x;
    out[4 * i + 1] = w.y;
    out[4 * i + 2] = w.z;
    out[4 * i + 3] = w.w;
}
