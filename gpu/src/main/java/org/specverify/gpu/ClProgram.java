package org.specverify.gpu;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseProgram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * A context, a command queue and one built program on one device. Build failures raise an error carrying the
 * compiler's log. Close it to release the native objects.
 */
public final class ClProgram implements AutoCloseable {
    private final OpenCl.Device device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;

    /**
     * Builds the kernel source resources {@code kernels/<name>} of this package, concatenated in the order given, on the
     * device.
     */
    public ClProgram(OpenCl.Device device, String... resourceNames) {
        this(device, "", resourceNames);
    }

    /**
     * As {@link #ClProgram(OpenCl.Device, String...)}, with compiler options (for instance {@code -D} switches of the
     * source).
     */
    public ClProgram(OpenCl.Device device, String options, String[] resourceNames) {
        this.device = device;
        StringBuilder all = new StringBuilder();
        for (String r : resourceNames) {
            all.append("// ---- ").append(r).append('\n').append(readResource(r)).append('\n');
        }
        String source = all.toString();
        String resourceName = String.join(" + ", resourceNames);
        cl_device_id[] ids = {device.deviceId()};
        this.context = clCreateContext(null, 1, ids, null, null, null);
        this.queue = clCreateCommandQueueWithProperties(context, device.deviceId(), null, null);
        this.program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(program, 1, ids, options, null, null);
        } catch (CLException e) {
            String log = buildLog();
            close();
            throw new IllegalStateException("building " + resourceName + (options.isEmpty() ? "" : " with " + options)
                + " failed on " + device + "; the compiler's log:\n" + log, e);
        }
    }

    private static String readResource(String name) {
        try (InputStream in = ClProgram.class.getResourceAsStream("kernels/" + name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source kernels/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String buildLog() {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, device.deviceId(), CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device.deviceId(), CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
        return new String(buf, StandardCharsets.UTF_8).trim();
    }

    public OpenCl.Device device() {
        return device;
    }

    public cl_context context() {
        return context;
    }

    public cl_command_queue queue() {
        return queue;
    }

    public cl_program program() {
        return program;
    }

    @Override
    public void close() {
        clReleaseProgram(program);
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
