package org.specverify.reference.sequence.scheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * tree-&lt;scheme&gt;: a token tree verified node by node with a token scheme of the registry (SpecInfer token trees with
 * rrs, 2305.09781; Sequoia-style trees without replacement with rrs-wor, 2402.12374; EAGLE top-k and dynamic trees
 * with deterministic, 2406.16858; and every other token scheme whose draft process matches the siblings). From the
 * root: the token scheme's own program, bound to the node's token instance (target p(.|path), draft q(.|path), K = the
 * node's number of children), decides among the node's children, given as its drafts in layout order:
 * <ul>
 *   <li>a draft accepted: the walk descends into that child;</li>
 *   <li>a residual law or a fixed token: the step ends with that token after the accepted path;</li>
 *   <li>a draw in which membership counts (ot-plan, equality-match): the token is drawn here, and when it is one of
 *       the children the walk descends into the first child carrying it; else the step ends with it;</li>
 *   <li>a leaf reached: the step ends with the bonus token from p(.|leaf path).</li>
 * </ul>
 * Sibling processes and draft processes correspond: iid siblings and the iid draft process (one draft model per child:
 * independent), without-replacement and without-replacement, top-k and dynamic trees and deterministic drafts. The
 * token program is reused, not rewritten; it refuses drafts its draft process cannot produce (so a token scheme that
 * does not apply at a node, for example a top-k node with fewer positive-mass tokens than children, is an
 * {@link InvalidInputException} naming the node).
 */
public final class TreeVerification extends SequenceSchemeBase {
    private final Scheme token;

    private TreeVerification(Scheme token, Set<SiblingProcess> siblings) {
        super(define("tree-" + token.id()).description("token tree verified node by node with " + token.id() + ": "
                + token.description())
            .paper(token.paper()).lossless(token.claimsLossless())
            .siblings(siblings.iterator().next(), siblings.toArray(SiblingProcess[]::new)).build());
        this.token = token;
    }

    /** tree-&lt;id&gt; for a token scheme whose draft process is iid, without-replacement or deterministic; else empty. */
    public static Optional<TreeVerification> of(Scheme token) {
        Set<SiblingProcess> s = EnumSet.noneOf(SiblingProcess.class);
        for (DraftKind k : kinds(token)) {
            switch (k) {
                case IID -> s.add(SiblingProcess.IID);
                case WITHOUT_REPLACEMENT -> s.add(SiblingProcess.WITHOUT_REPLACEMENT);
                case DETERMINISTIC -> {
                    s.add(SiblingProcess.TOP_K);
                    s.add(SiblingProcess.DYNAMIC);
                }
                default -> {
                }
            }
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(new TreeVerification(token, s));
    }

    /** The token scheme deciding at each node. */
    public Scheme tokenScheme() {
        return token;
    }

    private static Set<DraftKind> kinds(Scheme token) {
        Set<DraftKind> kinds = EnumSet.noneOf(DraftKind.class);
        for (String id : token.draftProcess().split("\\|")) {
            DraftKind.ofId(id.trim()).ifPresent(kinds::add);
        }
        return kinds;
    }

    @Override
    protected Optional<String> whyNotApplicable(SequenceInstance instance) {
        if (instance.drafts().size() > 1 && !kinds(token).contains(DraftKind.INDEPENDENT)) {
            return Optional.of(token.id() + " needs one draft law shared by the siblings; the instance has "
                + instance.drafts().size() + " draft models");
        }
        if (instance.isDynamic()) {
            if (token.minK() > 1) {
                return Optional.of(token.id() + " supports " + Scheme.describeK(token.minK(), token.maxK())
                    + ", a dynamic tree has nodes with one child");
            }
            return Optional.empty();
        }
        for (int k : instance.shape()) {
            if (k < token.minK() || k > token.maxK()) {
                return Optional.of(token.id() + " supports " + Scheme.describeK(token.minK(), token.maxK())
                    + ", the tree " + Arrays.toString(instance.shape()) + " has nodes with " + k + " children");
            }
        }
        return Optional.empty();
    }

    @Override
    public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
        SequenceInstance inst = laws.instance();
        Map<List<Object>, Program<S>> programs = new HashMap<>();
        return (draws, tree) -> {
            int node = DraftTree.ROOT;
            int[] path = new int[0];
            while (true) {
                int[] kids = tree.children(node);
                if (kids.length == 0) {
                    return BlockOutcome.emit(path, "bonus p(.|" + ContextModel.prefixText(boxed(path)) + ")",
                        laws.target(path));
                }
                int[] tokens = new int[kids.length];
                for (int j = 0; j < kids.length; j++) {
                    tokens[j] = tree.token(kids[j]);
                }
                Program<S> program = program(programs, laws, inst, path, kids.length);
                Outcome<S> o = program.run(draws, tokens);
                int next;
                if (o instanceof Outcome.Accept<S> a) {
                    next = a.draft();
                } else if (o instanceof Outcome.Token<S> t) {
                    return BlockOutcome.fixed(path, t.token(), t.what());
                } else {
                    Outcome.Emit<S> e = (Outcome.Emit<S>) o;
                    if (!e.byMembership()) {
                        return BlockOutcome.emit(path, e.what(), e.law());
                    }
                    int y = draws.sample(e.what(), e.law());
                    next = -1;
                    for (int j = 0; j < tokens.length && next < 0; j++) {
                        if (tokens[j] == y) {
                            next = j;
                        }
                    }
                    if (next < 0) {
                        return BlockOutcome.fixed(path, y, e.what());
                    }
                }
                node = kids[next];
                path = Arrays.copyOf(path, path.length + 1);
                path[path.length - 1] = tokens[next];
            }
        };
    }

    private <S> Program<S> program(Map<List<Object>, Program<S>> programs, StepLaws<S> laws, SequenceInstance inst,
                                   int[] path, int k) {
        Distribution p = laws.targetLaw(path);
        List<Distribution> qs = new ArrayList<>();
        for (int j = 0; j < (inst.drafts().size() == 1 ? 1 : k); j++) {
            qs.add(laws.draftLaw(j, path));
        }
        List<Object> key = List.of(p, qs, k);
        synchronized (programs) {
            Program<S> program = programs.get(key);
            if (program == null) {
                String name = inst.name() + " node " + ContextModel.describePrefix(boxed(path));
                Instance node = qs.size() == 1 ? Instance.identical(name, p, qs.get(0), k)
                    : Instance.independent(name, p, qs);
                Optional<String> why = token.notApplicable(node);
                if (why.isPresent()) {
                    throw new InvalidInputException(id() + " on instance '" + inst.name() + "': at the node "
                        + ContextModel.describePrefix(boxed(path)) + ": " + why.get());
                }
                program = token.bind(node).program(laws.arithmetic());
                programs.put(key, Objects.requireNonNull(program));
            }
            return program;
        }
    }

    private static List<Integer> boxed(int[] path) {
        return Arrays.stream(path).boxed().toList();
    }
}
