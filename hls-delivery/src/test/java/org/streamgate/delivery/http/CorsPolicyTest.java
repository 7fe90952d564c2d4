package org.streamgate.delivery.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    @Test
    void listsWildcardAndTrailingSlashes() {
        CorsPolicy list = new CorsPolicy(" https://a.example.com/ , https://b.example.com");
        assertTrue(list.enabled());
        assertTrue(list.allows("https://a.example.com"));
        assertTrue(list.allows("https://b.example.com"));
        assertFalse(list.allows("https://a.example.com.evil.com"));
        assertFalse(list.allows("http://a.example.com"));
        assertTrue(new CorsPolicy("*").allows("https://anything.example"));
        assertFalse(new CorsPolicy("").enabled());
    }
}
