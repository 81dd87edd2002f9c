package org.specverify.gpu;

import java.util.SplittableRandom;
import org.specverify.reference.random.Philox4x32;

/**
 * Lists the OpenCL devices and checks the Philox kernel on each against the Java reference, bit for bit. Exit status
 * 0 when every device agrees, 1 on a mismatch, 2 when no device is found.
 */
public final class SelfCheck {
    private SelfCheck() {
    }

    public static void main(String[] args) {
        OpenCl.Probe probe = OpenCl.probe();
        if (!probe.available()) {
            System.out.println("no OpenCL device: " + probe.unavailableReason());
            System.exit(2);
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        SplittableRandom rng = new SplittableRandom(0xC0FFEEL);
        int[] in = new int[6 * n];
        for (int i = 0; i < in.length; i++) {
            in[i] = rng.nextInt();
        }
        boolean ok = true;
        for (OpenCl.Device d : probe.devices()) {
            long t0 = System.nanoTime();
            int mismatches = 0;
            try (PhiloxKernel kernel = new PhiloxKernel(d)) {
                int[] out = kernel.blocks(in);
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    int[] ref = Philox4x32.block(in[6 * i], in[6 * i + 1], in[6 * i + 2], in[6 * i + 3],
                        in[6 * i + 4], in[6 * i + 5]);
                    for (int w = 0; w < 4; w++) {
                        if (ref[w] != out[4 * i + w]) {
                            mismatches++;
                        }
                    }
                }
                System.out.printf("%s: %d Philox blocks, %d mismatching words, %.1f ms (build + transfer + run)%n",
                    d, n, mismatches, (t1 - t0) / 1e6);
            } catch (RuntimeException e) {
                System.out.println(d + ": FAILED: " + e);
                mismatches = -1;
            }
            ok &= mismatches == 0;
        }
        System.exit(ok ? 0 : 1);
    }
}
