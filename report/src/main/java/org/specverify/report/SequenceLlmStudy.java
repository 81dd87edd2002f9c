package org.specverify.report;

import java.util.List;

/**
 * The sequence study at LLM vocabulary (floating, with proved bounds): tokenwise against block verification along
 * synthetic drafted paths.
 */
public final class SequenceLlmStudy {
    private SequenceLlmStudy() {
    }

    /** Runs the study on {@code threads} threads. */
    public static List<Measurement> run(int threads, Studies.Listener listener) {
        return List.of();
    }
}
