package org.streamgate.platform.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A JDBC URL plus credentials, from {@code DATABASE_URL} in either the libpq form
 * ({@code postgresql://user:pass@host:5432/db?sslmode=require}) or the JDBC form ({@code jdbc:postgresql://...}).
 */
public record JdbcTarget(String jdbcUrl, String user, String password) {

    /** @throws IllegalArgumentException naming {@code DATABASE_URL} */
    public static JdbcTarget parse(String databaseUrl) {
        String url = databaseUrl.trim();
        if (url.startsWith("jdbc:postgresql:")) {
            return new JdbcTarget(url, null, null);
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("DATABASE_URL: must start with postgresql:// or jdbc:postgresql:");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DATABASE_URL: not a valid URL");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL: host is missing");
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new JdbcTarget("jdbc:postgresql://" + host + ":" + port + path + query, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "JdbcTarget[" + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1****") + ", user=" + user + "]";
    }
}
