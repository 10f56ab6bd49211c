package io.paybus.testsupport;

import io.paybus.platform.security.ApiKeys;
import io.paybus.platform.security.Scopes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API keys for tests, made once per JVM: one with every scope, one per scope, one per scope with
 * all the others ("all but"), and one rotated out (its {@code not-after} passed). {@link #properties()}
 * configures a service with their hashes, as production would.
 */
public final class TestCredentials {

    public static final String ALL = ApiKeys.generate();
    public static final String RETIRED = ApiKeys.generate();
    private static final Map<String, String> ONLY = new LinkedHashMap<>();
    private static final Map<String, String> ALL_BUT = new LinkedHashMap<>();

    static {
        for (String scope : Scopes.ALL) {
            ONLY.put(scope, ApiKeys.generate());
            ALL_BUT.put(scope, ApiKeys.generate());
        }
    }

    private TestCredentials() {
    }

    /** A key with exactly {@code scope}. */
    public static String only(String scope) {
        return ONLY.get(scope);
    }

    /** A key with every scope but {@code scope}. */
    public static String allBut(String scope) {
        return ALL_BUT.get(scope);
    }

    /** The key id an audit entry names for {@link #only(String)}. */
    public static String onlyId(String scope) {
        return "only-" + scope.replace(':', '-');
    }

    /** Registers {@link #properties()}, e.g. {@code TestCredentials.register(registry::add)} in a {@code @DynamicPropertySource}. */
    public static void register(java.util.function.BiConsumer<String, java.util.function.Supplier<Object>> registry) {
        properties().forEach((name, value) -> registry.accept(name, () -> value));
    }

    /** {@code paybus.security.api-keys[…]} for every test key. */
    public static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        List<Object[]> keys = new ArrayList<>();
        keys.add(new Object[] {"all", ALL, Scopes.ALL, null});
        keys.add(new Object[] {"retired", RETIRED, Scopes.ALL, Instant.parse("2026-01-01T00:00:00Z")});
        for (String scope : Scopes.ALL) {
            keys.add(new Object[] {onlyId(scope), ONLY.get(scope), List.of(scope), null});
            List<String> others = new ArrayList<>(Scopes.ALL);
            others.remove(scope);
            keys.add(new Object[] {"all-but-" + scope.replace(':', '-'), ALL_BUT.get(scope), others, null});
        }
        for (int i = 0; i < keys.size(); i++) {
            Object[] key = keys.get(i);
            String at = "paybus.security.api-keys[" + i + "].";
            properties.put(at + "id", (String) key[0]);
            properties.put(at + "sha256", ApiKeys.sha256((String) key[1]));
            @SuppressWarnings("unchecked")
            List<String> scopes = (List<String>) key[2];
            properties.put(at + "scopes", String.join(",", scopes));
            if (key[3] != null) {
                properties.put(at + "not-after", key[3].toString());
            }
        }
        return properties;
    }
}
