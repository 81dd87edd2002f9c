package org.specverify.properties.engine;

import org.specverify.reference.InvalidInputException;

/**
 * A hand-written parser of one JSON-lines sample, {@code {"case": id, "output": token, "drafts": [...], "engine":
 * "name", "accepted": ..., "count": n}}, without building a tree (the check reads tens of millions of lines). It
 * accepts any JSON object: keys in any order, other fields skipped whatever their value; {@code case} a string (or an
 * integer, read as its text), {@code output} a non-negative integer, {@code drafts} an array of non-negative integers,
 * {@code engine} an optional string; {@code accepted} optional, the engine's own decision: {@code true} or
 * {@code false} (some draft accepted or none), the index of the accepted draft, or {@code null} (not said);
 * {@code count} optional, a positive integer: the line stands for that many identical samples (default 1);
 * {@code seed} and {@code position} optional and together, non-negative integers (the seed up to 2^64 − 1, the
 * position up to 2^63 − 1): the engine's Philox4x32-10 key and position of this decision, replayed by
 * {@link EngineCheck} (layout there). Anything
 * else (bad JSON, a missing or repeated field, a fraction where a token belongs, trailing text) is an
 * {@link InvalidInputException} naming the line and the column. One instance is reused for every line: not
 * thread-safe.
 */
public final class SampleLine {
    private String line;
    private int pos;
    private long lineNumber;
    private String source;

    /** The fields of the last line parsed. */
    String caseId;
    int output;
    int[] drafts = new int[8];
    int draftCount;
    String engine;
    int accepted;
    long count;
    boolean seeded;
    long seed;
    long position;

    /** {@link #accepted()} when the line does not say whether the engine accepted. */
    public static final int ACCEPTED_NOT_SAID = -3;
    /** {@link #accepted()} for {@code "accepted": true}: some draft accepted, which one not said. */
    public static final int ACCEPTED_SOME = -2;
    /** {@link #accepted()} for {@code "accepted": false}: no draft accepted. */
    public static final int ACCEPTED_NONE = -1;

    /**
     * The engine's own decision: the index of the accepted draft (0-based), or {@link #ACCEPTED_SOME},
     * {@link #ACCEPTED_NONE}, {@link #ACCEPTED_NOT_SAID}.
     */
    public int accepted() {
        return accepted;
    }

    /** Whether the line gives the engine's seed and position ({@code seed} and {@code position}). */
    public boolean seeded() {
        return seeded;
    }

    /** The seed, a 64-bit key read as unsigned (meaningful when {@link #seeded()}). */
    public long seed() {
        return seed;
    }

    /** The position (meaningful when {@link #seeded()}). */
    public long position() {
        return position;
    }

        /** The number of identical samples the line stands for (1 without a {@code count} field). */
    public long count() {
        return count;
    }

    public String caseId() {
        return caseId;
    }

    public int output() {
        return output;
    }

    public int draftCount() {
        return draftCount;
    }

    public int draft(int i) {
        return drafts[i];
    }

    /** The engine name, or null when the line has none. */
    public String engine() {
        return engine;
    }

    /**
     * Parses one line.
     *
     * @throws InvalidInputException naming {@code source}, the line and the column
     */
    public void parse(String text, long lineNo, String src) {
        this.line = text;
        this.pos = 0;
        this.lineNumber = lineNo;
        this.source = src;
        caseId = null;
        engine = null;
        draftCount = -1;
        accepted = ACCEPTED_NOT_SAID;
        count = 1;
        seeded = false;
        boolean haveSeed = false;
        boolean havePosition = false;
        boolean haveAccepted = false;
        boolean haveCount = false;
        boolean haveOutput = false;
        ws();
        expect('{');
        ws();
        if (peek() == '}') {
            throw error("empty object; expected \"case\", \"output\" and \"drafts\"");
        }
        while (true) {
            ws();
            String key = string();
            ws();
            expect(':');
            ws();
            switch (key) {
                case "case":
                    if (caseId != null) {
                        throw error("\"case\" given twice");
                    }
                    caseId = peek() == '"' ? string() : integerText("case");
                    break;
                case "output":
                    if (haveOutput) {
                        throw error("\"output\" given twice");
                    }
                    output = token("output");
                    haveOutput = true;
                    break;
                case "drafts":
                    if (draftCount >= 0) {
                        throw error("\"drafts\" given twice");
                    }
                    draftsArray();
                    break;
                case "engine":
                    if (engine != null) {
                        throw error("\"engine\" given twice");
                    }
                    if (peek() != '"') {
                        throw error("\"engine\" must be a string");
                    }
                    engine = string();
                    break;
                case "accepted":
                    if (haveAccepted) {
                        throw error("\"accepted\" given twice");
                    }
                    haveAccepted = true;
                    acceptedValue();
                    break;
                case "seed":
                    if (haveSeed) {
                        throw error("\"seed\" given twice");
                    }
                    haveSeed = true;
                    seed = unsigned("seed", true);
                    break;
                case "position":
                    if (havePosition) {
                        throw error("\"position\" given twice");
                    }
                    havePosition = true;
                    position = unsigned("position", false);
                    break;
                case "count":
                    if (haveCount) {
                        throw error("\"count\" given twice");
                    }
                    haveCount = true;
                    count = positiveCount();
                    break;
                default:
                    skipValue();
            }
            ws();
            char c = next("',' or '}'");
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw error("expected ',' or '}', found '" + c + "'", pos - 1);
            }
        }
        ws();
        if (pos < line.length()) {
            throw error("trailing text after the object");
        }
        if (caseId == null) {
            throw error("missing \"case\"");
        }
        if (!haveOutput) {
            throw error("missing \"output\"");
        }
        if (draftCount < 0) {
            throw error("missing \"drafts\"");
        }
        if (haveSeed != havePosition) {
            throw error(haveSeed ? "\"seed\" without \"position\": the replay needs both"
                : "\"position\" without \"seed\": the replay needs both");
        }
        seeded = haveSeed;
        if (accepted >= draftCount) {
            throw error("\"accepted\": draft index " + accepted + " but the line has " + draftCount + " drafts");
        }
    }

    // ----- the fast path: the fixed line shape, straight from the bytes -----

    /** The last case id and engine built from bytes, reused while lines repeat them (no String per line). */
    private byte[] lastCaseBytes = new byte[0];
    private String lastCase;
    private byte[] lastEngineBytes = new byte[0];
    private String lastEngine;

    /**
     * Reads one line of the usual shape straight from its bytes, without decoding: an object of the fields
     * {@code case} (a string without escapes), {@code output}, {@code drafts}, {@code engine} (a string without
     * escapes), {@code accepted} and {@code count}, in any order, each at most once, plain ASCII, blanks (space or tab)
     * anywhere JSON allows them. Returns false, having changed nothing anyone may read, for any line it does not
     * recognise as such (other fields, escapes, non-ASCII bytes, a case given as a number, a number that is not a
     * plain token, any error): the caller then decodes the line and calls {@link #parse}, so verdicts and error
     * messages are those of the general parser. When it returns true the fields are exactly what {@link #parse}
     * would set on the same line.
     */
    public boolean parseFast(byte[] b, int from, int to) {
        return parseFast(b, from, to, false) >= 0;
    }

    /**
     * {@link #parseFast(byte[], int, int)} of the line that starts at {@code from} and ends at the first '\n' before
     * {@code to} (a '\r' just before it dropped): the index of that '\n', or -1 (nothing set) when the line is not
     * recognised or no '\n' comes before {@code to}. One pass over the bytes, no separate search for the line's end.
     */
    public int parseFastToNewline(byte[] b, int from, int to) {
        return parseFast(b, from, to, true);
    }

    private int parseFast(byte[] b, int from, int to, boolean toNewline) {
        int p = skipBlanks(b, from, to);
        if (p >= to || b[p] != '{') {
            return -1;
        }
        int caseFrom = -1;
        int caseTo = -1;
        int engineFrom = -1;
        int engineTo = -1;
        int out = -1;
        int nDrafts = -1;
        int acc = ACCEPTED_NOT_SAID;
        boolean haveAccepted = false;
        long cnt = -1;
        p++;
        while (true) {
            p = skipBlanks(b, p, to);
            if (p >= to || b[p] != '"') {
                return -1;
            }
            int keyFrom = p + 1;
            int keyTo = plainString(b, keyFrom, to);
            if (keyTo < 0) {
                return -1;
            }
            p = skipBlanks(b, keyTo + 1, to);
            if (p >= to || b[p] != ':') {
                return -1;
            }
            p = skipBlanks(b, p + 1, to);
            if (p >= to) {
                return -1;
            }
            int keyLen = keyTo - keyFrom;
            byte k0 = b[keyFrom];
            if (keyLen == 4 && k0 == 'c' && b[keyFrom + 1] == 'a' && b[keyFrom + 2] == 's' && b[keyFrom + 3] == 'e') {
                if (caseFrom >= 0 || b[p] != '"') {
                    return -1;
                }
                caseFrom = p + 1;
                caseTo = plainString(b, caseFrom, to);
                if (caseTo < 0) {
                    return -1;
                }
                p = caseTo + 1;
            } else if (keyLen == 6 && k0 == 'o' && b[keyFrom + 1] == 'u' && b[keyFrom + 2] == 't'
                && b[keyFrom + 3] == 'p' && b[keyFrom + 4] == 'u' && b[keyFrom + 5] == 't') {
                if (out >= 0) {
                    return -1;
                }
                long v = plainInt(b, p, to);
                if (v < 0) {
                    return -1;
                }
                out = (int) v;
                p = numberEnd;
            } else if (keyLen == 6 && k0 == 'd' && b[keyFrom + 1] == 'r' && b[keyFrom + 2] == 'a'
                && b[keyFrom + 3] == 'f' && b[keyFrom + 4] == 't' && b[keyFrom + 5] == 's') {
                if (nDrafts >= 0 || b[p] != '[') {
                    return -1;
                }
                p = skipBlanks(b, p + 1, to);
                if (p >= to) {
                    return -1;
                }
                nDrafts = 0;
                if (b[p] == ']') {
                    p++;
                } else {
                    while (true) {
                        long v = plainInt(b, p, to);
                        if (v < 0) {
                            return -1;
                        }
                        if (nDrafts == drafts.length) {
                            drafts = java.util.Arrays.copyOf(drafts, drafts.length * 2);
                        }
                        drafts[nDrafts++] = (int) v;
                        p = skipBlanks(b, numberEnd, to);
                        if (p >= to) {
                            return -1;
                        }
                        byte c = b[p++];
                        if (c == ']') {
                            break;
                        }
                        if (c != ',') {
                            return -1;
                        }
                        p = skipBlanks(b, p, to);
                    }
                }
            } else if (keyLen == 6 && k0 == 'e' && b[keyFrom + 1] == 'n' && b[keyFrom + 2] == 'g'
                && b[keyFrom + 3] == 'i' && b[keyFrom + 4] == 'n' && b[keyFrom + 5] == 'e') {
                if (engineFrom >= 0 || b[p] != '"') {
                    return -1;
                }
                engineFrom = p + 1;
                engineTo = plainString(b, engineFrom, to);
                if (engineTo < 0) {
                    return -1;
                }
                p = engineTo + 1;
            } else if (keyLen == 8 && k0 == 'a' && b[keyFrom + 1] == 'c' && b[keyFrom + 2] == 'c'
                && b[keyFrom + 3] == 'e' && b[keyFrom + 4] == 'p' && b[keyFrom + 5] == 't' && b[keyFrom + 6] == 'e'
                && b[keyFrom + 7] == 'd') {
                if (haveAccepted) {
                    return -1;
                }
                haveAccepted = true;
                byte c = b[p];
                if (c == 't' && word(b, p, to, "true")) {
                    acc = ACCEPTED_SOME;
                    p += 4;
                } else if (c == 'f' && word(b, p, to, "false")) {
                    acc = ACCEPTED_NONE;
                    p += 5;
                } else if (c == 'n' && word(b, p, to, "null")) {
                    acc = ACCEPTED_NOT_SAID;
                    p += 4;
                } else {
                    long v = plainInt(b, p, to);
                    if (v < 0) {
                        return -1;
                    }
                    acc = (int) v;
                    p = numberEnd;
                }
            } else if (keyLen == 5 && k0 == 'c' && b[keyFrom + 1] == 'o' && b[keyFrom + 2] == 'u'
                && b[keyFrom + 3] == 'n' && b[keyFrom + 4] == 't') {
                if (cnt >= 0) {
                    return -1;
                }
                long v = plainInt(b, p, to);
                if (v <= 0) {
                    return -1;
                }
                cnt = v;
                p = numberEnd;
            } else {
                return -1;
            }
            p = skipBlanks(b, p, to);
            if (p >= to) {
                return -1;
            }
            byte c = b[p++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return -1;
            }
        }
        p = skipBlanks(b, p, to);
        int end;
        if (!toNewline) {
            end = p == to ? to : -1;
        } else if (p < to && b[p] == '\n') {
            end = p;
        } else if (p + 1 < to && b[p] == '\r' && b[p + 1] == '\n') {
            end = p + 1;
        } else {
            end = -1;
        }
        if (end < 0 || caseFrom < 0 || out < 0 || nDrafts < 0 || acc >= nDrafts) {
            return -1;
        }
        caseId = cachedCase(b, caseFrom, caseTo);
        engine = engineFrom < 0 ? null : cachedEngine(b, engineFrom, engineTo);
        output = out;
        draftCount = nDrafts;
        accepted = acc;
        count = cnt < 0 ? 1 : cnt;
        seeded = false; // a line with a seed has other fields: the general parser reads it
        return end;
    }

    /** Where the last {@link #plainInt} ended. */
    private int numberEnd;

    /**
     * A plain token at {@code p}: 1 to 9 digits, no leading zero, followed by a blank, ',', '}' or ']' (so no fraction,
     * exponent or other trailing character); its value, or -1 for anything else. Sets {@link #numberEnd}.
     */
    private int plainInt(byte[] b, int p, int to) {
        int start = p;
        int v = 0;
        while (p < to) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            p++;
            if (p - start > 9) {
                return -1;
            }
        }
        int digits = p - start;
        if (digits == 0 || (digits > 1 && b[start] == '0') || p >= to) {
            return -1;
        }
        byte c = b[p];
        if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t') {
            return -1;
        }
        numberEnd = p;
        return v;
    }

    /** The index of the closing quote of a string starting at {@code from} without escapes, controls or non-ASCII. */
    private static int plainString(byte[] b, int from, int to) {
        for (int p = from; p < to; p++) {
            byte c = b[p];
            if (c == '"') {
                return p;
            }
            if (c < 0x20 || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static int skipBlanks(byte[] b, int p, int to) {
        while (p < to && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static boolean word(byte[] b, int p, int to, String w) {
        if (p + w.length() > to) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (b[p + i] != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String cachedCase(byte[] b, int from, int to) {
        if (lastCase == null || !java.util.Arrays.equals(lastCaseBytes, 0, lastCaseBytes.length, b, from, to)) {
            lastCaseBytes = java.util.Arrays.copyOfRange(b, from, to);
            lastCase = new String(lastCaseBytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return lastCase;
    }

    private String cachedEngine(byte[] b, int from, int to) {
        if (lastEngine == null
            || !java.util.Arrays.equals(lastEngineBytes, 0, lastEngineBytes.length, b, from, to)) {
            lastEngineBytes = java.util.Arrays.copyOfRange(b, from, to);
            lastEngine = new String(lastEngineBytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return lastEngine;
    }

    private void acceptedValue() {
        int start = pos;
        char c = peek();
        if (c == 't') {
            literal("true");
            accepted = ACCEPTED_SOME;
        } else if (c == 'f') {
            literal("false");
            accepted = ACCEPTED_NONE;
        } else if (c == 'n') {
            literal("null");
            accepted = ACCEPTED_NOT_SAID;
        } else if (c >= '0' && c <= '9') {
            accepted = token("accepted");
        } else {
            throw error("\"accepted\": expected true, false, null or the index of the accepted draft", start);
        }
    }

    /** A positive integer that fits a long. */
    private long positiveCount() {
        int start = pos;
        long v = 0;
        int digits = 0;
        while (pos < line.length() && line.charAt(pos) >= '0' && line.charAt(pos) <= '9') {
            int d = line.charAt(pos) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw error("\"count\": too large", start);
            }
            v = v * 10 + d;
            pos++;
            digits++;
        }
        if (digits == 0 || (pos < line.length() && ".eE".indexOf(line.charAt(pos)) >= 0)) {
            throw error("\"count\": expected a positive integer", start);
        }
        if (digits > 1 && line.charAt(start) == '0') {
            throw error("\"count\": leading zero", start);
        }
        if (v == 0) {
            throw error("\"count\": must be at least 1, got 0", start);
        }
        return v;
    }

    /** A non-negative integer: up to 2^64 − 1 (returned as the unsigned long's bits) or up to 2^63 − 1. */
    private long unsigned(String field, boolean sixtyFourBits) {
        int start = pos;
        if (peek() == '-') {
            throw error("\"" + field + "\": must be a non-negative integer", start);
        }
        while (pos < line.length() && line.charAt(pos) >= '0' && line.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start || (pos < line.length() && ".eE".indexOf(line.charAt(pos)) >= 0)) {
            throw error("\"" + field + "\": expected a non-negative integer", start);
        }
        if (pos - start > 1 && line.charAt(start) == '0') {
            throw error("\"" + field + "\": leading zero", start);
        }
        String digits = line.substring(start, pos);
        try {
            return sixtyFourBits ? Long.parseUnsignedLong(digits) : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("\"" + field + "\": above " + (sixtyFourBits ? "2^64 - 1" : "2^63 - 1"), start);
        }
    }

    private InvalidInputException error(String what) {
        return error(what, pos);
    }

    private InvalidInputException error(String what, int at) {
        return new InvalidInputException(source + ": line " + lineNumber + ", column " + (at + 1) + ": " + what);
    }

    private void ws() {
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        if (pos >= line.length()) {
            throw error("unexpected end of line");
        }
        return line.charAt(pos);
    }

    private char next(String expected) {
        if (pos >= line.length()) {
            throw error("unexpected end of line, expected " + expected);
        }
        return line.charAt(pos++);
    }

    private void expect(char c) {
        char got = next("'" + c + "'");
        if (got != c) {
            throw error("expected '" + c + "', found '" + got + "'", pos - 1);
        }
    }

    private String string() {
        int start = pos;
        if (next("a string") != '"') {
            throw error("expected a string", start);
        }
        int from = pos;
        while (true) {
            char c = next("the closing quote");
            if (c == '"') {
                return line.substring(from, pos - 1);
            }
            if (c == '\\') {
                pos = from;
                return escapedString();
            }
            if (c < 0x20) {
                throw error("control character in a string", pos - 1);
            }
        }
    }

    private String escapedString() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next("the closing quote");
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string", pos - 1);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next("an escape");
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > line.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(line.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape '\\" + e + "'", pos - 1);
            }
        }
    }

    /** A non-negative JSON integer that fits an int. */
    private int token(String field) {
        int start = pos;
        if (peek() == '-') {
            throw error("\"" + field + "\": negative token", start);
        }
        long v = 0;
        int digits = 0;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            if (v > Integer.MAX_VALUE) {
                throw error("\"" + field + "\": token too large", start);
            }
            pos++;
            digits++;
        }
        if (digits == 0) {
            throw error("\"" + field + "\": expected a token (a non-negative integer)", start);
        }
        if (digits > 1 && line.charAt(start) == '0') {
            throw error("\"" + field + "\": leading zero", start);
        }
        if (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == '.' || c == 'e' || c == 'E') {
                throw error("\"" + field + "\": a token must be an integer", start);
            }
        }
        return (int) v;
    }

    private String integerText(String field) {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        token(field);
        return line.substring(start, pos);
    }

    private void draftsArray() {
        expect('[');
        ws();
        draftCount = 0;
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            ws();
            int t = token("drafts");
            if (draftCount == drafts.length) {
                drafts = java.util.Arrays.copyOf(drafts, drafts.length * 2);
            }
            drafts[draftCount++] = t;
            ws();
            char c = next("',' or ']'");
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw error("\"drafts\": expected ',' or ']', found '" + c + "'", pos - 1);
            }
        }
    }

    private void skipValue() {
        char c = peek();
        switch (c) {
            case '"' -> string();
            case '{' -> skipContainer('{', '}');
            case '[' -> skipContainer('[', ']');
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void literal(String word) {
        if (!line.startsWith(word, pos)) {
            throw error("bad value");
        }
        pos += word.length();
    }

    private void number() {
        int start = pos;
        if (pos < line.length() && line.charAt(pos) == '-') {
            pos++;
        }
        int digits = 0;
        while (pos < line.length() && "0123456789.eE+-".indexOf(line.charAt(pos)) >= 0) {
            pos++;
            digits++;
        }
        if (digits == 0) {
            throw error("bad value", start);
        }
        try {
            Double.parseDouble(line.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("bad number", start);
        }
    }

    private void skipContainer(char open, char close) {
        expect(open);
        ws();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            ws();
            if (open == '{') {
                string();
                ws();
                expect(':');
                ws();
            }
            skipValue();
            ws();
            char c = next("',' or '" + close + "'");
            if (c == close) {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or '" + close + "', found '" + c + "'", pos - 1);
            }
        }
    }
}
