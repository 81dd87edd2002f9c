package org.specverify.reference.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

/**
 * A small exact "language model" over the tokens 0..V-1: the law p(.|prefix) after every prefix, as exact rationals, with
 * back-off semantics.
 *
 * <p>The model is a table from prefixes (token lists, the keys) to rows (laws over V tokens). The law after a prefix
 * x_1..x_n is the row of its <em>longest suffix</em> x_(n-m+1)..x_n that is a key. The empty prefix is a key of every
 * model, so every prefix has a law. An order-0 model has the empty key only ({@link #constant}); an order-1 Markov model
 * over V tokens has the empty key and the V one-token keys; and so on. The prefix a model is asked about is the whole
 * text so far (the step's context followed by the drafted tokens), so a model of order m looks at the last m tokens.
 *
 * <p>Validation at construction, each error an {@link InvalidInputException} naming the prefix and, where it applies,
 * the token: V at least 1; the empty prefix present; every key's tokens in 0..V-1; every row of V tokens with
 * non-negative masses summing exactly to 1. Prefixes are written in messages and files as token ids joined by ","
 * ({@code "0,2"}; {@code ""} for the empty prefix), see {@link #prefixText}.
 *
 * <p>Immutable. Two models are {@link #equals equal} when they have the same vocabulary and the same keys with equal
 * rows (a model is not reduced: a key whose row equals its back-off row is kept and makes the model differ).
 */
public final class ContextModel {
    private static final Comparator<List<Integer>> KEY_ORDER = (a, b) -> {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final int vocab;
    private final Map<List<Integer>, Distribution> rows;
    private final int order;

    private ContextModel(int vocab, Map<List<Integer>, Distribution> rows) {
        this.vocab = vocab;
        List<List<Integer>> keys = new ArrayList<>(rows.keySet());
        keys.sort(KEY_ORDER);
        Map<List<Integer>, Distribution> sorted = new LinkedHashMap<>();
        int longest = 0;
        for (List<Integer> k : keys) {
            sorted.put(k, rows.get(k));
            longest = Math.max(longest, k.size());
        }
        this.rows = Collections.unmodifiableMap(sorted);
        this.order = longest;
    }

    /** The model with the same law after every prefix (order 0). */
    public static ContextModel constant(Distribution row) {
        Objects.requireNonNull(row, "row");
        return new ContextModel(row.size(), Map.of(List.of(), row));
    }

    /**
     * A model from validated laws.
     *
     * @param vocab V
     * @param rows  prefix to law; the empty prefix is required
     * @throws InvalidInputException naming the prefix (and token) of the first violation
     */
    public static ContextModel of(int vocab, Map<List<Integer>, Distribution> rows) {
        if (vocab < 1) {
            throw new InvalidInputException("vocabulary size must be at least 1, got " + vocab);
        }
        Objects.requireNonNull(rows, "rows");
        Map<List<Integer>, Distribution> copy = new HashMap<>();
        for (Map.Entry<List<Integer>, Distribution> e : rows.entrySet()) {
            List<Integer> key = checkKey(vocab, e.getKey());
            Distribution d = e.getValue();
            if (d == null) {
                throw new InvalidInputException(describePrefix(key) + ": missing row (null)");
            }
            if (d.size() != vocab) {
                throw new InvalidInputException(describePrefix(key) + ": row has " + d.size() + " tokens, the vocabulary "
                    + vocab);
            }
            copy.put(key, d);
        }
        if (!copy.containsKey(List.of())) {
            throw new InvalidInputException("the empty prefix \"\" is required (the law where no longer suffix has a"
                + " row); keys given: " + describeKeys(copy.keySet()));
        }
        return new ContextModel(vocab, copy);
    }

    /**
     * A model from exact masses, validated row by row: each row must have V masses, non-negative, summing exactly to
     * 1. Messages name the prefix and the token, e.g. {@code prefix "0,1": token 2: negative mass -1/10}.
     */
    public static ContextModel ofMasses(int vocab, Map<List<Integer>, BigFraction[]> rows) {
        if (vocab < 1) {
            throw new InvalidInputException("vocabulary size must be at least 1, got " + vocab);
        }
        Map<List<Integer>, Distribution> laws = new HashMap<>();
        for (Map.Entry<List<Integer>, BigFraction[]> e : rows.entrySet()) {
            List<Integer> key = checkKey(vocab, e.getKey());
            BigFraction[] m = e.getValue();
            if (m == null || m.length != vocab) {
                throw new InvalidInputException(describePrefix(key) + ": row has " + (m == null ? 0 : m.length)
                    + " masses, the vocabulary " + vocab);
            }
            try {
                laws.put(key, Distribution.of(m));
            } catch (InvalidInputException ex) {
                throw ex.at(describePrefix(key));
            }
        }
        return of(vocab, laws);
    }

    private static List<Integer> checkKey(int vocab, List<Integer> key) {
        if (key == null) {
            throw new InvalidInputException("a prefix key is missing (null)");
        }
        for (int i = 0; i < key.size(); i++) {
            Integer t = key.get(i);
            if (t == null || t < 0 || t >= vocab) {
                throw new InvalidInputException(describePrefix(key) + ": token " + t + " at position " + i
                    + " is out of range 0.." + (vocab - 1));
            }
        }
        return List.copyOf(key);
    }

    /** V. */
    public int vocab() {
        return vocab;
    }

    /** The length of the longest key (0 for a constant model): the model looks at the last {@code order()} tokens. */
    public int order() {
        return order;
    }

    /** Whether only the empty prefix has a row. */
    public boolean isConstant() {
        return rows.size() == 1;
    }

    /** The keys, shortest first, then lexicographically by token id. */
    public List<List<Integer>> prefixes() {
        return List.copyOf(rows.keySet());
    }

    /** The table, keys in {@link #prefixes()} order. */
    public Map<List<Integer>, Distribution> rows() {
        return rows;
    }

    /** The row stored under exactly this key, or null when it is not a key. */
    public Distribution row(List<Integer> key) {
        return rows.get(key);
    }

    /** The key whose row is the law after {@code prefix}: its longest suffix that is a key. */
    public List<Integer> keyFor(int[] prefix) {
        int n = prefix.length;
        for (int m = Math.min(order, n); m > 0; m--) {
            List<Integer> suffix = new ArrayList<>(m);
            for (int i = n - m; i < n; i++) {
                suffix.add(prefix[i]);
            }
            if (rows.containsKey(suffix)) {
                return suffix;
            }
        }
        return List.of();
    }

    /**
     * p(.|prefix): the row of the longest suffix of {@code prefix} that is a key.
     *
     * @throws InvalidInputException when a token of the prefix is out of range
     */
    public Distribution lawAfter(int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (prefix[i] < 0 || prefix[i] >= vocab) {
                throw new InvalidInputException("prefix " + Arrays.toString(prefix) + ": token " + prefix[i]
                    + " at position " + i + " is out of range 0.." + (vocab - 1));
            }
        }
        return rows.get(keyFor(prefix));
    }

    /** {@link #lawAfter(int...)} of {@code context} followed by {@code path}. */
    public Distribution lawAfter(int[] context, int[] path) {
        return lawAfter(concat(context, path));
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Token ids joined by ",": {@code "0,2"}; {@code ""} for the empty prefix. */
    public static String prefixText(List<Integer> prefix) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < prefix.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(prefix.get(i));
        }
        return sb.toString();
    }

    /** {@code prefix "0,2"}, or {@code the empty prefix ""}: how messages name a prefix. */
    public static String describePrefix(List<Integer> prefix) {
        return prefix.isEmpty() ? "the empty prefix \"\"" : "prefix \"" + prefixText(prefix) + "\"";
    }

    private static String describeKeys(java.util.Collection<List<Integer>> keys) {
        List<List<Integer>> k = new ArrayList<>(keys);
        k.sort(KEY_ORDER);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(k.size(), 8); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(prefixText(k.get(i))).append('"');
        }
        if (k.size() > 8) {
            sb.append(", ... (").append(k.size()).append(" keys)");
        }
        return k.isEmpty() ? "none" : sb.toString();
    }

    /**
     * Parses a prefix text: token ids joined by "," ({@code ""} is the empty prefix). White space around ids is
     * allowed.
     *
     * @throws InvalidInputException naming the text for an empty id, a non-integer or a negative id (the range against
     *     V is checked by the model)
     */
    public static List<Integer> parsePrefix(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        String[] parts = text.split(",", -1);
        List<Integer> ids = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                throw new InvalidInputException("prefix \"" + text + "\": empty token id at position " + i
                    + " (write token ids joined by \",\", e.g. \"0,2\")");
            }
            int id;
            try {
                id = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("prefix \"" + text + "\": '" + p + "' at position " + i
                    + " is not a token id (a whole number)");
            }
            if (id < 0) {
                throw new InvalidInputException("prefix \"" + text + "\": token " + id + " at position " + i
                    + " is negative");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContextModel m && m.vocab == vocab && m.rows.equals(rows);
    }

    @Override
    public int hashCode() {
        return 31 * vocab + rows.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ContextModel(V=" + vocab + ", order " + order + ") {");
        boolean first = true;
        for (Map.Entry<List<Integer>, Distribution> e : rows.entrySet()) {
            sb.append(first ? "" : ", ").append('"').append(prefixText(e.getKey())).append("\": ").append(e.getValue());
            first = false;
        }
        return sb.append('}').toString();
    }
}
