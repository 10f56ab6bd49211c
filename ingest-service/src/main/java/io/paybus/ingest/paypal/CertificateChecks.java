package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** What makes a certificate usable to check a PayPal signature, wherever it came from. */
final class CertificateChecks {

    private static final Set<String> SIGNER_NAMES = Set.of(
            "messageverificationcerts.paypal.com", "messageverificationcerts.sandbox.paypal.com");

    private CertificateChecks() {
    }

    static List<X509Certificate> parse(byte[] pem, String source) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var c : factory.generateCertificates(new ByteArrayInputStream(pem))) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_INVALID, source + " holds no X.509 certificate");
        }
    }

    /** The leaf must be PayPal's message-verification certificate and valid when the delivery was sent. */
    static void requireUsable(X509Certificate leaf, Instant at) {
        String name = commonName(leaf);
        if (!SIGNER_NAMES.contains(name)) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_INVALID,
                    "certificate is for '" + name + "', not PayPal's message verification");
        }
        try {
            leaf.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_INVALID,
                    "certificate valid " + leaf.getNotBefore().toInstant() + " .. " + leaf.getNotAfter().toInstant()
                            + ", delivery sent " + at);
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // falls through: no usable name
        }
        return "";
    }
}
