package io.paybus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An analyst logged in with {@code paybus_readonly}, as the README tells a DBA to make one: a login
 * role in that group. Used to show what the reporting schema gives and what it does not.
 */
public final class ReportingRole {

    public static final String ANALYST = "paybus_analyst_test";

    private ReportingRole() {
    }

    /** A connection to {@code jdbcUrl} as the analyst (made by {@code admin} first, once per cluster). */
    public static Connection analyst(JdbcTemplate admin, String jdbcUrl) throws SQLException {
        admin.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + ANALYST + "') then"
                + " create role " + ANALYST + " login in role paybus_readonly; end if; end $$");
        return DriverManager.getConnection(jdbcUrl, ANALYST, "");
    }

    /** Each statement is refused for lack of privilege, and leaves nothing behind. */
    public static void assertRefused(Connection analyst, List<String> statements) {
        for (String sql : statements) {
            assertThatThrownBy(() -> {
                try (Statement statement = analyst.createStatement()) {
                    statement.execute(sql);
                }
            }).as(sql).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql + ": " + e.getMessage())
                            .isEqualTo("42501")); // insufficient_privilege
        }
    }
}
