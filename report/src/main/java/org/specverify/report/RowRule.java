package org.specverify.report;

import java.util.Arrays;
import java.util.Locale;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;
import org.specverify.report.safetensors.SafetensorsFile;

/**
 * The rule that turns a dumped row into a {@link Law}, shared by the token dumps ({@link DumpAudit}) and the chain
 * dumps ({@link ChainDumpAudit}), so that both read the same row the same way: probability rows are validated (finite,
 * non-negative, summing to 1 within {@link #tolerance}) and normalised; logit rows are divided by the temperature, cut
 * by top-k and top-p and put through the softmax, in double. The settings are checked once, in {@link #of}; the
 * messages name the row through the caller's {@link Place}.
 */
final class RowRule {
    /** Names a row in messages: {@code tensor} and two coordinates whose meaning is the caller's. */
    interface Place {
        /** The row's name, as messages start. */
        String where(String tensor, long at, int index);
    }

    private final boolean logits;
    private final double temperature;
    private final int topK;
    private final double topP;
    /** How far from 1 a probability row may sum (NaN for logits). */
    final double tolerance;
    /** Where {@link #tolerance} comes from, for messages and reports. */
    final String rule;

    private RowRule(boolean logits, double temperature, int topK, double topP, double tolerance, String rule) {
        this.logits = logits;
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
        this.tolerance = tolerance;
        this.rule = rule;
    }

    /**
     * Checks the settings (refusing a temperature, top-k or top-p without logits, or out of range) and fixes the
     * tolerance: NaN for logits, {@code sumTolerance} when given, else the larger of the two dtypes' defaults
     * ({@link DumpAudit#defaultTolerance}).
     */
    static RowRule of(boolean logits, double temperature, int topK, double topP, double sumTolerance,
                      SafetensorsFile.DType targetType, SafetensorsFile.DType draftType, int vocab) {
        if (logits && !(temperature > 0 && Double.isFinite(temperature))) {
            throw new InvalidInputException("--temperature must be positive and finite, got " + temperature);
        }
        if (!logits && (topK > 0 || topP < 1 || !Double.isNaN(temperature))) {
            throw new InvalidInputException("--temperature, --top-k and --top-p process logits: add --logits (the"
                + " rows of a probability dump are audited as they are)");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new InvalidInputException("--top-p must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new InvalidInputException("--top-k must be positive (or 0 for no cut), got " + topK);
        }
        if (logits) {
            return new RowRule(true, temperature, topK, topP, Double.NaN, "logits: softmax computed here");
        }
        if (!Double.isNaN(sumTolerance)) {
            return new RowRule(false, temperature, topK, topP, sumTolerance, "--sum-tolerance");
        }
        return new RowRule(false, temperature, topK, topP, Math.max(DumpAudit.defaultTolerance(targetType, vocab),
            DumpAudit.defaultTolerance(draftType, vocab)), targetType
            + (draftType == targetType ? "" : "/" + draftType)
            + ": 2u + |V|·eta + 1e-6, u = unit roundoff, eta = half the subnormal spacing");
    }

    /** Whether rows are logits. */
    boolean logits() {
        return logits;
    }

    /**
     * A probability row as a law (normalised in place): one pass validates and sums it ({@link Law}); on refusal, a
     * second pass finds what to say (the error path only).
     */
    Law probabilities(double[] row, Place place, String tensor, long at, int index) {
        Law law;
        try {
            law = Law.ofDoublesInPlace(row, place.where(tensor, at, index));
        } catch (InvalidInputException e) {
            for (int x = 0; x < row.length; x++) {
                double v = row[x];
                if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                    throw new InvalidInputException(place.where(tensor, at, index) + ": token " + x + " is " + v
                        + (v < 0 ? " (negative: is this a logit row? then pass --logits)"
                        : " (probabilities must be finite and non-negative)"));
                }
            }
            throw sumRefusal(place, tensor, at, index, CompensatedSum.of(row));
        }
        if (!(Math.abs(law.weightTotal() - 1) <= tolerance)) {
            throw sumRefusal(place, tensor, at, index, law.weightTotal());
        }
        return law;
    }

    private InvalidInputException sumRefusal(Place place, String tensor, long at, int index, double sum) {
        double diff = sum - 1;
        return new InvalidInputException(String.format(Locale.ROOT, "%s: the row sums to 1 %s %.3e, outside"
            + " the tolerance %.3e (%s); pass --logits if the rows are logits, or --sum-tolerance",
            place.where(tensor, at, index), diff < 0 ? "-" : "+", Math.abs(diff), tolerance, rule));
    }

    /**
     * Temperature, top-k, top-p and softmax weights of a logit row, in double, in place; {@code sort} is a scratch
     * buffer of the row's length. Returns {@code z}.
     */
    double[] logitWeights(double[] z, double[] sort, Place place, String tensor, long at, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < z.length; x++) {
            double v = z[x];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw new InvalidInputException(place.where(tensor, at, index) + ": logit " + x + " is " + v
                    + " (logits must be finite, or -inf for a masked token)");
            }
            z[x] = v / temperature;
            max = Math.max(max, z[x]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new InvalidInputException(place.where(tensor, at, index)
                + ": every logit is -inf (no token left)");
        }
        if (topK > 0 && topK < z.length) {
            System.arraycopy(z, 0, sort, 0, z.length);
            Arrays.sort(sort);
            double cut = sort[z.length - topK];
            for (int x = 0; x < z.length; x++) {
                if (z[x] < cut) {
                    z[x] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        double total = 0;
        for (int x = 0; x < z.length; x++) {
            z[x] = Math.exp(z[x] - max);
            total += z[x];
        }
        if (topP < 1) {
            System.arraycopy(z, 0, sort, 0, z.length);
            Arrays.sort(sort);
            double accum = 0;
            double cut = sort[z.length - 1];
            for (int i = z.length - 1; i >= 0; i--) {
                accum += sort[i];
                cut = sort[i];
                if (accum >= topP * total) {
                    break;
                }
            }
            for (int x = 0; x < z.length; x++) {
                if (z[x] < cut) {
                    z[x] = 0;
                }
            }
        }
        return z;
    }
}
