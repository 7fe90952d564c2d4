package org.streamgate.platform.web.admin;

/** A printable ticket: the code as displayed, its label, the portal link with the code, and that link's QR SVG. */
public record Ticket(String code, String label, String link, String svg) {
}
