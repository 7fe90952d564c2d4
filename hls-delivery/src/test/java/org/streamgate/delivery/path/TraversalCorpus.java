package org.streamgate.delivery.path;

import java.util.List;

/** Raw request paths that try to leave {@code STREAM_ROOT/ev1/}; shared by the unit test and the wire test. */
public final class TraversalCorpus {

    private TraversalCorpus() {
    }

    /** Refused by {@link StreamPath#parse} itself. */
    public static final List<String> REFUSED_BY_PARSER = List.of(
            "/streams/ev1/../secret.ts",
            "/streams/ev1/720p/../../secret.ts",
            "/streams/ev1/720p/../../ev2/720p/0.ts",
            "/streams/ev1/%2e%2e/secret.ts",
            "/streams/ev1/%2E%2E/secret.ts",
            "/streams/ev1/.%2e/secret.ts",
            "/streams/ev1/%252e%252e/secret.ts",
            "/streams/ev1/%252e%252e%252fsecret.ts",
            "/streams/ev1/..%2fsecret.ts",
            "/streams/ev1/..%2Fev2%2F720p%2F0.ts",
            "/streams/ev1/720p%2f..%2f..%2fsecret.ts",
            "/streams/ev1/..\\secret.ts",
            "/streams/ev1/..%5csecret.ts",
            "/streams/ev1/..%5Cev2%5C720p%5C0.ts",
            "/streams/ev1/720p/0.ts%00.m3u8",
            "/streams/ev1/720p/%00/0.ts",
            "/streams/ev1//etc/passwd.ts",
            "/streams/ev1/%2fetc%2fpasswd.ts",
            "/streams/ev1/%c0%ae%c0%ae/secret.ts",
            "/streams/ev1/..%c0%afsecret.ts",
            "/streams/ev1/%u002e%u002e/secret.ts",
            "/streams/ev1/..;/secret.ts",
            "/streams/ev1/C:%5cWindows%5cwin.ini.ts",
            "/streams/ev1/./720p/0.ts",
            "/streams/ev1/720p/.hidden.ts",
            "/streams/..%2fev1/720p/0.ts",
            "/streams/ev1/720p/0.ts%0a",
            "/streams/ev1/720p/0%");

    /** Well-formed paths whose real file lies outside the event folder: only the file system check catches them. */
    public static final List<String> REFUSED_BY_REAL_PATH = List.of(
            "/streams/ev1/720p/escape.ts",
            "/streams/ev1/720p/sibling.ts");
}
