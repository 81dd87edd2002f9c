package org.specverify.properties.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.specverify.properties.InstanceBank;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.interpret.UniformDriven;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * A bound scheme is used from many threads at once (parallel tests, a parallel audit): its programs are prepared once
 * per arithmetic and its measures remember derived values; every thread must decide exactly as one thread alone. (K-SEQ
 * once built its residual lazily in a field of the bound scheme; the programs now hold everything they prepare.)
 */
class ConcurrentProgramsTest {
    @Test
    void concurrentDecisionsEqualSequentialOnes() throws Exception {
        long seed = 0xC0C0L;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (String id : List.of("kseq", "rrs", "rrs-wor", "spechub", "canonical-is", "ot-plan")) {
                Scheme s = Schemes.reference().get(id);
                for (Instance inst : InstanceBank.all()) {
                    if (s.notApplicable(inst).isPresent()) {
                        continue;
                    }
                    List<int[]> drafts = new ArrayList<>();
                    List<double[]> uniforms = new ArrayList<>();
                    SplittableRandom r = new SplittableRandom(seed ^ inst.name().hashCode());
                    Scheme.Bound sequential = s.bind(inst);
                    List<Integer> expected = new ArrayList<>();
                    for (int t = 0; t < 40; t++) {
                        int[] d = sequential.draftProcess().draw(UniformDraws.exact(
                            i -> 1e-9 + 0.999 * r.nextDouble(), Integer.MAX_VALUE, Draws.DRAFT, Uniforms.OPEN));
                        double[] u = r.doubles(16, 1e-9, 1).toArray();
                        drafts.add(d);
                        uniforms.add(u);
                        expected.add(UniformDriven.verify(sequential, d, u).output());
                    }
                    Scheme.Bound shared = s.bind(inst);
                    List<Callable<Integer>> jobs = new ArrayList<>();
                    for (int t = 0; t < 40; t++) {
                        int tt = t;
                        jobs.add(() -> tt % 2 == 0
                            ? UniformDriven.verify(shared, drafts.get(tt), uniforms.get(tt)).output()
                            : CertifiedDecision.of(shared, drafts.get(tt), uniforms.get(tt)).output());
                    }
                    List<Future<Integer>> got = pool.invokeAll(jobs);
                    for (int t = 0; t < 40; t++) {
                        assertEquals(expected.get(t), got.get(t).get(), id + " on " + inst.name() + ", trial " + t
                            + " (seed " + seed + ")");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
