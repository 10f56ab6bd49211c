package io.paybus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A service's deployment files (Kubernetes manifest, compose service, Dockerfile) against that
 * service's own configuration: ports, probes, and only environment variables it reads. Each
 * service's {@code DeploymentManifestsTest} extends it and names itself.
 */
public abstract class DeploymentManifestsContract {

    private final DeploymentManifests manifests = DeploymentManifests.of(service());

    /** The module, as it names its jar and its manifests: {@code order-service}. */
    protected abstract String service();

    /** A setting with a dash in its name that the service reads, in its environment form without the dash. */
    protected abstract String aDashedSetting();

    @Test
    void theKubernetesManifestUsesThePortsProbesAndSettingsOfThisService() {
        manifests.assertKubernetesManifest();
    }

    @Test
    void theComposeServiceUsesThePortAndSettingsOfThisService() {
        manifests.assertComposeService();
    }

    @Test
    void theDockerfileCopiesThisJarAndExposesItsPorts() {
        manifests.assertDockerfile();
    }

    @Test
    void aNameThisServiceDoesNotReadWouldBeCaught() {
        String canonical = aDashedSetting();
        assertThat(manifests.reads(canonical)).as(canonical).isTrue();
        // Spring Boot also binds the legacy form, a dash as an underscore: both are accepted.
        String legacy = canonical.replace("REPLICATIONFACTOR", "REPLICATION_FACTOR").replace("CALLTIMEOUT",
                "CALL_TIMEOUT");
        assertThat(legacy).isNotEqualTo(canonical);
        assertThat(manifests.reads(legacy)).as(legacy).isTrue();
        assertThat(manifests.reads(canonical.replaceFirst("_", "X_"))).as("a misspelt setting").isFalse();
        assertThat(manifests.reads("PAYBUS_NO_SUCH_SETTING")).isFalse();
    }
}
