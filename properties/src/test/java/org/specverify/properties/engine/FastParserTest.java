package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.specverify.reference.InvalidInputException;

/**
 * The fast path ({@link SampleInput#next}, {@link SampleLine#parseFast}) against the general parser
 * ({@link SampleInput#readLine} then {@link SampleLine#parse}): identical fields, identical errors (message included),
 * line by line, on a corpus of edge cases and on random variants of the usual shape.
 */
class FastParserTest {
    /** What a parser made of one line: its fields, or the error message. */
    static String general(byte[] line) {
        try (SampleInput in = SampleInput.of(new ByteArrayInputStream(line), "t")) {
            SampleLine s = new SampleLine();
            List<String> out = new ArrayList<>();
            String text;
            while ((text = in.readLine()) != null) {
                s.parse(text, in.lineNumber(), "t");
                out.add(fields(s));
            }
            return String.join("\n", out);
        } catch (InvalidInputException e) {
            return "error: " + e.getMessage();
        }
    }

    static String fast(byte[] line, int bufferChunk) {
        // a stream that hands out at most bufferChunk bytes per read, so lines cross buffer refills too
        java.io.InputStream raw = new ByteArrayInputStream(line) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, bufferChunk));
            }
        };
        try (SampleInput in = SampleInput.of(raw, "t")) {
            SampleLine s = new SampleLine();
            List<String> out = new ArrayList<>();
            while (in.next(s)) {
                out.add(fields(s));
            }
            return String.join("\n", out);
        } catch (InvalidInputException e) {
            return "error: " + e.getMessage();
        }
    }

    static String fields(SampleLine s) {
        StringBuilder b = new StringBuilder();
        b.append("case=").append(s.caseId()).append(" output=").append(s.output()).append(" drafts=[");
        for (int i = 0; i < s.draftCount(); i++) {
            b.append(i == 0 ? "" : ",").append(s.draft(i));
        }
        return b.append("] engine=").append(s.engine()).append(" accepted=").append(s.accepted()).append(" count=")
            .append(s.count()).toString();
    }

    static void same(byte[] bytes) {
        String g = general(bytes);
        for (int chunk : new int[] {1 << 16, 7, 1}) {
            assertEquals(g, fast(bytes, chunk), "on " + new String(bytes, StandardCharsets.ISO_8859_1)
                + " (read " + chunk + " bytes at a time)");
        }
    }

    static final String[] CORPUS = {
        "{\"case\": \"a\", \"output\": 2, \"drafts\": [1], \"engine\": \"python-sd\"}",
        "{\"case\":\"a\",\"output\":2,\"drafts\":[1,0,3]}",
        "  {  \"case\" :  \"a\" ,\t\"output\" : 0 , \"drafts\" : [ 1 , 2 ] }  ",
        "{\"drafts\": [1], \"output\": 2, \"case\": \"a\"}",
        "{\"engine\": \"e\", \"drafts\": [], \"case\": \"a\", \"output\": 5}",
        "{\"case\": \"a\\\"b\", \"output\": 2, \"drafts\": [1]}",
        "{\"case\": \"a\\u00e9\", \"output\": 2, \"drafts\": [1]}",
        "{\"case\": \"\u00e9t\u00e9\", \"output\": 2, \"drafts\": [1], \"engine\": \"\u4e2d\"}",
        "{\"case\": \"a\", \"output\": 2, \"drafts\": [1], \"engine\": \"x\\ty\"}",
        "{\"case\": \"a\", \"output\": -1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [-3]}",
        "{\"case\": \"a\", \"output\": 2147483647, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 2147483648, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 999999999, \"drafts\": [1000000000]}",
        "{\"case\": \"a\", \"output\": 123456789012345678901234567890, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 01, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 0, \"drafts\": [00]}",
        "{\"case\": \"a\", \"output\": 1.0, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1e3, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1E3, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1.5]}",
        "{\"case\": 17, \"output\": 1, \"drafts\": [1]}",
        "{\"case\": -17, \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"extra\": {\"x\": [1, 2.5, null, true]}}",
        "{\"case\": \"a\", \"position\": 12, \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 7}",
        "{\"count\": 1, \"case\": \"a\", \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 0}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": -2}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 1.5}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 9223372036854775807}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 9223372036854775808}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 1234567890}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 07}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": \"7\"}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"count\": 2, \"count\": 3}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": true}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": false}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": null}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": 1}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": 2}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": -1}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": \"yes\"}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": truex}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": tru}",
        "{\"accepted\": 0, \"case\": \"a\", \"output\": 1, \"drafts\": [1, 2], \"accepted\": 0}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2]",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2]}}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2]} x",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2],}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1, 2,]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1 2]}",
        "{\"case\": \"a\" \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1}",
        "{\"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"drafts\": [1]}",
        "{\"case\": \"a\", \"case\": \"b\", \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"engine\": \"e\", \"engine\": \"e\"}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"engine\": 3}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": 1}",
        "{\"case\": \"a\", \"output\": \"1\", \"drafts\": [1]}",
        "{\"case\": \"a\nb\", \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\u0001b\", \"output\": 1, \"drafts\": [1]}",
        "{\"c\\u0061se\": \"a\", \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1]}\r",
        "{\"case\": \"a\",\r\"output\": 1, \"drafts\": [1]}",
        "{}",
        "",
        "   ",
        "[1, 2]",
        "null",
        "{\"case\": \"a\", \"output\": 1, \"drafts\": [1]}{\"case\": \"a\", \"output\": 1, \"drafts\": [1]}",
        "{\"case\": \"\", \"output\": 0, \"drafts\": [0]}",
        "{\"case\": \"a\", \"output\": 0, \"drafts\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}",
        "{\"case\": \"a\u007f\", \"output\": 0, \"drafts\": [0]}",
        "{\"case\": \"a\", \"output\": 0, \"drafts\": [0], \"engine\": \"\\/x\"}",
        "{\"case\": \"a\", \"output\": 0 , \"drafts\": [ ] , \"accepted\" : false }",
    };

    @Test
    void fastAndGeneralAgreeOnTheCorpus() {
        for (String line : CORPUS) {
            same((line + "\n").getBytes(StandardCharsets.UTF_8));
            same(line.getBytes(StandardCharsets.UTF_8));
            // after a good line, so line numbers and offsets count on
            same(("{\"case\": \"z\", \"output\": 1, \"drafts\": [1]}\n" + line + "\n")
                .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void invalidUtf8IsTheSameErrorOnBothPaths() throws Exception {
        byte[][] bad = {
            {(byte) 0xff},
            {(byte) 0xc3},
            {(byte) 0xe2, (byte) 0x82},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xc0, (byte) 0x80},
        };
        String good = "{\"case\": \"a\", \"output\": 1, \"drafts\": [1]}\n";
        for (byte[] b : bad) {
            for (String where : new String[] {"case", "engine", "key", "outside"}) {
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(good.getBytes(StandardCharsets.UTF_8));
                String[] parts = switch (where) {
                    case "case" -> new String[] {"{\"case\": \"a", "\", \"output\": 1, \"drafts\": [1]}"};
                    case "engine" -> new String[] {"{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"engine\": \"",
                        "\"}"};
                    case "key" -> new String[] {"{\"case\": \"a\", \"", "\": 1, \"output\": 1, \"drafts\": [1]}"};
                    default -> new String[] {"{\"case\": \"a\", \"output\": 1", ", \"drafts\": [1]}"};
                };
                o.write(parts[0].getBytes(StandardCharsets.UTF_8));
                o.write(b);
                o.write(parts[1].getBytes(StandardCharsets.UTF_8));
                o.write('\n');
                byte[] bytes = o.toByteArray();
                String g = general(bytes);
                assertTrue(g.startsWith("error: ") && g.contains("invalid UTF-8") && g.contains("line 2"), g);
                same(bytes);
            }
        }
    }

    @Test
    void casesAndEnginesRepeatAsTheSameStrings() {
        byte[] bytes = ("{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"engine\": \"e\"}\n"
            + "{\"case\": \"a\", \"output\": 2, \"drafts\": [0], \"engine\": \"e\"}\n"
            + "{\"case\": \"b\", \"output\": 2, \"drafts\": [0], \"engine\": \"e\"}\n"
            + "{\"case\": \"b\", \"output\": 2, \"drafts\": [0]}\n").getBytes(StandardCharsets.UTF_8);
        same(bytes);
        assertEquals("case=a output=1 drafts=[1] engine=e accepted=-3 count=1\n"
            + "case=a output=2 drafts=[0] engine=e accepted=-3 count=1\n"
            + "case=b output=2 drafts=[0] engine=e accepted=-3 count=1\n"
            + "case=b output=2 drafts=[0] engine=null accepted=-3 count=1", fast(bytes, 1 << 16));
    }

    /** Random lines of the usual shape and random damage to them: both paths agree on every one. */
    @Test
    void fastAndGeneralAgreeOnRandomVariants() {
        long seed = System.nanoTime();
        System.out.println("FastParserTest seed " + seed);
        Random rnd = new Random(seed);
        String[] numbers = {"0", "1", "7", "42", "999999999", "1000000000", "2147483647", "2147483648", "-1", "01",
            "1.5", "1e2", "00", "12345678901"};
        String[] blanks = {"", " ", "  ", "\t", " \t "};
        for (int n = 0; n < 3000; n++) {
            List<String> fields = new ArrayList<>();
            fields.add("\"case\":" + pick(rnd, blanks) + "\"c" + rnd.nextInt(3) + "\"");
            fields.add("\"output\":" + pick(rnd, blanks) + (rnd.nextInt(4) == 0 ? pick(rnd, numbers)
                : Integer.toString(rnd.nextInt(100))));
            StringBuilder d = new StringBuilder("[");
            int k = rnd.nextInt(5);
            for (int i = 0; i < k; i++) {
                d.append(i == 0 ? "" : "," + pick(rnd, blanks)).append(rnd.nextInt(6) == 0 ? pick(rnd, numbers)
                    : Integer.toString(rnd.nextInt(100)));
            }
            fields.add("\"drafts\":" + pick(rnd, blanks) + d + "]");
            if (rnd.nextBoolean()) {
                fields.add("\"engine\":" + pick(rnd, blanks) + "\"e" + rnd.nextInt(2) + "\"");
            }
            if (rnd.nextInt(3) == 0) {
                String[] acc = {"true", "false", "null", "0", "1", "2", "5"};
                fields.add("\"accepted\":" + pick(rnd, blanks) + pick(rnd, acc));
            }
            if (rnd.nextInt(3) == 0) {
                fields.add("\"count\":" + pick(rnd, blanks) + pick(rnd, numbers));
            }
            java.util.Collections.shuffle(fields, rnd);
            StringBuilder line = new StringBuilder(pick(rnd, blanks)).append('{');
            for (int i = 0; i < fields.size(); i++) {
                line.append(i == 0 ? "" : "," + pick(rnd, blanks)).append(pick(rnd, blanks)).append(fields.get(i));
            }
            line.append(pick(rnd, blanks)).append('}').append(pick(rnd, blanks));
            String s = line.toString();
            if (rnd.nextInt(3) == 0) {
                // damage: delete, duplicate or replace one character
                int at = rnd.nextInt(s.length());
                String junks = "{}[]\",:0 a\\-\u00e9\t";
                String junk = String.valueOf(junks.charAt(rnd.nextInt(junks.length())));
                s = switch (rnd.nextInt(3)) {
                    case 0 -> s.substring(0, at) + s.substring(at + 1);
                    case 1 -> s.substring(0, at) + s.charAt(at) + s.substring(at);
                    default -> s.substring(0, at) + junk + s.substring(at + 1);
                };
            }
            same((s + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String pick(Random rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }
}
