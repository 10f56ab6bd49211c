package io.paybus.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An identity provider for tests: an RSA key pair whose public half is served as a JWK set on a
 * local port, and tokens signed with the private half.
 */
public final class TestJwtIssuer implements AutoCloseable {

    private static TestJwtIssuer shared;

    private final RSAKey key;
    private final HttpServer server;

    private TestJwtIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
    }

    /** One issuer per test JVM. */
    public static synchronized TestJwtIssuer shared() {
        if (shared == null) {
            shared = new TestJwtIssuer();
        }
        return shared;
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwkSetUri() {
        return issuer() + "/jwks.json";
    }

    /** A token for {@code subject} with these scopes (the {@code scope} claim), valid for five minutes. */
    public String token(String subject, List<String> scopes) {
        return sign(new JWTClaimsSet.Builder().issuer(issuer()).subject(subject)
                .claim("scope", String.join(" ", scopes)).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build(), key);
    }

    /** A token for {@code subject} signed by a key the issuer does not publish. */
    public String forgedToken(String subject, List<String> scopes) {
        try {
            return sign(new JWTClaimsSet.Builder().issuer(issuer()).subject(subject)
                    .claim("scope", String.join(" ", scopes))
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build(),
                    new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
