package io.paybus.platform.security;

/**
 * A service was configured in a way that would let anyone in (no credentials, a demo secret
 * outside the local profile, a malformed key). It refuses to start with a message that says what
 * to set; {@link InsecureConfigurationFailureAnalyzer} prints it without a stack trace.
 */
public class InsecureConfigurationException extends RuntimeException {

    public InsecureConfigurationException(String message) {
        super(message);
    }
}
