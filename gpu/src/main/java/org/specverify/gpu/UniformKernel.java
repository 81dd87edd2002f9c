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
 * The OpenCL uniform mappings (kernels/uniforms.cl) run on word pairs, so a test can compare them bit for bit with
 * {@code org.specverify.reference.random.CounterUniforms}.
 */
public final class UniformKernel implements AutoCloseable {
    /** The mappings of one word pair. */
    public record Mapped(float[] open, float[] closedBelow, float[] closedAbove, double[] doubles) {
    }

    private final ClProgram program;

    public UniformKernel(OpenCl.Device device) {
        this.program = new ClProgram(device, "uniforms.cl");
    }

    /**
     * Maps n word pairs (w0, w1), given as 2n ints.
     *
     * @throws IllegalArgumentException when the length is odd
     */
    public Mapped map(int[] words) {
        if (words.length % 2 != 0) {
            throw new IllegalArgumentException("expected word pairs, got " + words.length + " ints");
        }
        int n = words.length / 2;
        int[] f = new int[3 * n];
        double[] d = new double[n];
        if (n > 0) {
            cl_mem in = clCreateBuffer(program.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                (long) Sizeof.cl_uint * words.length, Pointer.to(words), null);
            cl_mem outF = clCreateBuffer(program.context(), CL_MEM_WRITE_ONLY, (long) Sizeof.cl_uint * f.length, null,
                null);
            cl_mem outD = clCreateBuffer(program.context(), CL_MEM_WRITE_ONLY, (long) Sizeof.cl_double * n, null,
                null);
            cl_kernel kernel = clCreateKernel(program.program(), "uniform_words", null);
            try {
                clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(in));
                clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(outF));
                clSetKernelArg(kernel, 2, Sizeof.cl_mem, Pointer.to(outD));
                clSetKernelArg(kernel, 3, Sizeof.cl_uint, Pointer.to(new int[] {n}));
                clEnqueueNDRangeKernel(program.queue(), kernel, 1, null, new long[] {n}, null, 0, null, null);
                clEnqueueReadBuffer(program.queue(), outF, CL_TRUE, 0, (long) Sizeof.cl_uint * f.length,
                    Pointer.to(f), 0, null, null);
                clEnqueueReadBuffer(program.queue(), outD, CL_TRUE, 0, (long) Sizeof.cl_double * n, Pointer.to(d), 0,
                    null, null);
            } finally {
                clReleaseKernel(kernel);
                clReleaseMemObject(in);
                clReleaseMemObject(outF);
                clReleaseMemObject(outD);
            }
        }
        float[] open = new float[n];
        float[] below = new float[n];
        float[] above = new float[n];
        for (int i = 0; i < n; i++) {
            open[i] = Float.intBitsToFloat(f[3 * i]);
            below[i] = Float.intBitsToFloat(f[3 * i + 1]);
            above[i] = Float.intBitsToFloat(f[3 * i + 2]);
        }
        return new Mapped(open, below, above, d);
    }

    @Override
    public void close() {
        program.close();
    }
}
