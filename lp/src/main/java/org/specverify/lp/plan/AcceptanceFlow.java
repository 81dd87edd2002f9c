package org.specverify.lp.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;

/**
 * The exact maximum flow of the acceptance network, over rationals: source → x̄ with capacity Q(x̄), x̄ → y for every
 * distinct draft y ∈ x̄ with unbounded capacity, y → sink with capacity p(y). Its value is the optimal acceptance α*.
 *
 * <p><b>Why the value is α*.</b> A transport plan π restricted to the pairs with y ∈ x̄ is a flow (its row sums are at
 * most Q, its column sums at most p) whose value is the plan's acceptance, so α* ≤ max flow. Conversely a flow f
 * completes to a plan whose acceptance is at least the flow value (see {@link OptimalTransportPlan}), so max flow ≤ α*.
 * The minimum cut is a second, independent certificate: if H is the set of tokens reachable from the source in the final
 * residual network, every reachable tuple has all its drafts in H, so the cut capacity
 * Σ_{x̄ unreachable} Q(x̄) + p(H) is at least p(H) + 1 - Q(x̄ ⊆ H), the subset bound (proofs-notes/domain.md), which
 * is at least α* by weak duality. Cut = flow then forces all four to be equal; {@link #minimisingSet()} returns this H.
 *
 * <p><b>Tuples merged by set.</b> Tuples with the same set of distinct drafts have the same edges, so the network is
 * built on one node per set, with capacity the sum of their Q; a flow of the merged network is a flow of the original
 * one split in proportion to Q (and conversely summed), with the same value, so the maximum is the same. For iid drafts
 * at |V| = 20, K = 4 that is 6,196 nodes instead of 160,000. The per-tuple accessors return the proportional split.
 *
 * <p><b>Algorithm.</b> Greedy direct pushes, then shortest augmenting paths (Edmonds-Karp from all tuples with residual
 * capacity at once) until none is left. The number of augmentations is bounded by the number of edges times the number of
 * nodes whatever the capacities, so it terminates on any rationals; every value is an exact BigFraction.
 *
 * <p>Edge behaviour: zero-mass tokens have a zero sink capacity and never carry flow; a repeated draft is one edge.
 * Tuples of zero probability are absent from the law and so from the network.
 */
public final class AcceptanceFlow {
    private final List<DraftTuple> tuples;
    private final BigFraction[] tupleMass;
    private final int[] groupOf;
    private final BigFraction[] groupMass;
    private final int[][] drafts;
    private final BigFraction[][] flow;
    private final BigFraction[] tupleLeft;
    private final BigFraction[] tokenLeft;
    private final BigFraction value;
    private final boolean[] inH;
    private final BigFraction subsetBound;
    private final long augmentations;

    private AcceptanceFlow(Distribution p, Map<DraftTuple, BigFraction> law) {
        int n = p.size();
        this.tuples = Collections.unmodifiableList(new ArrayList<>(law.keySet()));
        int tupleCount = tuples.size();
        this.tupleMass = new BigFraction[tupleCount];
        this.groupOf = new int[tupleCount];
        this.tokenLeft = p.masses();
        // tuples with the same set of distinct drafts are interchangeable in the network: one node per set, its
        // capacity the sum of theirs (a flow of the merged network splits back in proportion to Q)
        Map<List<Integer>, Integer> groupIndex = new java.util.HashMap<>();
        List<int[]> groupSets = new ArrayList<>();
        List<BigFraction> masses = new ArrayList<>();
        BigFraction total = Fractions.ZERO;
        for (int i = 0; i < tupleCount; i++) {
            DraftTuple x = tuples.get(i);
            tupleMass[i] = law.get(x);
            if (tupleMass[i].signum() < 0) {
                throw new InvalidInputException("draft law: tuple " + x + " has negative probability "
                    + Fractions.format(tupleMass[i]));
            }
            total = total.add(tupleMass[i]);
            int[] set = Arrays.stream(x.tokens()).distinct().sorted().toArray();
            for (int y : set) {
                if (y < 0 || y >= n) {
                    throw new InvalidInputException("draft law: tuple " + x + " has token " + y + ", out of range 0.."
                        + (n - 1));
                }
            }
            List<Integer> key = Arrays.stream(set).boxed().toList();
            Integer g = groupIndex.get(key);
            if (g == null) {
                g = groupSets.size();
                groupIndex.put(key, g);
                groupSets.add(set);
                masses.add(tupleMass[i]);
            } else {
                masses.set(g, masses.get(g).add(tupleMass[i]));
            }
            groupOf[i] = g;
        }
        if (!total.equals(Fractions.ONE)) {
            throw new InvalidInputException("draft law: probabilities sum to " + Fractions.format(total)
                + ", not exactly 1, over " + tupleCount + " tuples");
        }
        int m = groupSets.size();
        this.groupMass = masses.toArray(BigFraction[]::new);
        this.drafts = groupSets.toArray(int[][]::new);
        this.flow = new BigFraction[m][];
        this.tupleLeft = new BigFraction[m];
        int[] degree = new int[n];
        for (int i = 0; i < m; i++) {
            for (int y : drafts[i]) {
                degree[y]++;
            }
            flow[i] = new BigFraction[drafts[i].length];
            Arrays.fill(flow[i], Fractions.ZERO);
            tupleLeft[i] = groupMass[i];
        }
        // reverse adjacency: for token y, the (tuple, slot) pairs of its edges
        int[][] revTuple = new int[n][];
        int[][] revSlot = new int[n][];
        for (int y = 0; y < n; y++) {
            revTuple[y] = new int[degree[y]];
            revSlot[y] = new int[degree[y]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < m; i++) {
            for (int s = 0; s < drafts[i].length; s++) {
                int y = drafts[i][s];
                revTuple[y][fill[y]] = i;
                revSlot[y][fill[y]] = s;
                fill[y]++;
            }
        }
        BigFraction pushed = Fractions.ZERO;
        for (int i = 0; i < m; i++) {
            for (int s = 0; s < drafts[i].length && tupleLeft[i].signum() > 0; s++) {
                int y = drafts[i][s];
                BigFraction d = Fractions.min(tupleLeft[i], tokenLeft[y]);
                if (d.signum() > 0) {
                    push(i, s, y, d);
                    pushed = pushed.add(d);
                }
            }
        }
        long count = 0;
        int[] leftParentToken = new int[m];
        int[] leftParentSlot = new int[m];
        boolean[] leftSeen = new boolean[m];
        int[] rightParentTuple = new int[n];
        int[] rightParentSlot = new int[n];
        boolean[] rightSeen = new boolean[n];
        int[] queue = new int[m];
        while (true) {
            Arrays.fill(leftSeen, false);
            Arrays.fill(rightSeen, false);
            int head = 0;
            int tail = 0;
            for (int i = 0; i < m; i++) {
                if (tupleLeft[i].signum() > 0) {
                    leftSeen[i] = true;
                    leftParentToken[i] = -1;
                    queue[tail++] = i;
                }
            }
            int end = -1;
            while (head < tail && end < 0) {
                int i = queue[head++];
                for (int s = 0; s < drafts[i].length && end < 0; s++) {
                    int y = drafts[i][s];
                    if (rightSeen[y]) {
                        continue;
                    }
                    rightSeen[y] = true;
                    rightParentTuple[y] = i;
                    rightParentSlot[y] = s;
                    if (tokenLeft[y].signum() > 0) {
                        end = y;
                        break;
                    }
                    for (int e = 0; e < revTuple[y].length; e++) {
                        int j = revTuple[y][e];
                        if (!leftSeen[j] && flow[j][revSlot[y][e]].signum() > 0) {
                            leftSeen[j] = true;
                            leftParentToken[j] = y;
                            leftParentSlot[j] = revSlot[y][e];
                            queue[tail++] = j;
                        }
                    }
                }
            }
            if (end < 0) {
                break;
            }
            // bottleneck along sink <- end <- i ... <- source
            BigFraction delta = tokenLeft[end];
            int y = end;
            while (true) {
                int i = rightParentTuple[y];
                if (leftParentToken[i] < 0) {
                    delta = Fractions.min(delta, tupleLeft[i]);
                    break;
                }
                delta = Fractions.min(delta, flow[i][leftParentSlot[i]]);
                y = leftParentToken[i];
            }
            y = end;
            while (true) {
                int i = rightParentTuple[y];
                flow[i][rightParentSlot[y]] = flow[i][rightParentSlot[y]].add(delta);
                if (leftParentToken[i] < 0) {
                    tupleLeft[i] = tupleLeft[i].subtract(delta);
                    break;
                }
                flow[i][leftParentSlot[i]] = flow[i][leftParentSlot[i]].subtract(delta);
                y = leftParentToken[i];
            }
            tokenLeft[end] = tokenLeft[end].subtract(delta);
            pushed = pushed.add(delta);
            count++;
        }
        this.value = pushed;
        this.augmentations = count;
        // the last search found no path: its reached tokens are the source side of a minimum cut
        this.inH = rightSeen.clone();
        BigFraction cut = Fractions.ZERO;
        BigFraction allIn = Fractions.ZERO;
        for (int i = 0; i < m; i++) {
            if (!leftSeen[i]) {
                cut = cut.add(groupMass[i]);
            }
            boolean all = true;
            for (int yy : drafts[i]) {
                all &= inH[yy];
            }
            if (all) {
                allIn = allIn.add(groupMass[i]);
            }
        }
        BigFraction pH = p.mass(t -> inH[t]);
        cut = cut.add(pH);
        this.subsetBound = pH.add(Fractions.ONE).subtract(allIn);
        if (!cut.equals(value) || !subsetBound.equals(value)) {
            throw new IllegalStateException("acceptance flow: flow " + Fractions.format(value) + ", cut "
                + Fractions.format(cut) + ", subset bound " + Fractions.format(subsetBound)
                + " differ; max-flow/min-cut duality is violated, a bug in this class");
        }
    }

    private void push(int i, int s, int y, BigFraction d) {
        flow[i][s] = flow[i][s].add(d);
        tupleLeft[i] = tupleLeft[i].subtract(d);
        tokenLeft[y] = tokenLeft[y].subtract(d);
    }

    /**
     * The maximum flow for target p and the exact law of the draft process.
     *
     * @throws InvalidInputException when the vocabularies differ
     */
    public static AcceptanceFlow of(Distribution p, DraftProcess process) {
        process.requireVocabularyOf("acceptance flow", p);
        return of(p, process.law());
    }

    /**
     * The maximum flow for target p and a draft law given as tuple probabilities.
     *
     * @throws InvalidInputException when a probability is negative, they do not sum to one, or a token is out of range
     */
    public static AcceptanceFlow of(Distribution p, Map<DraftTuple, BigFraction> law) {
        return new AcceptanceFlow(p, law);
    }

    /** The flow value: the optimal acceptance α*, exactly. */
    public BigFraction value() {
        return value;
    }

    /** The vocabulary size |V|. */
    public int vocab() {
        return tokenLeft.length;
    }

    /** The tuples of the network, in the law's order; indices below refer to this list. */
    public List<DraftTuple> tuples() {
        return tuples;
    }

    /** Q(x̄) of tuple i. */
    public BigFraction tupleMass(int i) {
        return tupleMass[i];
    }

    /**
     * The flow on the edge x̄_i → y: the accepted mass of the pair; zero when y ∉ x̄_i. The flow of the tuple's set,
     * in proportion Q(x̄_i)/Q(set).
     */
    public BigFraction flow(int i, int y) {
        BigFraction f = groupFlow(groupOf[i], y);
        return f.signum() == 0 ? f : f.multiply(tupleMass[i]).divide(groupMass[groupOf[i]]);
    }

    /** Q(x̄_i) minus the flow out of x̄_i: the tuple's mass that the flow leaves unaccepted. */
    public BigFraction tupleLeftover(int i) {
        BigFraction a = tupleLeft[groupOf[i]];
        return a.signum() == 0 ? a : a.multiply(tupleMass[i]).divide(groupMass[groupOf[i]]);
    }

    /** The number of distinct draft sets: the nodes of the network the flow was computed on. */
    public int groups() {
        return drafts.length;
    }

    /** The set of tuple i (an index below {@link #groups()}). */
    public int groupOf(int i) {
        return groupOf[i];
    }

    /** The total Q of the tuples with set g. */
    public BigFraction groupMass(int g) {
        return groupMass[g];
    }

    /** The distinct drafts of set g, ascending. */
    public int[] groupSet(int g) {
        return drafts[g].clone();
    }

    /** The flow from set g to token y. */
    public BigFraction groupFlow(int g, int y) {
        int[] d = drafts[g];
        for (int s = 0; s < d.length; s++) {
            if (d[s] == y) {
                return flow[g][s];
            }
        }
        return Fractions.ZERO;
    }

    /** Q(set g) minus the flow out of it. */
    public BigFraction groupLeftover(int g) {
        return tupleLeft[g];
    }

    /** p(y) minus the flow into y. */
    public BigFraction tokenLeftover(int y) {
        return tokenLeft[y];
    }

    /** The distinct drafts of tuple i, in order of first appearance. */
    public int[] distinctDrafts(int i) {
        return Arrays.stream(tuples.get(i).tokens()).distinct().toArray();
    }

    /**
     * The token set H of the minimum cut (source side): p(H) + 1 - Q(x̄ ⊆ H) = α*, a minimiser of the subset
     * characterisation. Ascending token order.
     */
    public int[] minimisingSet() {
        return IntStream.range(0, inH.length).filter(y -> inH[y]).toArray();
    }

    /** p(H) + 1 - Q(x̄ ⊆ H) at the cut's H, computed from the law; equal to {@link #value()} (checked on creation). */
    public BigFraction subsetBound() {
        return subsetBound;
    }

    /** Augmenting paths used after the greedy start (a cost measure). */
    public long augmentations() {
        return augmentations;
    }
}
