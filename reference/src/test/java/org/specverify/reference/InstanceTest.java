package org.specverify.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value equality of instances: name, target, draft rows, K and the identical-drafts flag. */
class InstanceTest {
    private static final Distribution P = Distribution.parse("1/2", "1/4", "1/4");
    private static final Distribution Q = Distribution.parse("1/4", "1/4", "1/2");
    private static final Distribution R = Distribution.parse("1/3", "1/3", "1/3");

    @Test
    void instancesBuiltAlikeAreEqualWithEqualHashes() {
        Instance a = Instance.identical("x", P, Q, 2);
        Instance b = Instance.identical("x", Distribution.parse("0.5", "0.25", "0.25"),
            Distribution.parse("0.25", "0.25", "0.5"), 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a.withK(2));
        assertEquals(1, new HashSet<>(List.of(a, b)).size());
        Instance c = Instance.independent("y", P, List.of(Q, R));
        Instance d = Instance.independent("y", P, List.of(Q, R));
        assertEquals(c, d);
        assertEquals(c.hashCode(), d.hashCode());
    }

    @Test
    void eachFieldTakesPartInEquality() {
        Instance a = Instance.identical("x", P, Q, 2);
        assertNotEquals(a, Instance.identical("other", P, Q, 2), "name");
        assertNotEquals(a, Instance.identical("x", R, Q, 2), "target");
        assertNotEquals(a, Instance.identical("x", P, R, 2), "draft law");
        assertNotEquals(a, Instance.identical("x", P, Q, 3), "k");
        assertNotEquals(a, Instance.independent("x", P, List.of(Q, Q)), "identical flag and rows");
        assertNotEquals(Instance.identical("x", P, Q, 1), Instance.independent("x", P, List.of(Q)), "identical flag");
        assertNotEquals(Instance.independent("x", P, List.of(Q, R)), Instance.independent("x", P, List.of(R, Q)),
            "row order");
        assertNotEquals(a, null);
        assertNotEquals(a, "x");
    }
}
