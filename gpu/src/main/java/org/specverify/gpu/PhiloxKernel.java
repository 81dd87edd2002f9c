package org.specverify.gpu;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The OpenCL Philox4x32-10 (kernels/philox.cl), the counter-based generator every GPU kernel of this project draws its
 * uniforms from. Checked bit for bit against {@code org.specverify.reference.random.Philox4x32}.
 */
public final class PhiloxKernel implements AutoCloseable {
    private final ClProgram program;

    public PhiloxKernel(OpenCl.Device device) {
        this.program = new ClProgram(device, "philox.cl");
    }

    /**
     * Blocks for n inputs given as 6n ints (k0, k1, c0, c1, c2, c3 per item); returns 4n ints.
     *
     * @throws IllegalArgumentException when the input length is not a multiple of 6
     */
    public int[] blocks(int[] keysAndCounters) {
        if (keysAndCounters.length % 6 != 0) {
            throw new IllegalArgumentException("expected 6 ints per item, got " + keysAndCounters.length + " ints");
        }
        int n = keysAndCounters.length / 6;
        int[] out = new int[4 * n];
        if (n == 0) {
            return out;
        }
        cl_mem in = clCreateBuffer(program.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
            (long) Sizeof.cl_uint * keysAndCounters.length, Pointer.to(keysAndCounters), null);
        cl_mem res = clCreateBuffer(program.context(), CL_MEM_WRITE_ONLY, (long) Sizeof.cl_uint * out.length, null,
            null);
        cl_kernel kernel = clCreateKernel(program.program(), "philox_blocks", null);
        try {
            clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(in));
            clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(res));
            clSetKernelArg(kernel, 2, Sizeof.cl_uint, Pointer.to(new int[] {n}));
            clEnqueueNDRangeKernel(program.queue(), kernel, 1, null, new long[] {n}, null, 0, null, null);
            clEnqueueReadBuffer(program.queue(), res, CL_TRUE, 0, (long) Sizeof.cl_uint * out.length, Pointer.to(out),
                0, null, null);
        } finally {
            clReleaseKernel(kernel);
            clReleaseMemObject(in);
            clReleaseMemObject(res);
        }
        return out;
    }

    @Override
    public void close() {
        program.close();
    }
}
