package io.paybus.order;

import io.paybus.testsupport.DeploymentManifestsContract;

/** deploy/k8s/order-service.yaml, its compose service and order-service/Dockerfile against this service's configuration. */
class DeploymentManifestsTest extends DeploymentManifestsContract {

    @Override
    protected String service() {
        return "order-service";
    }

    @Override
    protected String aDashedSetting() {
        return "PAYBUS_KAFKA_TOPICS_REPLICATIONFACTOR";
    }
}
