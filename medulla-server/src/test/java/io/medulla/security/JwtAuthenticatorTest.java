package io.medulla.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Credentials;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final String ISSUER = "https://idp.example/realms/medulla";
  private static final String AUDIENCE = "medulla";

  private static RSAKey rsa;
  private static RSAKey otherRsa;
  private static ECKey ec;
  private static KeyPair ed25519;
  private static OctetKeyPair ed25519Jwk;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private Path jwksFile;
  private JwtAuthenticator authenticator;

  @BeforeAll
  static void makeKeys() throws JOSEException, GeneralSecurityException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    otherRsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = ed25519.getPublic().getEncoded();
    byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    ed25519Jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID("ed-1").build();
  }

  @BeforeEach
  void writeKeySet() throws IOException {
    jwksFile = dir.resolve("jwks.json");
    Files.writeString(
        jwksFile, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK(), ed25519Jwk)).toString());
    authenticator = new JwtAuthenticator(settings().build(), WallClock.of(clock));
  }

  private OidcSettings.Builder settings() {
    return OidcSettings.builder(ISSUER, AUDIENCE, jwksFile);
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("dr-who")
        .issueTime(Date.from(T0))
        .expirationTime(Date.from(T0.plus(Duration.ofMinutes(5))))
        .claim("medulla_tenant", "st-marys")
        .claim("medulla_roles", List.of("inference"));
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet c)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), c);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String rs256(JWTClaimsSet c) throws JOSEException {
    return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-1", c);
  }

  private static String rs256(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
    return rs256(change.apply(claims()).build());
  }

  private AuthOutcome authenticate(String token) {
    return authenticator.authenticate(new Credentials(token, List.of(), "10.0.0.9", false));
  }

  private static AuthOutcome.Rejected rejected(String what) {
    return new AuthOutcome.Rejected("invalid token: " + what, "");
  }

  private static AuthOutcome.Rejected rejected(String what, String hint) {
    return new AuthOutcome.Rejected("invalid token: " + what, hint);
  }

  @Test
  void validRs256TokenAuthenticatesItsSubjectTenantAndRolesByJwt() throws JOSEException {
    AuthOutcome outcome = authenticate(rs256(claims().build()));

    assertThat(outcome)
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Principal(
                    "dr-who",
                    new TenantId("st-marys"),
                    Set.of(Role.INFERENCE),
                    Set.of(),
                    false,
                    AuthMethod.JWT)));
  }

  @Test
  void validPs256AndEs256TokensAuthenticate() throws JOSEException {
    String ps = sign(new RSASSASigner(rsa), JWSAlgorithm.PS256, "rsa-1", claims().build());
    String es = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1", claims().build());

    assertThat(authenticate(ps)).isInstanceOf(AuthOutcome.Authenticated.class);
    assertThat(authenticate(es)).isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void validEd25519TokenAuthenticates() throws GeneralSecurityException {
    String header = b64("{\"alg\":\"EdDSA\",\"kid\":\"ed-1\"}");
    String payload = b64(claims().build().toString());
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(ed25519.getPrivate());
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    String token = header + "." + payload + "." + Base64URL.encode(s.sign());

    assertThat(authenticate(token)).isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void expiredTokenIsRejectedOnceTheSkewHasPassed() throws JOSEException {
    String token = rs256(claims().build());

    clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(59));
    assertThat(authenticate(token))
        .as("within the skew")
        .isInstanceOf(AuthOutcome.Authenticated.class);
    clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(60));
    assertThat(authenticate(token)).isEqualTo(rejected("expired", "dr-who"));
  }

  @Test
  void tokenWithoutExpiryIsRejected() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.expirationTime(null))))
        .isEqualTo(rejected("no expiry", "dr-who"));
  }

  @Test
  void malformedTimeClaimIsRejectedNotIgnored() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.claim("nbf", "tomorrow"))))
        .isEqualTo(rejected("malformed"));
  }

  @Test
  void tokenNotYetValidIsRejected() throws JOSEException {
    String token = rs256(c -> c.notBeforeTime(Date.from(T0.plus(Duration.ofMinutes(2)))));

    assertThat(authenticate(token)).isEqualTo(rejected("not yet valid", "dr-who"));
    clock.set(T0.plusSeconds(60));
    assertThat(authenticate(token)).isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void tokenIssuedInTheFutureIsRejected() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.issueTime(Date.from(T0.plus(Duration.ofHours(1)))))))
        .isEqualTo(rejected("issued in the future", "dr-who"));
  }

  @Test
  void wrongIssuerIsRejected() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.issuer(ISSUER + "/"))))
        .isEqualTo(rejected("issuer", "dr-who"));
  }

  @Test
  void audienceMustContainOurs() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.audience("other-service"))))
        .isEqualTo(rejected("audience", "dr-who"));
    assertThat(authenticate(rs256(c -> c.audience(List.of("other-service", AUDIENCE)))))
        .isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void signatureByAnotherKeyUnderTheSameKidIsRejectedWithoutHint() throws JOSEException {
    String token = sign(new RSASSASigner(otherRsa), JWSAlgorithm.RS256, "rsa-1", claims().build());

    assertThat(authenticate(token)).isEqualTo(rejected("signature"));
  }

  @Test
  void changedPayloadIsRejected() throws JOSEException {
    String[] parts = rs256(claims().build()).split("\\.", -1);
    String forged = b64(claims().claim("medulla_roles", List.of("admin")).build().toString());

    assertThat(authenticate(parts[0] + "." + forged + "." + parts[2]))
        .isEqualTo(rejected("signature"));
  }

  @Test
  void unsignedAlgNoneTokenIsRejected() {
    String token = b64("{\"alg\":\"none\"}") + "." + b64(claims().build().toString()) + ".";

    assertThat(authenticate(token)).isInstanceOf(AuthOutcome.Rejected.class);
    assertThat(authenticate(token + "c2ln")).isInstanceOf(AuthOutcome.Rejected.class);
  }

  @Test
  void hs256TokenSignedWithThePublicKeyBytesIsRejected() throws JOSEException {
    byte[] publicKeyBytes = rsa.toRSAPublicKey().getEncoded();
    String token =
        sign(new MACSigner(publicKeyBytes), JWSAlgorithm.HS256, "rsa-1", claims().build());

    assertThat(authenticate(token)).isEqualTo(rejected("algorithm"));
  }

  @Test
  void algorithmThatDoesNotFitTheNamedKeyIsRejected() throws JOSEException {
    String token = sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "ec-1", claims().build());

    assertThat(authenticate(token)).isEqualTo(rejected("key"));
  }

  @Test
  void algorithmOutsideTheAllowListIsRejectedEvenWithAFittingKey()
      throws IOException, JOSEException {
    authenticator =
        new JwtAuthenticator(settings().algorithms(Set.of("ES256")).build(), WallClock.of(clock));

    assertThat(authenticate(rs256(claims().build()))).isEqualTo(rejected("algorithm"));
  }

  @Test
  void unknownKidIsRejected() throws JOSEException {
    String token = sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-2", claims().build());

    assertThat(authenticate(token)).isEqualTo(rejected("unknown key"));
  }

  @Test
  void tokenWithoutKidUsesTheOnlyFittingKey() throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims().build());
    jwt.sign(new RSASSASigner(rsa));

    assertThat(authenticate(jwt.serialize())).isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void missingOrMalformedTenantIsRejected() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.claim("medulla_tenant", null))))
        .isEqualTo(rejected("tenant", "dr-who"));
    assertThat(authenticate(rs256(c -> c.claim("medulla_tenant", "st marys/../x"))))
        .isEqualTo(rejected("tenant", "dr-who"));
    assertThat(authenticate(rs256(c -> c.claim("medulla_tenant", List.of("st-marys")))))
        .isEqualTo(rejected("tenant", "dr-who"));
  }

  @Test
  void missingSubjectIsRejected() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.subject(null)))).isEqualTo(rejected("subject"));
  }

  @Test
  void rolesMapByNameIgnoringUnknownOnesAndBreakGlassMarksThePrincipal() throws JOSEException {
    AuthOutcome outcome =
        authenticate(
            rs256(
                c ->
                    c.claim(
                        "medulla_roles", List.of("Operator", "auditor", "wizard", "break_glass"))));

    assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
    Principal p = ((AuthOutcome.Authenticated) outcome).principal();
    assertThat(p.roles()).containsExactlyInAnyOrder(Role.OPERATOR, Role.AUDITOR);
    assertThat(p.breakGlass()).isTrue();
  }

  @Test
  void rolesMayBeOneSpaceSeparatedString() throws JOSEException {
    AuthOutcome outcome = authenticate(rs256(c -> c.claim("medulla_roles", "inference admin")));

    assertThat(((AuthOutcome.Authenticated) outcome).principal().roles())
        .containsExactlyInAnyOrder(Role.INFERENCE, Role.ADMIN);
  }

  @Test
  void tokenWithoutAnyKnownRoleIsRejected() throws JOSEException {
    assertThat(authenticate(rs256(c -> c.claim("medulla_roles", List.of("wizard", "break_glass")))))
        .isEqualTo(rejected("roles", "dr-who"));
    assertThat(authenticate(rs256(c -> c.claim("medulla_roles", null))))
        .isEqualTo(rejected("roles", "dr-who"));
    assertThat(authenticate(rs256(c -> c.claim("medulla_roles", List.of(1, 2)))))
        .isEqualTo(rejected("roles", "dr-who"));
  }

  @Test
  void nestedRolesClaimIsReachedByADottedName() throws IOException, JOSEException {
    authenticator =
        new JwtAuthenticator(
            settings().rolesClaim("realm_access.roles").build(), WallClock.of(clock));

    AuthOutcome outcome =
        authenticate(rs256(c -> c.claim("realm_access", Map.of("roles", List.of("operator")))));

    assertThat(((AuthOutcome.Authenticated) outcome).principal().roles())
        .containsExactly(Role.OPERATOR);
  }

  @Test
  void gatewayMayListTheTenantsItActsForAndOthersMayNot() throws JOSEException {
    AuthOutcome gateway =
        authenticate(
            rs256(
                c ->
                    c.claim("medulla_roles", List.of("gateway"))
                        .claim("medulla_acts_for", List.of("clinic-a", "clinic-b"))));
    AuthOutcome notGateway =
        authenticate(rs256(c -> c.claim("medulla_acts_for", List.of("clinic-a"))));

    assertThat(((AuthOutcome.Authenticated) gateway).principal().actsFor())
        .containsExactlyInAnyOrder(new TenantId("clinic-a"), new TenantId("clinic-b"));
    assertThat(notGateway).isEqualTo(rejected("acts_for", "dr-who"));
  }

  @Test
  void otherSubjectAndTenantClaimsCanBeConfigured() throws IOException, JOSEException {
    authenticator =
        new JwtAuthenticator(
            settings().principalClaim("preferred_username").tenantClaim("org").build(),
            WallClock.of(clock));

    AuthOutcome outcome =
        authenticate(rs256(c -> c.claim("preferred_username", "amy").claim("org", "clinic-a")));

    Principal p = ((AuthOutcome.Authenticated) outcome).principal();
    assertThat(p.id()).isEqualTo("amy");
    assertThat(p.tenant()).isEqualTo(new TenantId("clinic-a"));
  }

  @Test
  void bearersThatAreNotJwtsAreNotItsBusiness() {
    assertThat(authenticate("mdk_aaaaaaaaaaaa_secret"))
        .isInstanceOf(AuthOutcome.NotApplicable.class);
    assertThat(authenticate("opaque-token")).isInstanceOf(AuthOutcome.NotApplicable.class);
    assertThat(authenticate("a.b.c.d")).isInstanceOf(AuthOutcome.NotApplicable.class);
    assertThat(authenticator.authenticate(new Credentials(null, List.of(), "10.0.0.9", false)))
        .isInstanceOf(AuthOutcome.NotApplicable.class);
  }

  @Test
  void garbageShapedLikeAJwtIsRejectedAsMalformedWithoutEchoingIt() {
    String garbage = "not-base64!.still{not}.nope";

    AuthOutcome outcome = authenticate(garbage);

    assertThat(outcome).isEqualTo(rejected("malformed"));
    assertThat(outcome.toString()).doesNotContain("still{not}");
  }

  @Test
  void rejectionsNeverEchoTheToken() throws JOSEException {
    String token = rs256(c -> c.issuer("https://evil.example"));

    AuthOutcome outcome = authenticate(token);

    assertThat(outcome.toString()).doesNotContain(token).doesNotContain(token.split("\\.", -1)[1]);
  }

  @Test
  void remoteKeySetIsUnavailableUntilFetchedAndKeptWhenARefreshFails() throws Exception {
    String[] document = {null};
    JwksFetcher fetcher =
        uri -> {
          if (document[0] == null) {
            throw new IOException("connection refused");
          }
          return document[0];
        };
    authenticator =
        new JwtAuthenticator(
            OidcSettings.builder(ISSUER, AUDIENCE, URI.create("https://idp.example/jwks")).build(),
            WallClock.of(clock),
            fetcher);
    String token = rs256(claims().build());

    assertThat(authenticator.hasKeys()).isFalse();
    assertThat(authenticate(token))
        .isEqualTo(new AuthOutcome.Rejected("token issuer keys unavailable", ""));
    assertThatThrownBy(authenticator::refresh).isInstanceOf(IOException.class);

    document[0] = new JWKSet(rsa.toPublicJWK()).toString();
    authenticator.refresh();
    assertThat(authenticate(token)).isInstanceOf(AuthOutcome.Authenticated.class);

    document[0] = null;
    assertThatThrownBy(authenticator::refresh).isInstanceOf(IOException.class);
    assertThat(authenticate(token))
        .as("old keys kept")
        .isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void refreshPicksUpARotatedKeyFile() throws IOException, JOSEException {
    String token = sign(new RSASSASigner(otherRsa), JWSAlgorithm.RS256, "rsa-1", claims().build());
    assertThat(authenticate(token)).isEqualTo(rejected("signature"));

    Files.writeString(jwksFile, new JWKSet(otherRsa.toPublicJWK()).toString());
    authenticator.refresh();

    assertThat(authenticate(token)).isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void keySetWithoutUsableKeysIsRefusedAtConstruction() throws IOException, JOSEException {
    Files.writeString(
        jwksFile,
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0\"}]}");

    assertThatThrownBy(() -> new JwtAuthenticator(settings().build(), WallClock.of(clock)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no public signing key");
  }

  @Test
  void settingsRefuseNoneSymmetricAndUnknownAlgorithmsAndPlainHttp() {
    assertThatThrownBy(() -> settings().algorithms(Set.of("none")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'none' is never allowed");
    assertThatThrownBy(() -> settings().algorithms(Set.of("RS256", "HS256")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symmetric");
    assertThatThrownBy(() -> settings().algorithms(Set.of("ES256K")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not supported");
    assertThatThrownBy(
            () -> OidcSettings.builder(ISSUER, AUDIENCE, URI.create("http://idp/jwks")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThatThrownBy(() -> settings().clockSkew(Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings().breakGlassRole("admin").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsDefaultsAreTheDocumentedOnes() {
    OidcSettings s = settings().build();

    assertThat(s.principalClaim()).isEqualTo("sub");
    assertThat(s.tenantClaim()).isEqualTo("medulla_tenant");
    assertThat(s.rolesClaim()).isEqualTo("medulla_roles");
    assertThat(s.actsForClaim()).isEqualTo("medulla_acts_for");
    assertThat(s.breakGlassRole()).isEqualTo("break_glass");
    assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.algorithms()).containsExactlyInAnyOrder("RS256", "PS256", "ES256", "EdDSA");
    assertThat(s.jwksIsFile()).isTrue();
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
