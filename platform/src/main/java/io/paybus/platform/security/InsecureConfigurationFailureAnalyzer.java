package io.paybus.platform.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link InsecureConfigurationException} into Boot's "APPLICATION FAILED TO START" text. */
class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
        return new FailureAnalysis("Paybus refuses to start insecurely: " + cause.getMessage(),
                "Configure credentials (see the service README, section Security), or run with the"
                        + " 'local' profile (spring.profiles.active=local) on a developer machine.",
                cause);
    }
}
