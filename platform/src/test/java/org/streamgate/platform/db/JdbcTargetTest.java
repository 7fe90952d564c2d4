package org.streamgate.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JdbcTargetTest {

    @Test
    void libpqUrl() {
        JdbcTarget t = JdbcTarget.parse("postgresql://sg:p%40ss@db.example:6543/streamgate?sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/streamgate?sslmode=require", t.jdbcUrl());
        assertEquals("sg", t.user());
        assertEquals("p@ss", t.password());
        assertFalse(t.toString().contains("p@ss"));
    }

    @Test
    void jdbcUrlPassesThrough() {
        JdbcTarget t = JdbcTarget.parse("jdbc:postgresql://localhost/sg?user=a");
        assertEquals("jdbc:postgresql://localhost/sg?user=a", t.jdbcUrl());
        assertNull(t.user());
    }

    @Test
    void defaultsPortAndRejectsOthers() {
        assertEquals("jdbc:postgresql://h:5432/postgres", JdbcTarget.parse("postgres://h").jdbcUrl());
        assertThrows(IllegalArgumentException.class, () -> JdbcTarget.parse("mysql://h/db"));
    }
}
