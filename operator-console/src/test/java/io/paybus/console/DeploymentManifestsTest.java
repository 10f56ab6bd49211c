package io.paybus.console;

import io.paybus.testsupport.DeploymentManifestsContract;

/** deploy/k8s/operator-console.yaml, its compose service and operator-console/Dockerfile against this service's configuration. */
class DeploymentManifestsTest extends DeploymentManifestsContract {

    @Override
    protected String service() {
        return "operator-console";
    }

    @Override
    protected String aDashedSetting() {
        return "PAYBUS_CONSOLE_CALLTIMEOUT";
    }
}
