package io.medulla.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Authenticator;
import io.medulla.tenancy.Credentials;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {
  private static final Credentials TOKEN = new Credentials("t", List.of(), "10.0.0.1", false);
  private static final Principal P =
      new Principal(
          "p", new TenantId("t1"), Set.of(Role.INFERENCE), Set.of(), false, AuthMethod.JWT);

  private final List<String> tried = new ArrayList<>();

  private Authenticator answering(String name, AuthOutcome outcome) {
    return c -> {
      tried.add(name);
      return outcome;
    };
  }

  @Test
  void firstDecisiveOutcomeWinsAndLaterOnesAreNotAsked() {
    Authenticators chain =
        Authenticators.of(
            List.of(
                answering("a", AuthOutcome.notApplicable()),
                answering("b", new AuthOutcome.Authenticated(P)),
                answering("c", new AuthOutcome.Rejected("no", ""))));

    assertThat(chain.authenticate(TOKEN)).isEqualTo(new AuthOutcome.Authenticated(P));
    assertThat(tried).containsExactly("a", "b");
  }

  @Test
  void rejectionStopsTheChain() {
    Authenticators chain =
        Authenticators.of(
            List.of(
                answering("a", new AuthOutcome.Rejected("invalid token: expired", "p")),
                answering("b", new AuthOutcome.Authenticated(P))));

    assertThat(chain.authenticate(TOKEN)).isInstanceOf(AuthOutcome.Rejected.class);
    assertThat(tried).containsExactly("a");
  }

  @Test
  void nothingPresentedIsNotApplicableWithoutAskingAnyone() {
    Authenticators chain =
        Authenticators.of(List.of(answering("a", new AuthOutcome.Authenticated(P))));

    assertThat(chain.authenticate(new Credentials(null, List.of(), "10.0.0.1", false)))
        .isInstanceOf(AuthOutcome.NotApplicable.class);
    assertThat(tried).isEmpty();
  }

  @Test
  void credentialsNoOneRecognisesAreNotApplicable() {
    Authenticators chain = Authenticators.standard(null, null, null);

    assertThat(chain.authenticate(TOKEN)).isInstanceOf(AuthOutcome.NotApplicable.class);
  }
}
