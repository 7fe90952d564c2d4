package org.streamgate.platform.code;

/**
 * CSV cells (RFC 4180) that spreadsheets will not run as formulas: a cell starting with {@code = + - @}, tab or
 * carriage return gets a leading apostrophe, then every cell is quoted.
 */
public final class Csv {

    private Csv() {
    }

    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    public static String row(String... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(cells[i]));
        }
        return b.append("\r\n").toString();
    }
}
