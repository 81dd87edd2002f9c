package org.specverify.reference.scheme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one module adds to the schemes of the registry ({@link Schemes}), in one table keyed by scheme id: for each
 * scheme a row, and in each row every capability the module names, either present with its value or declared absent
 * with the reason. A module drives everything it does per scheme from its table, never from a second list of ids.
 *
 * <p>{@link #problems(Schemes)} says what a registry's schemes lack: a scheme without a row, a capability neither given
 * nor declared absent, and a row for an id the registry does not have. One test runs it over every module's table, so
 * adding a scheme means its own files, one registry entry and the rows that test names.
 *
 * @param <R> the module's row type
 */
public final class CapabilityTable<R extends CapabilityTable.Row> {
    /**
     * One capability of one scheme: present with a value, or absent with the reason (never blank).
     *
     * @param <T> the value's type
     */
    public static final class Entry<T> {
        private final T value;
        private final String reason;

        private Entry(T value, String reason) {
            this.value = value;
            this.reason = reason;
        }

        /** The capability, present. */
        public static <T> Entry<T> of(T value) {
            return new Entry<>(Objects.requireNonNull(value, "value"), null);
        }

        /**
         * The capability, declared absent.
         *
         * @throws IllegalArgumentException when the reason is blank
         */
        public static <T> Entry<T> absent(String reason) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("an absent capability needs its reason");
            }
            return new Entry<>(null, reason);
        }

        public boolean isPresent() {
            return value != null;
        }

        /** The value, empty when absent. */
        public Optional<T> value() {
            return Optional.ofNullable(value);
        }

        /** Why it is absent, empty when present. */
        public Optional<String> reason() {
            return Optional.ofNullable(reason);
        }

        @Override
        public String toString() {
            return value != null ? String.valueOf(value) : "absent: " + reason;
        }
    }

    /** A row: the module's capabilities of one scheme by name, in the table's order (null: not declared). */
    public interface Row {
        Map<String, Entry<?>> capabilities();
    }

    private final String module;
    private final List<String> names;
    private final Map<String, R> rows;

    private CapabilityTable(String module, List<String> names, Map<String, R> rows) {
        this.module = module;
        this.names = List.copyOf(names);
        this.rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** An empty table of a module with the names of the capabilities its rows carry. */
    public static <R extends Row> Builder<R> builder(String module, String... capabilities) {
        return new Builder<>(module, List.of(capabilities));
    }

    /** Builds a table row by row. */
    public static final class Builder<R extends Row> {
        private final String module;
        private final List<String> names;
        private final Map<String, R> rows = new LinkedHashMap<>();

        private Builder(String module, List<String> names) {
            this.module = module;
            this.names = names;
        }

        /**
         * The row of the scheme with this id.
         *
         * @throws IllegalArgumentException when the id has a row already
         */
        public Builder<R> put(String schemeId, R row) {
            if (rows.put(schemeId, Objects.requireNonNull(row, "row")) != null) {
                throw new IllegalArgumentException(module + ": two rows for scheme " + schemeId);
            }
            return this;
        }

        public CapabilityTable<R> build() {
            return new CapabilityTable<>(module, names, rows);
        }
    }

    /** The module whose table this is ("report", "gpu"). */
    public String module() {
        return module;
    }

    /** The names of the capabilities each row carries. */
    public List<String> capabilities() {
        return names;
    }

    /** The row of this scheme id, empty when the table has none (a plugin's scheme, for instance). */
    public Optional<R> row(String schemeId) {
        return Optional.ofNullable(rows.get(schemeId));
    }

    /** The ids with a row, in the table's order. */
    public List<String> ids() {
        return List.copyOf(rows.keySet());
    }

    /** The capabilities of this scheme that are present, in the table's order (none without a row). */
    public List<String> present(String schemeId) {
        List<String> out = new ArrayList<>();
        R r = rows.get(schemeId);
        if (r != null) {
            r.capabilities().forEach((name, e) -> {
                if (e != null && e.isPresent()) {
                    out.add(name);
                }
            });
        }
        return out;
    }

    /**
     * The capabilities of this scheme that are absent, each with its reason; without a row, every capability, with
     * that as the reason.
     */
    public Map<String, String> absent(String schemeId) {
        Map<String, String> out = new LinkedHashMap<>();
        R r = rows.get(schemeId);
        for (String name : names) {
            Entry<?> e = r == null ? null : r.capabilities().get(name);
            if (e == null) {
                out.put(name, "no entry in the " + module + " module's table");
            } else if (!e.isPresent()) {
                out.put(name, e.reason().orElseThrow());
            }
        }
        return out;
    }

    /**
     * What the registry's schemes lack in this table, one line each naming the scheme and the capability (empty when
     * nothing): a scheme without a row, a capability neither present nor declared absent, a row whose capabilities
     * are not the table's, and a row for an id not in the registry.
     */
    public List<String> problems(Schemes registry) {
        List<String> out = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Scheme s : registry.all()) {
            ids.add(s.id());
            R r = rows.get(s.id());
            if (r == null) {
                out.add("scheme '" + s.id() + "' has no row in the " + module + " module's table: give each of "
                    + names + ", or declare it absent with a reason");
                continue;
            }
            Map<String, Entry<?>> caps = r.capabilities();
            for (String name : names) {
                if (caps.get(name) == null) {
                    out.add("scheme '" + s.id() + "' lacks capability '" + name + "' in the " + module
                        + " module's table: give it, or declare it absent with a reason");
                }
            }
            for (String name : caps.keySet()) {
                if (!names.contains(name)) {
                    out.add("scheme '" + s.id() + "': the " + module + " module's row names capability '" + name
                        + "', which its table does not list (" + names + ")");
                }
            }
        }
        for (String id : rows.keySet()) {
            if (!ids.contains(id)) {
                out.add("the " + module + " module's table has a row for '" + id + "', which the registry does not"
                    + " have");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return module + " capabilities " + names + " of " + rows.keySet();
    }
}
