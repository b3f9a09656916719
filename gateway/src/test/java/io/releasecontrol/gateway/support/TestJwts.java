package io.releasecontrol.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A locally generated RSA key pair, its JWK set served over HTTP on 127.0.0.1 (what an identity
 * provider's {@code jwks_uri} does), and tokens signed with it, or with a stranger's key.
 */
public final class TestJwts implements AutoCloseable {

    public static final String ISSUER = "https://idp.test.releasecontrol.io";

    private final RSAKey key;
    private final RSAKey stranger;
    private final DisposableServer server;

    public TestJwts() {
        try {
            key = new RSAKeyGenerator(2048).keyID("rc-test").generate();
            stranger = new RSAKeyGenerator(2048).keyID("rc-test").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/jwks", (req, res) -> res.header("Content-Type", "application/json")
                        .sendByteArray(Mono.just(jwks))))
                .bindNow();
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.port() + "/jwks";
    }

    public String token(String subject, List<String> roles) {
        return sign(key, subject, roles, Instant.now().plusSeconds(300));
    }

    public String expiredToken(String subject, List<String> roles) {
        return sign(key, subject, roles, Instant.now().minusSeconds(600));
    }

    public String strangersToken(String subject, List<String> roles) {
        return sign(stranger, subject, roles, Instant.now().plusSeconds(300));
    }

    private static String sign(RSAKey with, String subject, List<String> roles, Instant expires) {
        try {
            var claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).claim("roles", roles)
                    .issueTime(Date.from(expires.minusSeconds(900))).expirationTime(Date.from(expires)).build();
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
