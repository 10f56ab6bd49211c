package io.paybus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps a service and its deployment files from drifting apart: its Kubernetes manifest
 * ({@code deploy/k8s/<service>.yaml}), its compose service ({@code deploy/compose/compose.yaml})
 * and its {@code Dockerfile} must use the ports the service listens on, probe the management
 * port's health groups, and set only environment variables the service reads: each must be the
 * environment form of a property it binds (its own {@code @ConfigurationProperties} records, Spring
 * Boot's documented properties), or a placeholder of its {@code application.yml}. Run from a
 * service module's tests, on its own classpath, so "what it reads" is what that build reads.
 */
public final class DeploymentManifests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JVM_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS");

    private final String service;
    private final Path repository;
    private final Map<String, Object> configuration;
    private final List<Pattern> known = new ArrayList<>();

    private DeploymentManifests(String service, Path repository) {
        this.service = service;
        this.repository = repository;
        this.configuration = flatten("", load(Path.of("src", "main", "resources", "application.yml")));
        knowPlaceholders();
        knowBoundProperties();
        knowSpringBootProperties();
    }

    /** The manifests of {@code service}, checked from its module directory (the repository is its parent). */
    public static DeploymentManifests of(String service) {
        return new DeploymentManifests(service, Path.of("..").toAbsolutePath().normalize());
    }

    /** Whether the service would read an environment variable of that name. */
    public boolean reads(String environmentName) {
        return JVM_ENVIRONMENT.contains(environmentName)
                || known.stream().anyMatch(pattern -> pattern.matcher(environmentName).matches());
    }

    public int port() {
        return ((Number) configuration.get("server.port")).intValue();
    }

    public int managementPort() {
        return ((Number) configuration.get("management.server.port")).intValue();
    }

    /** Deployment, Service and PodDisruptionBudget of {@code deploy/k8s/<service>.yaml}. */
    @SuppressWarnings("unchecked")
    public void assertKubernetesManifest() {
        List<Map<String, Object>> documents = documents(repository.resolve("deploy/k8s/" + service + ".yaml"));
        Map<String, Object> deployment = kind(documents, "Deployment");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment
                .get("spec")).get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map<String, Object> port : (List<Map<String, Object>>) container.get("ports")) {
            ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
        }
        assertThat(ports).as(service + " container ports").containsEntry("http", port())
                .containsEntry("management", managementPort());
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
            assertThat(get).as(service + " " + probe).isNotNull();
            Object port = get.get("port");
            assertThat(port instanceof String name ? ports.get(name) : port).as(service + " " + probe + " port")
                    .isEqualTo(managementPort());
            assertThat(get.get("path")).as(service + " " + probe + " path").isEqualTo(probe.startsWith("readiness")
                    ? "/actuator/health/readiness" : "/actuator/health/liveness");
        }
        assertThat(configuration.get("management.endpoint.health.probes.enabled")).as(service
                + ": the probes' health groups are on").isEqualTo(Boolean.TRUE);
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        try (var files = Files.list(repository.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Map<String, Object> document : documents(file)) {
                    Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
                    resources.put(document.get("kind") + "/" + metadata.get("name"), document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> environment = new ArrayList<>();
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
            environment.add((String) variable.get("name"));
            Map<String, Object> from = (Map<String, Object>) variable.get("valueFrom");
            if (from != null && from.get("configMapKeyRef") instanceof Map<?, ?> ref) {
                Map<String, Object> map = resources.get("ConfigMap/" + ref.get("name"));
                assertThat(map).as(service + ": ConfigMap " + ref.get("name")).isNotNull();
                assertThat((Map<String, Object>) map.get("data")).as(service + ": key " + ref.get("key"))
                        .containsKey((String) ref.get("key"));
            }
        }
        for (Map<String, Object> source : (List<Map<String, Object>>) container.getOrDefault("envFrom", List.of())) {
            String kind = source.containsKey("configMapRef") ? "ConfigMap" : "Secret";
            Map<String, Object> ref = (Map<String, Object>) source.get(kind.equals("ConfigMap") ? "configMapRef"
                    : "secretRef");
            Map<String, Object> resource = resources.get(kind + "/" + ref.get("name"));
            assertThat(resource).as(service + ": " + kind + " " + ref.get("name") + " in deploy/k8s").isNotNull();
            Object data = resource.getOrDefault("data", resource.get("stringData"));
            environment.addAll(((Map<String, Object>) data).keySet());
        }
        assertReadsAll("deploy/k8s/" + service + ".yaml", environment);
        Map<String, Object> serviceSpec = (Map<String, Object>) kind(documents, "Service").get("spec");
        for (Map<String, Object> port : (List<Map<String, Object>>) serviceSpec.get("ports")) {
            assertThat(ports).as(service + " Service targetPort").containsKey((String) port.get("targetPort"));
        }
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        if (((Integer) spec.get("replicas")) > 1) {
            assertThat(kind(documents, "PodDisruptionBudget")).as(service + " runs several: a disruption budget")
                    .isNotNull();
        }
    }

    /** The service in {@code deploy/compose/compose.yaml}: its port, its health check, its environment. */
    @SuppressWarnings("unchecked")
    public void assertComposeService() {
        Map<String, Object> compose = documents(repository.resolve("deploy/compose/compose.yaml")).get(0);
        Map<String, Object> entry = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(service);
        assertThat(entry).as("compose service " + service).isNotNull();
        assertThat((List<String>) entry.get("ports")).as(service + " compose ports").contains(port() + ":" + port());
        assertReadsAll("deploy/compose/compose.yaml " + service,
                ((Map<String, Object>) entry.getOrDefault("environment", Map.of())).keySet());
        if (entry.get("healthcheck") instanceof Map<?, ?> health) {
            assertThat(health.get("test").toString()).as(service + " compose health check")
                    .contains(Integer.toString(managementPort()));
        }
    }

    /** {@code <service>/Dockerfile}: the jar it copies, the ports it exposes, the settings it sets. */
    public void assertDockerfile() {
        String dockerfile = read(repository.resolve(service).resolve("Dockerfile"));
        assertThat(dockerfile).as(service + " Dockerfile").contains("COPY target/" + service + ".jar")
                .containsPattern("(?m)^EXPOSE " + port() + " " + managementPort() + "$");
        Matcher env = Pattern.compile("(?m)^ENV (.+)$").matcher(dockerfile);
        List<String> names = new ArrayList<>();
        while (env.find()) {
            for (String pair : env.group(1).trim().split("\\s+")) {
                names.add(pair.substring(0, pair.indexOf('=')));
            }
        }
        assertReadsAll(service + "/Dockerfile", names);
    }

    private void assertReadsAll(String where, Collection<String> environment) {
        assertThat(environment.stream().filter(name -> !reads(name)).toList())
                .as(where + ": environment variables " + service + " does not read").isEmpty();
    }

    // -- what the service reads

    private void knowPlaceholders() {
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(read(Path.of("src", "main",
                "resources", "application.yml")));
        while (placeholder.find()) {
            known.add(Pattern.compile(Pattern.quote(placeholder.group(1))));
        }
        configuration.keySet().forEach(key -> known.add(environmentForm(key, false)));
    }

    private void knowBoundProperties() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (var candidate : scanner.findCandidateComponents("io.paybus")) {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
                String prefix = annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
                walk(prefix, type, 0);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void walk(String name, Type type, int depth) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (depth > 6) {
            return;
        }
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                // Boot's canonical names are kebab-case: replicationFactor is replication-factor
                walk(name + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                        .toLowerCase(java.util.Locale.ROOT), component.getGenericType(), depth + 1);
            }
        } else if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            known.add(environmentForm(name, false));
            walk(name + "[*]", p.getActualTypeArguments()[0], depth + 1);
        } else if (Map.class.isAssignableFrom(raw)) {
            known.add(environmentForm(name, true));
        } else {
            known.add(environmentForm(name, false));
        }
    }

    private void knowSpringBootProperties() {
        try {
            Enumeration<URL> metadata = getClass().getClassLoader().getResources(
                    "META-INF/spring-configuration-metadata.json");
            while (metadata.hasMoreElements()) {
                try (InputStream in = metadata.nextElement().openStream()) {
                    for (JsonNode property : JSON.readTree(in).path("properties")) {
                        boolean map = property.path("type").asText().startsWith("java.util.Map");
                        known.add(environmentForm(property.path("name").asText(), map));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code paybus.ingest.stripe.secrets[*]} as Spring Boot reads it from the environment:
     * {@code PAYBUS_INGEST_STRIPE_SECRETS_<n>} (upper case, dots to underscores, an index as
     * {@code _<n>}, a dash dropped or, in the legacy form Boot also binds, an underscore); a map
     * takes any suffix.
     */
    static Pattern environmentForm(String property, boolean anySuffix) {
        String[] parts = property.toUpperCase(java.util.Locale.ROOT).split("\\[\\*]", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].replace('.', '_').replaceAll("\\[(\\d+)]", "_$1");
            regex.append(java.util.Arrays.stream(part.split("-", -1)).map(Pattern::quote)
                    .collect(java.util.stream.Collectors.joining("_?")));
            if (i < parts.length - 1) {
                regex.append("_\\d+");
            }
        }
        return Pattern.compile(regex + (anySuffix ? "(_.+)?" : ""));
    }

    // -- files

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) {
        return (Map<String, Object>) new Yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(read(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private Map<String, Object> kind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(String prefix, Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        tree.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> map) {
                flat.putAll(flatten(name, (Map<String, Object>) map));
            } else {
                flat.put(name, value);
            }
        });
        return flat;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
