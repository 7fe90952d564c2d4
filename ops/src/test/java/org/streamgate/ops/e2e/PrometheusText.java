package org.streamgate.ops.e2e;

import java.util.List;

/** Reads counters out of a {@code /metrics} answer (Prometheus text format) without a client library. */
final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum of every sample of {@code name} whose labels include all of {@code labels} (each {@code key="value"}),
     * whatever order the labels are written in; 0 when there is none.
     */
    static double sum(String text, String name, String... labels) {
        double total = 0;
        for (String line : text.lines().toList()) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelText = close < 0 ? "" : line.substring(name.length() + 1, close);
            if (List.of(labels).stream().allMatch(l -> labelText.contains(l))) {
                String value = line.substring(close < 0 ? name.length() : close + 1).strip().split(" ")[0];
                total += Double.parseDouble(value);
            }
        }
        return total;
    }
}
