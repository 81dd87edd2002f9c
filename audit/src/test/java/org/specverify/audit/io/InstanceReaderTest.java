package org.specverify.audit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;

/** Exact reading of instances, and the coverage the built-in cases promise. */
class InstanceReaderTest {
    private static List<Instance> parse(String json) {
        return InstanceReader.parse(json.replace('\'', '"'), "test.json");
    }

    @Test
    void jsonNumbersAndStringsAreReadExactlyAsWritten() {
        Instance i = parse("{'name': 'x', 'target': [0.1, 0.2, 0.7], 'draft': ['1/3', '1/6', 5e-1], 'k': 2}").get(0);
        assertEquals(BigFraction.of(1, 10), i.target().p(0));
        assertEquals(BigFraction.of(1, 5), i.target().p(1));
        assertEquals(BigFraction.of(7, 10), i.target().p(2));
        assertEquals(BigFraction.of(1, 3), i.draft().p(0));
        assertEquals(BigFraction.of(1, 6), i.draft().p(1));
        assertEquals(BigFraction.of(1, 2), i.draft().p(2));
        assertEquals(2, i.k());
        assertTrue(i.identicalDrafts());
    }

    @Test
    void manyDigitsStayExact() {
        // 0.3333333333333333333333 + 0.6666666666666666666667 = 1 exactly; as doubles the digits would be lost.
        Instance i = parse("{'name': 'x', 'target': [0.3333333333333333333333, 0.6666666666666666666667],"
            + " 'draft': [1, 0], 'k': 1}").get(0);
        assertEquals(BigFraction.of(new java.math.BigInteger("3333333333333333333333"),
            java.math.BigInteger.TEN.pow(22)), i.target().p(0));
    }

    @Test
    void draftsRowsGiveIndependentDraftsWithKFromTheRows() {
        Instance i = parse("{'name': 'x', 'target': [0.5, 0.5], 'drafts': [[1, 0], [0, 1], ['1/2', '1/2']]}").get(0);
        assertFalse(i.identicalDrafts());
        assertEquals(3, i.k());
        assertEquals(Distribution.parse("0", "1"), i.draft(1));
        assertEquals(3, parse("{'name': 'x', 'target': [1], 'drafts': [[1], [1], [1]], 'k': 3}").get(0).k());
    }

    @Test
    void aListKeepsItsOrder() {
        List<Instance> list = parse("{'instances': [{'name': 'b', 'target': [1], 'draft': [1], 'k': 1},"
            + " {'name': 'a', 'target': [1], 'draft': [1], 'k': 2}], 'note': 'two'}");
        assertEquals(List.of("b", "a"), list.stream().map(Instance::name).toList());
    }

    @Test
    void builtinCasesCoverTheEdgeCasesTheyPromise() {
        List<Instance> cases = InstanceReader.builtin();
        assertTrue(cases.size() >= 12, "a dozen cases: " + cases.size());
        Set<Integer> ks = cases.stream().map(Instance::k).collect(Collectors.toSet());
        assertTrue(ks.containsAll(Set.of(1, 2, 3, 4)), "K = 1..4: " + ks);
        Set<Integer> vocabs = cases.stream().map(Instance::vocab).collect(Collectors.toSet());
        assertTrue(vocabs.containsAll(Set.of(2, 3, 4, 5, 6)), "|V| = 2..6: " + vocabs);
        assertTrue(cases.stream().anyMatch(i -> i.identicalDrafts() && i.target().equals(i.draft())), "p = q");
        assertTrue(cases.stream().anyMatch(i -> i.target().supportSize() == 1), "one-hot p");
        assertTrue(cases.stream().anyMatch(InstanceReaderTest::disjoint), "disjoint supports");
        assertTrue(cases.stream().anyMatch(i -> i.target().supportSize() < i.vocab()), "zero-mass tokens");
        assertTrue(cases.stream().anyMatch(i -> !i.identicalDrafts() && !i.draft(0).equals(i.draft(1))),
            "independent non-identical drafts");
        assertTrue(cases.stream().anyMatch(i -> i.identicalDrafts() && i.draft().supportSize() == 1),
            "a point-mass draft (all drafts repeat one token)");
        assertTrue(cases.stream().anyMatch(i -> i.k() == 1 && i.vocab() >= 3 && residualSupport(i) >= 2),
            "K = 1, |V| >= 3, an sd residual norm((p - q)+) with two or more tokens of positive mass");
        BigFraction tiny = BigFraction.of(1, 1 << 29);
        assertTrue(cases.stream().anyMatch(i -> hasMassAtMost(i.target(), tiny) && hasMassAtMost(i.draft(0), tiny)),
            "target and draft masses near 2^-30 (at most 2^-29, positive)");
        BigFraction close = BigFraction.of(1, 1_000_000_000);
        assertTrue(cases.stream().anyMatch(i -> i.identicalDrafts() && !i.target().equals(i.draft())
                && Fractions.compare(maxDifference(i.target(), i.draft()), close) <= 0),
            "p != q differing by at most 1e-9 on every token");
    }

    private static int residualSupport(Instance i) {
        int n = 0;
        for (int t = 0; t < i.vocab(); t++) {
            if (Fractions.compare(i.target().p(t), i.draft(0).p(t)) > 0) {
                n++;
            }
        }
        return n;
    }

    private static boolean hasMassAtMost(Distribution d, BigFraction bound) {
        for (int t = 0; t < d.size(); t++) {
            if (d.p(t).signum() > 0 && Fractions.compare(d.p(t), bound) <= 0) {
                return true;
            }
        }
        return false;
    }

    private static BigFraction maxDifference(Distribution a, Distribution b) {
        BigFraction m = BigFraction.ZERO;
        for (int t = 0; t < a.size(); t++) {
            BigFraction d = a.p(t).subtract(b.p(t)).abs();
            m = Fractions.compare(d, m) > 0 ? d : m;
        }
        return m;
    }

    private static boolean disjoint(Instance i) {
        for (int d = 0; d < i.k(); d++) {
            for (int t = 0; t < i.vocab(); t++) {
                if (i.target().p(t).signum() > 0 && i.draft(d).p(t).signum() > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The vectors that 'specverify vectors' writes ({"cases": [...]}, "id", "draftProcess") are instances too. */
    @Test
    void readsTestVectors() {
        List<Instance> read = InstanceReader.parse("{\"cases\": [\n"
            + "  {\"id\": \"c0\", \"target\": [\"1/2\", \"1/2\"], \"draft\": [\"1/4\", \"3/4\"], \"k\": 2,"
            + " \"draftProcess\": \"iid\"},\n"
            + "  {\"id\": \"c1\", \"target\": [\"1\", \"0\"], \"drafts\": [[\"0\", \"1\"], [\"1/2\", \"1/2\"]], \"k\": 2,"
            + " \"draftProcess\": \"independent\"}]}", "v.json");
        assertEquals(List.of("c0", "c1"), read.stream().map(Instance::name).toList());
        assertEquals(2, read.get(0).k());
        assertFalse(read.get(1).identicalDrafts());
        org.specverify.reference.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
            org.specverify.reference.InvalidInputException.class, () -> InstanceReader.parse("{\"cases\": [{\"name\":"
                + " \"c0\", \"target\": [1], \"draft\": [1], \"k\": 1}]}", "v.json"));
        assertTrue(e.getMessage().startsWith("v.json: case 0: id: missing"), e.getMessage());
    }

    /** A bare NaN says what is wrong and where, in the project's words (not Jackson's feature names). */
    @Test
    void bareNanIsExplained() {
        org.specverify.reference.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
            org.specverify.reference.InvalidInputException.class, () -> InstanceReader.parse(
                "{\"name\": \"a\", \"target\": [0.5, NaN], \"draft\": [0.5, 0.5], \"k\": 1}", "nan.json"));
        assertTrue(e.getMessage().startsWith("nan.json: line 1, column "), e.getMessage());
        assertTrue(e.getMessage().contains("NaN is not a number in JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("JsonReadFeature"), e.getMessage());
    }

    /** An endless file (/dev/zero) or one above the limit is refused as too large after reading at most the limit. */
    @Test
    void endlessFilesAreRefused() {
        java.nio.file.Path zero = java.nio.file.Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(zero), "no /dev/zero");
        org.specverify.reference.TooLargeException e = org.junit.jupiter.api.Assertions.assertThrows(
            org.specverify.reference.TooLargeException.class, () -> InstanceReader.read(zero, "/dev/zero"));
        assertTrue(e.getMessage().contains("limit of " + InstanceReader.MAX_BYTES + " bytes"), e.getMessage());
    }
}
