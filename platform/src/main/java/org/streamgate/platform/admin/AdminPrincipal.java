package org.streamgate.platform.admin;

/**
 * Who is calling the admin API, and from where.
 *
 * @param actor   {@code admin} (password session) or {@code api-token} (bearer)
 * @param address the client address
 */
public record AdminPrincipal(String actor, String address) {
}
