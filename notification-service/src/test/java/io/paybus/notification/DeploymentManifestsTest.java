package io.paybus.notification;

import io.paybus.testsupport.DeploymentManifestsContract;

/** deploy/k8s/notification-service.yaml, its compose service and notification-service/Dockerfile against this service's configuration. */
class DeploymentManifestsTest extends DeploymentManifestsContract {

    @Override
    protected String service() {
        return "notification-service";
    }

    @Override
    protected String aDashedSetting() {
        return "PAYBUS_KAFKA_TOPICS_REPLICATIONFACTOR";
    }
}
