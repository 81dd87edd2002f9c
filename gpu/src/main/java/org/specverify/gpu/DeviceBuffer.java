package org.specverify.gpu;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clReleaseMemObject;

import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * A device buffer of one program's context, kept across calls and grown (never shrunk) when a call needs more; the
 * writes are blocking, on the program's queue. Shared by {@link BatchVerifier} and {@link SequenceBatchVerifier}.
 */
final class DeviceBuffer {
    private final ClProgram program;
    /** The buffer, null until the first {@link #ensure} and after {@link #release}. */
    cl_mem mem;
    /** Its size in bytes (0 when none). */
    long capacity;

    DeviceBuffer(ClProgram program) {
        this.program = program;
    }

    /** Makes the buffer hold at least {@code bytes} (at least 8), reallocating it only when it is smaller. */
    void ensure(long bytes) {
        long need = Math.max(bytes, 8);
        if (mem != null && capacity >= need) {
            return;
        }
        release();
        mem = clCreateBuffer(program.context(), CL_MEM_READ_WRITE, need, null, null);
        capacity = need;
    }

    void write(float[] a) {
        ensure(4L * a.length);
        clEnqueueWriteBuffer(program.queue(), mem, CL_TRUE, 0, 4L * a.length, Pointer.to(a), 0, null, null);
    }

    void write(int[] a) {
        ensure(4L * a.length);
        clEnqueueWriteBuffer(program.queue(), mem, CL_TRUE, 0, 4L * a.length, Pointer.to(a), 0, null, null);
    }

    void write(double[] a) {
        ensure(8L * a.length);
        clEnqueueWriteBuffer(program.queue(), mem, CL_TRUE, 0, 8L * a.length, Pointer.to(a), 0, null, null);
    }

    /** {@code copies} copies of {@code a}, one after the other. */
    void replicate(float[] a, int copies) {
        long bytes = 4L * a.length;
        ensure(GpuLimits.times(bytes, copies));
        for (int i = 0; i < copies; i++) {
            clEnqueueWriteBuffer(program.queue(), mem, CL_TRUE, i * bytes, bytes, Pointer.to(a), 0, null, null);
        }
    }

    /** Frees the device memory (the buffer can be used again: the next write allocates). */
    void release() {
        if (mem != null) {
            clReleaseMemObject(mem);
            mem = null;
            capacity = 0;
        }
    }
}
