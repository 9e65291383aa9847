package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ServerMetadataRequest;
import io.medulla.security.OidcSettings;
import io.medulla.time.WallClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential kinds over the real server: OIDC tokens checked on every request (expiry,
 * audience), mTLS client certificates identifying a declared principal, and the limit on failed
 * authentications per client address.
 */
class CredentialsIntegrationTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "models");
  private static final String ISSUER = "https://idp.test.example";
  private static final String AUDIENCE = "medulla";

  @TempDir Path dir;

  private static HttpResponse<String> get(HttpClient client, String url, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (!authorization.isEmpty()) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(ECKey key, String audience, Instant expires) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(audience)
            .subject("dr-house")
            .expirationTime(Date.from(expires))
            .claim("medulla_tenant", "st-marys")
            .claim("medulla_roles", List.of("inference"))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  void oidcTokensAreCheckedOnEveryRequestOnBothProtocols() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("idp-1").generate();
    Path jwks =
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
    SecurityFixture fixture = new SecurityFixture(dir);
    OidcSettings oidc = OidcSettings.builder(ISSUER, AUDIENCE, jwks).build();
    Instant now = WallClock.system().now();
    String valid = "Bearer " + token(key, AUDIENCE, now.plus(Duration.ofMinutes(5)));
    String expired = "Bearer " + token(key, AUDIENCE, now.minus(Duration.ofMinutes(5)));
    String otherAudience = "Bearer " + token(key, "someone-else", now.plus(Duration.ofMinutes(5)));
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("idp-1").generate();
    String forged = "Bearer " + token(stranger, AUDIENCE, now.plus(Duration.ofMinutes(5)));
    ServerConfig config =
        fixture
            .config(EXAMPLES)
            .authentication(AuthenticationSettings.none().withOidc(oidc).withFailureBurst(10_000))
            .build();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (MedullaServer server = MedullaServer.start(config)) {
      String base = "http://127.0.0.1:" + server.httpPort();
      assertThat(get(http, base + "/v2/models/simple", valid).statusCode()).isEqualTo(200);
      // st-marys may not see string_identity, whoever proves membership
      assertThat(get(http, base + "/v2/models/string_identity", valid).statusCode()).isEqualTo(404);
      for (String bad : List.of(expired, otherAudience, forged)) {
        HttpResponse<String> r = get(http, base + "/v2/models/simple", bad);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).startsWith("{\"error\":\"invalid token");
      }
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
      try {
        Metadata.Key<String> auth =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        Metadata good = new Metadata();
        good.put(auth, valid);
        assertThat(
                GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(good))
                    .serverMetadata(ServerMetadataRequest.getDefaultInstance())
                    .getName())
            .isEqualTo("medulla");
        Metadata old = new Metadata();
        old.put(auth, expired);
        StatusRuntimeException e =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () ->
                    GRPCInferenceServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(old))
                        .serverMetadata(ServerMetadataRequest.getDefaultInstance()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void clientCertificateIdentifiesItsDeclaredPrincipal() throws Exception {
    SecurityFixture fixture = new SecurityFixture(dir);
    TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
    fixture.identifyDeviceBy(certs.clientCertificate().getSubjectX500Principal().getName());
    ServerConfig config =
        fixture
            .config(EXAMPLES)
            .tls(certs.mutualTlsSettings(TlsSettings.ClientAuth.OPTIONAL))
            .build();
    try (MedullaServer server = MedullaServer.start(config)) {
      String base = "https://localhost:" + server.httpPort();
      HttpClient withCert =
          HttpClient.newBuilder().sslContext(certs.clientContextWithCertificate()).build();
      HttpClient withoutCert = HttpClient.newBuilder().sslContext(certs.clientContext()).build();
      // The certificate's subject is principal `device` of northside: simple only.
      assertThat(get(withCert, base + "/v2/models/simple", "").statusCode()).isEqualTo(200);
      assertThat(get(withCert, base + "/v2/models/mlp_classifier", "").statusCode()).isEqualTo(404);
      assertThat(get(withoutCert, base + "/v2/models/simple", "").statusCode()).isEqualTo(401);
      // A bearer token on the same connection speaks for its own principal.
      assertThat(
              get(withCert, base + "/v2/models/mlp_classifier", fixture.bearer("ris")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void repeatedFailuresFromOneAddressAreRefusedWithRetryAfter() throws Exception {
    SecurityFixture fixture = new SecurityFixture(dir);
    ServerConfig config =
        fixture
            .config(EXAMPLES)
            .authentication(
                AuthenticationSettings.none().withApiKeys(fixture.keysFile).withFailureBurst(3))
            .build();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (MedullaServer server = MedullaServer.start(config)) {
      String url = "http://127.0.0.1:" + server.httpPort() + "/v2/models/simple";
      // no credentials at all is not a guess
      for (int i = 0; i < 5; i++) {
        assertThat(get(http, url, "").statusCode()).isEqualTo(401);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(get(http, url, "Bearer mdk_guess_" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> refused = get(http, url, "Bearer mdk_guess_again");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("retry-after")).isPresent();
      // The address is refused before its credentials are looked at, valid ones included.
      assertThat(get(http, url, fixture.bearer("ris")).statusCode()).isEqualTo(429);
      // Health stays open.
      assertThat(
              get(http, "http://127.0.0.1:" + server.httpPort() + "/v2/health/ready", "")
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
