package org.specverify.report;

/**
 * One number of a study, as the CSV and JSON files carry it.
 *
 * @param study "simplex", "simplex-named", "llm" or "input"
 * @param setting the setting inside the study: a draft family, a point of the simplex, a file
 * @param vocab |V|
 * @param k K
 * @param quantity a scheme id or "alpha*"
 * @param law the draft law the quantity is for (iid, without-replacement, ...)
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
