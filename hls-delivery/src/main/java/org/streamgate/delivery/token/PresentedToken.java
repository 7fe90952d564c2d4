package org.streamgate.delivery.token;

import java.util.Optional;

/**
 * The token a request carried and where: {@code Authorization: Bearer}, else {@code ?token=}, else
 * {@code ?__token=} (DESIGN §3.4). {@link #toString()} never shows the token.
 *
 * @param value      the compact JWS
 * @param queryParam the query parameter it came in, or empty when it came in the header
 */
public record PresentedToken(String value, Optional<String> queryParam) {

    public static final String QUERY_PARAM = "token";
    public static final String ALT_QUERY_PARAM = "__token";
    private static final String BEARER = "bearer ";

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param query         looks up a decoded query parameter, {@code null} when absent
     */
    public static Optional<PresentedToken> find(String authorization, java.util.function.Function<String, String> query) {
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String value = authorization.substring(BEARER.length()).trim();
            if (!value.isEmpty()) {
                return Optional.of(new PresentedToken(value, Optional.empty()));
            }
        }
        for (String param : new String[] {QUERY_PARAM, ALT_QUERY_PARAM}) {
            String value = query.apply(param);
            if (value != null && !value.isEmpty()) {
                return Optional.of(new PresentedToken(value, Optional.of(param)));
            }
        }
        return Optional.empty();
    }

    public boolean fromQuery() {
        return queryParam.isPresent();
    }

    @Override
    public String toString() {
        return "PresentedToken[" + queryParam.map(p -> "?" + p).orElse("header") + ", ****]";
    }
}
