package org.streamgate.platform.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void formulasAreNeutralised() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.cell("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'+1\"", Csv.cell("+1"));
        assertEquals("\"'-1\"", Csv.cell("-1"));
        assertEquals("\"'@SUM(A1)\"", Csv.cell("@SUM(A1)"));
        assertEquals("\"'\tx\"", Csv.cell("\tx"));
        assertEquals("\"'\rx\"", Csv.cell("\rx"));
    }

    @Test
    void plainCellsAreQuoted() {
        assertEquals("\"VIP, row 1\"", Csv.cell("VIP, row 1"));
        assertEquals("\"\"", Csv.cell(null));
        assertEquals("\"a\",\"b\"\r\n", Csv.row("a", "b"));
    }
}
