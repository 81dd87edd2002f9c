package org.specverify.gpu;

import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Discovery of the OpenCL devices reachable through JOCL: CPU devices (PoCL) and GPUs (the NVIDIA driver's ICD). The
 * probe never throws: when no runtime is installed it reports why, so callers can print a clear message.
 */
public final class OpenCl {
    private OpenCl() {
    }

    /** One OpenCL device. */
    public record Device(String platform, String name, String type, cl_platform_id platformId, cl_device_id deviceId) {
        @Override
        public String toString() {
            return name + " [" + type + ", " + platform + "]";
        }
    }

    /** The result of a probe: the devices found, or the reason there are none. */
    public record Probe(List<Device> devices, String unavailableReason) {
        public boolean available() {
            return !devices.isEmpty();
        }
    }

    /** The install hint printed wherever OpenCL is missing. */
    public static final String INSTALL_HINT =
        "install an OpenCL runtime, e.g. `apt-get install -y ocl-icd-libopencl1 pocl-opencl-icd` (CPU) or the "
            + "NVIDIA driver's OpenCL ICD (GPU)";

    /** Lists every device of every platform. */
    public static Probe probe() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                return new Probe(List.of(), "the OpenCL loader found no platform; " + INSTALL_HINT);
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<Device> devices = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String pname = platformString(p);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    continue;
                }
                cl_device_id[] ds = new cl_device_id[n[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ds.length, ds, null);
                for (cl_device_id d : ds) {
                    devices.add(new Device(pname, deviceString(d), deviceType(d), p, d));
                }
            }
            return devices.isEmpty() ? new Probe(List.of(), "OpenCL platforms exist but expose no device; "
                + INSTALL_HINT) : new Probe(List.copyOf(devices), null);
        } catch (UnsatisfiedLinkError | CLException | NoClassDefFoundError e) {
            return new Probe(List.of(), "no OpenCL runtime could be loaded (" + e.getMessage() + "); " + INSTALL_HINT);
        }
    }

    /**
     * The device named by {@code spec}: null or empty for the default (the first GPU, else the first CPU device, else
     * the first device), {@code pocl} for the first device of the Portable Computing Language platform, {@code nvidia}
     * for the first device of an NVIDIA platform, otherwise the first device whose name or platform contains
     * {@code spec} (case-insensitive).
     *
     * @throws IllegalStateException when no OpenCL platform or device exists (with the reason and install hint)
     * @throws IllegalArgumentException when no device matches, listing the devices there are
     */
    public static Device choose(String spec) {
        Probe probe = probe();
        if (!probe.available()) {
            throw new IllegalStateException("no OpenCL device: " + probe.unavailableReason());
        }
        List<Device> ds = probe.devices();
        if (spec == null || spec.isBlank()) {
            for (String type : new String[] {"GPU", "CPU"}) {
                for (Device d : ds) {
                    if (d.type().equals(type)) {
                        return d;
                    }
                }
            }
            return ds.get(0);
        }
        String s = spec.toLowerCase(java.util.Locale.ROOT).trim();
        for (Device d : ds) {
            String plat = d.platform().toLowerCase(java.util.Locale.ROOT);
            String name = d.name().toLowerCase(java.util.Locale.ROOT);
            boolean match = switch (s) {
                case "pocl" -> plat.contains("portable computing language") || plat.contains("pocl");
                case "nvidia" -> plat.contains("nvidia");
                default -> name.contains(s) || plat.contains(s);
            };
            if (match) {
                return d;
            }
        }
        throw new IllegalArgumentException("no OpenCL device matches '" + spec + "'; the devices are: " + ds
            + " (use pocl, nvidia or part of a device name)");
    }

    /**
     * The device's memory: its global memory and the largest single buffer it allocates, in bytes.
     *
     * @param globalBytes CL_DEVICE_GLOBAL_MEM_SIZE
     * @param maxAllocBytes CL_DEVICE_MAX_MEM_ALLOC_SIZE
     */
    public record Memory(long globalBytes, long maxAllocBytes) {
    }

    /** The memory of a device, as it reports it. */
    public static Memory memory(Device d) {
        long[] global = new long[1];
        long[] alloc = new long[1];
        clGetDeviceInfo(d.deviceId(), CL.CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(global), null);
        clGetDeviceInfo(d.deviceId(), CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong, Pointer.to(alloc), null);
        return new Memory(global[0], alloc[0]);
    }

    private static String platformString(cl_platform_id p) {
        long[] size = new long[1];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, buf.length, Pointer.to(buf), null);
        return trimNul(buf);
    }

    private static String deviceString(cl_device_id d) {
        long[] size = new long[1];
        clGetDeviceInfo(d, CL_DEVICE_NAME, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, CL_DEVICE_NAME, buf.length, Pointer.to(buf), null);
        return trimNul(buf);
    }

    private static String deviceType(cl_device_id d) {
        long[] type = new long[1];
        clGetDeviceInfo(d, CL_DEVICE_TYPE, Sizeof.cl_long, Pointer.to(type), null);
        if ((type[0] & CL_DEVICE_TYPE_GPU) != 0) {
            return "GPU";
        }
        return (type[0] & CL_DEVICE_TYPE_CPU) != 0 ? "CPU" : "other";
    }

    private static String trimNul(byte[] buf) {
        int n = buf.length;
        while (n > 0 && buf[n - 1] == 0) {
            n--;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}
