package org.specverify.reference.scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The typed parameters a scheme runs with (typical's ε and δ, the plan of ot-plan, the step-1 weights of canonical-is),
 * so reports can show them without parsing descriptions. Ordered, immutable.
 */
public final class Parameters {
    /** One parameter: its name, its value (of the type the scheme uses) and what it means. */
    public record Parameter(String name, Object value, String description) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(description, "description");
        }

        /** "name=value". */
        public String text() {
            return name + "=" + value;
        }
    }

    private static final Parameters NONE = new Parameters(List.of());
    private final List<Parameter> list;

    private Parameters(List<Parameter> list) {
        this.list = List.copyOf(list);
    }

    public static Parameters none() {
        return NONE;
    }

    /** Parameters from name, value, description triples in order. */
    public static Parameters of(Parameter... parameters) {
        List<Parameter> l = new ArrayList<>();
        for (Parameter p : parameters) {
            if (l.stream().anyMatch(o -> o.name().equals(p.name()))) {
                throw new IllegalArgumentException("duplicate parameter " + p.name());
            }
            l.add(p);
        }
        return new Parameters(l);
    }

    public List<Parameter> list() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /**
     * The value of a parameter.
     *
     * @throws IllegalArgumentException when there is no such parameter or it has another type
     */
    public <T> T get(String name, Class<T> type) {
        for (Parameter p : list) {
            if (p.name().equals(name)) {
                if (!type.isInstance(p.value())) {
                    throw new IllegalArgumentException("parameter " + name + " is a "
                        + p.value().getClass().getSimpleName() + ", not a " + type.getSimpleName());
                }
                return type.cast(p.value());
            }
        }
        throw new IllegalArgumentException("no parameter " + name + " (have: "
            + list.stream().map(Parameter::name).collect(Collectors.joining(", ")) + ")");
    }

    /** "name=value, name=value" (empty when there are none). */
    @Override
    public String toString() {
        return list.stream().map(Parameter::text).collect(Collectors.joining(", "));
    }
}
