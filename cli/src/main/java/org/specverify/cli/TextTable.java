package org.specverify.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for people: columns padded to their widest cell, numbers right-aligned, a blank line between groups,
 * the last column never padded (so long notes do not widen the rest). ASCII only.
 */
final class TextTable {
    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers.clone();
        this.rightAligned = new boolean[headers.length];
    }

    TextTable alignRight(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    TextTable row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** A blank line before the next row. */
    TextTable gap() {
        rows.add(null);
        return this;
    }

    String render() {
        int[] width = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            width[c] = headers[c].length();
        }
        for (String[] r : rows) {
            if (r != null) {
                for (int c = 0; c < r.length; c++) {
                    width[c] = Math.max(width[c], r[c].length());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        String[] rule = new String[headers.length];
        for (int c = 0; c < rule.length; c++) {
            char[] dashes = new char[width[c]];
            Arrays.fill(dashes, '-');
            rule[c] = new String(dashes);
        }
        line(sb, rule, width);
        for (String[] r : rows) {
            if (r == null) {
                sb.append('\n');
            } else {
                line(sb, r, width);
            }
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                l.append("  ");
            }
            boolean last = c == cells.length - 1;
            String cell = cells[c];
            int pad = width[c] - cell.length();
            if (rightAligned[c]) {
                l.append(" ".repeat(pad)).append(cell);
            } else {
                l.append(cell);
                if (!last) {
                    l.append(" ".repeat(pad));
                }
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
