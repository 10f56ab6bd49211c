package io.paybus.billing;

import io.paybus.testsupport.DeploymentManifestsContract;

/** deploy/k8s/billing-service.yaml, its compose service and billing-service/Dockerfile against this service's configuration. */
class DeploymentManifestsTest extends DeploymentManifestsContract {

    @Override
    protected String service() {
        return "billing-service";
    }

    @Override
    protected String aDashedSetting() {
        return "PAYBUS_KAFKA_TOPICS_REPLICATIONFACTOR";
    }
}
