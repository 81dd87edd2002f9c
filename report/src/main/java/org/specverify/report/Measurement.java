package org.specverify.report;

/**
 * One number of a study, as the CSV and JSON files carry it.
 *
 * @param study "simplex", "simplex-named", "llm", "input", or the sequence study's "sequence-chain", "sequence-tree"
 *              and "sequence-llm" ({@link SequenceStudy})
 * @param setting the setting inside the study: a draft family, a point of the simplex, a file, a model pair, a tree
 *                shape
 * @param vocab |V|
 * @param k K; for the sequence studies gamma, the drafted depth
 * @param quantity a scheme id, "alpha*", or the sequence optima "C*" (coupling bound) and "V*" (best lossless verifier)
 * @param law the draft law the quantity is for (iid, without-replacement, ...; "chain" or the tree's sibling process
 *            for the sequence studies)
 * @param figure the value (for several positions: the mean, with the largest bound of any position)
 * @param gap α* of the same draft law minus the value (NaN when that optimum was not computed)
 * @param min the smallest value over the positions (the value itself for one position)
 * @param max the largest value over the positions
 * @param positions the number of positions averaged
 * @param note what the value is, where it is not plain membership acceptance
 */
public record Measurement(String study, String setting, int vocab, int k, String quantity, String law, Figure figure,
                          double gap, double min, double max, int positions, String note) {
    /** "rrs (iid)", "alpha* (without-replacement)". */
    public String label() {
        return quantity + " (" + law + ")";
    }
}
