package io.medulla.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Credentials;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyAuthenticatorTest {
  private static final Principal ALICE =
      new Principal(
          "alice",
          new TenantId("st-marys"),
          Set.of(Role.INFERENCE),
          Set.of(),
          false,
          AuthMethod.LOOPBACK_ANONYMOUS);

  @TempDir Path dir;

  private ApiKeys keys() throws IOException {
    return ApiKeys.open(
        dir.resolve("keys.json"),
        WallClock.of(new MutableClock(Instant.parse("2030-01-01T00:00:00Z"))));
  }

  private static Credentials bearer(String token) {
    return new Credentials(token, List.of(), "10.0.0.1", false);
  }

  private static ApiKeyAuthenticator authenticator(ApiKeys keys) {
    return new ApiKeyAuthenticator(keys, id -> Optional.ofNullable(Map.of("alice", ALICE).get(id)));
  }

  @Test
  void liveKeyAuthenticatesItsDeclaredPrincipalByApiKey() throws IOException {
    ApiKeys keys = keys();
    String token = keys.create("alice", null).plaintext();

    AuthOutcome outcome = authenticator(keys).authenticate(bearer(token));

    assertThat(outcome)
        .isEqualTo(new AuthOutcome.Authenticated(ALICE.withMethod(AuthMethod.API_KEY)));
  }

  @Test
  void revokedKeyIsRejectedWithItsKeyIdAsHintAndNothingOfTheSecret() throws IOException {
    ApiKeys keys = keys();
    ApiKeys.CreatedKey key = keys.create("alice", null);
    keys.revoke(key.keyId());

    AuthOutcome outcome = authenticator(keys).authenticate(bearer(key.plaintext()));

    assertThat(outcome).isEqualTo(new AuthOutcome.Rejected("invalid API key", key.keyId()));
  }

  @Test
  void keyOfAPrincipalNoLongerDeclaredIsRejected() throws IOException {
    ApiKeys keys = keys();
    String token = keys.create("mallory", null).plaintext();

    assertThat(authenticator(keys).authenticate(bearer(token)))
        .isInstanceOf(AuthOutcome.Rejected.class);
  }

  @Test
  void malformedApiKeyIsRejectedWithoutHint() throws IOException {
    assertThat(authenticator(keys()).authenticate(bearer("mdk_garbage")))
        .isEqualTo(new AuthOutcome.Rejected("invalid API key", ""));
  }

  @Test
  void otherBearerTokensAndMissingOnesAreNotItsBusiness() throws IOException {
    ApiKeyAuthenticator a = authenticator(keys());

    assertThat(a.authenticate(bearer("eyJ.eyJ.sig"))).isInstanceOf(AuthOutcome.NotApplicable.class);
    assertThat(a.authenticate(new Credentials(null, List.of(), "10.0.0.1", false)))
        .isInstanceOf(AuthOutcome.NotApplicable.class);
  }
}
