package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * PayPal certificates that operators put in a directory, for deployments that cannot reach
 * PayPal: {@code <dir>/<certificate id>.pem}, the id being the last segment of
 * {@code PAYPAL-CERT-URL} (e.g. {@code CERT-360caa42-fca2a594-1d93a270.pem}). Placing a file there
 * is the act of trust (pinning): no chain is built, but the name and validity are checked.
 */
public final class LocalCertificateDirectory {

    private final Path directory;

    public LocalCertificateDirectory(Path directory) {
        this.directory = directory;
    }

    /** The certificate for {@code certUrl}, if this directory has one. */
    public Optional<X509Certificate> find(URI certUrl, Instant at) {
        Path file = directory.resolve(CertificateUrlPolicy.certificateId(certUrl) + ".pem");
        if (!file.normalize().startsWith(directory.normalize()) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_UNAVAILABLE, "cannot read " + file.getFileName());
        }
        X509Certificate leaf = CertificateChecks.parse(pem, file.getFileName().toString()).get(0);
        CertificateChecks.requireUsable(leaf, at);
        return Optional.of(leaf);
    }
}
