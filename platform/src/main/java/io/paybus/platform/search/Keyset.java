package io.paybus.platform.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A search over one table, paged by key: the filters given, then the rows after the previous
 * page's last (sort value, id), sorted by both, one more than a page to know whether another
 * follows. A page costs the same however deep it lies, and a row that changes between two pages is
 * neither skipped nor repeated by position.
 */
public final class Keyset {

    /** How rows are sorted: a name of the endpoint's, and the direction. */
    public record Sort(String name, boolean ascending) {
    }

    /** Where the previous page ended: its sort, the last row's sort value and id. */
    public record Cursor(Sort sort, String value, String id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((sort.name() + "|" + sort.ascending() + "|"
                    + value + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor {@code text} encodes, if it is one of {@code sort}; else {@code null}. */
        public static Cursor decode(String text, Sort sort) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 4);
                return parts.length == 4 && parts[0].equals(sort.name())
                        && Boolean.parseBoolean(parts[1]) == sort.ascending() ? new Cursor(sort, parts[2], parts[3]) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** A page of rows and the cursor of the next ({@code null} on the last). */
    public record Page<T>(List<T> rows, String nextCursor) {
    }

    private final StringBuilder where = new StringBuilder(" where true");
    private final List<Object> arguments = new ArrayList<>();

    /** {@code sql} (one {@code ?}) with {@code value}, when there is a value. */
    public Keyset filter(String sql, Object value) {
        if (value != null) {
            where.append(" and ").append(sql);
            arguments.add(value);
        }
        return this;
    }

    /** A condition without a value. */
    public Keyset condition(String sql) {
        where.append(" and ").append(sql);
        return this;
    }

    /**
     * {@code select * from table} filtered, after {@code after}, sorted by {@code sortColumn} (an SQL
     * expression) then {@code idColumn}; {@code cursorValue} reads a cursor's value as the column's
     * type (it was checked when the cursor was read), {@code sortValue} and {@code id} write a row's.
     */
    public <T> Page<T> page(JdbcTemplate jdbc, String table, String sortColumn, String idColumn, Sort sort,
            Cursor after, Function<String, Object> cursorValue, int limit, RowMapper<T> rows,
            Function<T, String> sortValue, Function<T, String> id) {
        String direction = sort.ascending() ? "asc" : "desc";
        StringBuilder sql = new StringBuilder("select * from ").append(table).append(where);
        List<Object> values = new ArrayList<>(arguments);
        if (after != null) {
            sql.append(" and (").append(sortColumn).append(", ").append(idColumn).append(") ")
                    .append(sort.ascending() ? ">" : "<").append(" (?, ?)");
            values.add(cursorValue.apply(after.value()));
            values.add(after.id());
        }
        sql.append(" order by ").append(sortColumn).append(' ').append(direction).append(", ").append(idColumn)
                .append(' ').append(direction).append(" limit ?");
        values.add(limit + 1);
        List<T> found = jdbc.query(sql.toString(), rows, values.toArray());
        List<T> page = found.stream().limit(limit).toList();
        String next = null;
        if (found.size() > limit) {
            T last = page.get(page.size() - 1);
            next = new Cursor(sort, sortValue.apply(last), id.apply(last)).encode();
        }
        return new Page<>(page, next);
    }
}
