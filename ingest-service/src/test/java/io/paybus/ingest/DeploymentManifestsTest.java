package io.paybus.ingest;

import io.paybus.testsupport.DeploymentManifestsContract;

/** deploy/k8s/ingest-service.yaml, its compose service and ingest-service/Dockerfile against this service's configuration. */
class DeploymentManifestsTest extends DeploymentManifestsContract {

    @Override
    protected String service() {
        return "ingest-service";
    }

    @Override
    protected String aDashedSetting() {
        return "PAYBUS_KAFKA_TOPICS_REPLICATIONFACTOR";
    }
}
