package io.medulla.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.TenantId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {
  private static final TenantId CLINIC = new TenantId("clinic");
  private static final TenantId HOSPITAL = new TenantId("hospital");

  /** The clinic may call "xray" only, from URGENT (2) down, approved versions only. */
  private static final AccessPolicy POLICY =
      new AccessPolicy(
          Map.of(CLINIC, new Entitlements(CLINIC, Optional.of(Set.of("xray")), 2, true)),
          Entitlements.unrestricted(TenantId.DEFAULT));

  private static final AccessDecision.Outcome ALLOW = AccessDecision.Outcome.ALLOWED;
  private static final AccessDecision.Outcome FORBID = AccessDecision.Outcome.FORBIDDEN;
  private static final AccessDecision.Outcome HIDE = AccessDecision.Outcome.HIDDEN;

  private static final BreakGlass SESSION =
      new BreakGlass("ward 3 outage", Instant.EPOCH, Instant.EPOCH.plusSeconds(600));

  private static Caller caller(Set<Role> roles) {
    return caller(roles, null);
  }

  private static Caller caller(Set<Role> roles, @Nullable BreakGlass breakGlass) {
    Principal p = new Principal("p1", CLINIC, roles, Set.of(), true, AuthMethod.API_KEY);
    return new Caller(p, CLINIC, breakGlass, "127.0.0.1");
  }

  static Stream<Arguments> table() {
    Set<Role> none = Set.of();
    Set<Role> inference = Set.of(Role.INFERENCE);
    Set<Role> operator = Set.of(Role.OPERATOR);
    Set<Role> auditor = Set.of(Role.AUDITOR);
    Set<Role> admin = Set.of(Role.ADMIN);
    Set<Role> gateway = Set.of(Role.GATEWAY);
    return Stream.of(
        // INFER: inference role, entitled model; not entitled is hidden.
        Arguments.of(inference, Action.INFER, "xray", ALLOW),
        Arguments.of(inference, Action.INFER, "ct", HIDE),
        Arguments.of(operator, Action.INFER, "xray", FORBID),
        Arguments.of(operator, Action.INFER, "ct", FORBID),
        Arguments.of(auditor, Action.INFER, "xray", FORBID),
        Arguments.of(admin, Action.INFER, "xray", FORBID),
        Arguments.of(gateway, Action.INFER, "xray", FORBID),
        Arguments.of(none, Action.INFER, "xray", FORBID),
        // READ_MODEL: operator all, inference entitled only.
        Arguments.of(inference, Action.READ_MODEL, "xray", ALLOW),
        Arguments.of(inference, Action.READ_MODEL, "ct", HIDE),
        Arguments.of(operator, Action.READ_MODEL, "ct", ALLOW),
        Arguments.of(auditor, Action.READ_MODEL, "xray", FORBID),
        Arguments.of(admin, Action.READ_MODEL, "xray", FORBID),
        Arguments.of(gateway, Action.READ_MODEL, "xray", FORBID),
        // READ_SERVER: any role but gateway.
        Arguments.of(inference, Action.READ_SERVER, null, ALLOW),
        Arguments.of(operator, Action.READ_SERVER, null, ALLOW),
        Arguments.of(auditor, Action.READ_SERVER, null, ALLOW),
        Arguments.of(admin, Action.READ_SERVER, null, ALLOW),
        Arguments.of(gateway, Action.READ_SERVER, null, FORBID),
        Arguments.of(none, Action.READ_SERVER, null, FORBID),
        // READ_REPOSITORY: operator, or inference (filtered by the caller).
        Arguments.of(inference, Action.READ_REPOSITORY, null, ALLOW),
        Arguments.of(operator, Action.READ_REPOSITORY, null, ALLOW),
        Arguments.of(auditor, Action.READ_REPOSITORY, null, FORBID),
        Arguments.of(admin, Action.READ_REPOSITORY, null, FORBID),
        Arguments.of(gateway, Action.READ_REPOSITORY, null, FORBID),
        // READ_STATISTICS and MANAGE_MODELS: operator only.
        Arguments.of(operator, Action.READ_STATISTICS, null, ALLOW),
        Arguments.of(inference, Action.READ_STATISTICS, null, FORBID),
        Arguments.of(admin, Action.READ_STATISTICS, null, FORBID),
        Arguments.of(operator, Action.MANAGE_MODELS, "ct", ALLOW),
        Arguments.of(inference, Action.MANAGE_MODELS, "xray", FORBID),
        Arguments.of(admin, Action.MANAGE_MODELS, "xray", FORBID),
        // READ_AUDIT: auditor. ADMINISTER: admin.
        Arguments.of(auditor, Action.READ_AUDIT, null, ALLOW),
        Arguments.of(operator, Action.READ_AUDIT, null, FORBID),
        Arguments.of(admin, Action.READ_AUDIT, null, FORBID),
        Arguments.of(admin, Action.ADMINISTER, null, ALLOW),
        Arguments.of(operator, Action.ADMINISTER, null, FORBID),
        Arguments.of(auditor, Action.ADMINISTER, null, FORBID),
        Arguments.of(gateway, Action.ADMINISTER, null, FORBID));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("table")
  void eachRoleMayDoOnlyItsActions(
      Set<Role> roles, Action action, @Nullable String model, AccessDecision.Outcome expected) {
    AccessDecision d = POLICY.decide(caller(roles), action, model);

    assertThat(d.outcome()).isEqualTo(expected);
    assertThat(d.isAllowed()).isEqualTo(expected == ALLOW);
    assertThat(d.message().isEmpty()).isEqualTo(expected == ALLOW);
  }

  @Test
  void everyActionIsInTheTable() {
    Set<Action> covered = EnumSet.noneOf(Action.class);
    table().forEach(a -> covered.add((Action) a.get()[1]));

    assertThat(covered).containsExactlyInAnyOrder(Action.values());
  }

  @Test
  void aModelTheTenantMayNotCallIsAnsweredLikeAMissingOne() {
    AccessDecision d = POLICY.decide(caller(Set.of(Role.INFERENCE)), Action.INFER, "ct");

    assertThat(d.outcome()).isEqualTo(AccessDecision.Outcome.HIDDEN);
    assertThat(d.message()).isEqualTo(new ModelNotFoundException("ct", "").getMessage());
  }

  @Test
  void aRefusalNamesTheRoleNeeded() {
    assertThat(POLICY.decide(caller(Set.of(Role.OPERATOR)), Action.INFER, "xray").message())
        .isEqualTo("permission denied: the 'inference' role is needed to run models");
    assertThat(POLICY.decide(caller(Set.of(Role.INFERENCE)), Action.ADMINISTER, null).message())
        .contains("'admin' role");
  }

  @Test
  void tenantsWithoutAnEntryGetTheDefaultsUnderTheirOwnId() {
    AccessPolicy p =
        new AccessPolicy(
            Map.of(), new Entitlements(TenantId.DEFAULT, Optional.of(Set.of("a")), 3, false));

    assertThat(p.entitlementsFor(HOSPITAL))
        .isEqualTo(new Entitlements(HOSPITAL, Optional.of(Set.of("a")), 3, false));
  }

  @Test
  void anUnrestrictedPolicyStillNeedsRoles() {
    Caller none = caller(Set.of());
    Caller inference = caller(Set.of(Role.INFERENCE));

    assertThat(AccessPolicy.unrestricted().decide(none, Action.INFER, "any").isAllowed()).isFalse();
    assertThat(AccessPolicy.unrestricted().decide(inference, Action.INFER, "any").isAllowed())
        .isTrue();
  }

  @Test
  void anEmptyModelListEntitlesNothing() {
    AccessPolicy p =
        new AccessPolicy(
            Map.of(CLINIC, new Entitlements(CLINIC, Optional.of(Set.of()), 1, false)),
            Entitlements.unrestricted(TenantId.DEFAULT));

    assertThat(p.decide(caller(Set.of(Role.INFERENCE)), Action.INFER, "xray").outcome())
        .isEqualTo(AccessDecision.Outcome.HIDDEN);
  }

  @Test
  void visibilityFollowsRoleAndEntitlement() {
    assertThat(POLICY.isVisible(caller(Set.of(Role.OPERATOR)), "ct")).isTrue();
    assertThat(POLICY.isVisible(caller(Set.of(Role.INFERENCE)), "xray")).isTrue();
    assertThat(POLICY.isVisible(caller(Set.of(Role.INFERENCE)), "ct")).isFalse();
    assertThat(POLICY.isVisible(caller(Set.of(Role.AUDITOR)), "xray")).isFalse();
    assertThat(POLICY.isVisible(caller(Set.of(Role.GATEWAY)), "xray")).isFalse();
  }

  @Test
  void priorityMoreUrgentThanEntitledIsForbiddenNamingTheHighestAllowed() {
    Caller c = caller(Set.of(Role.INFERENCE));

    assertThat(POLICY.checkPriority(c, 0).isAllowed()).isTrue();
    assertThat(POLICY.checkPriority(c, 2).isAllowed()).isTrue();
    assertThat(POLICY.checkPriority(c, 4).isAllowed()).isTrue();
    AccessDecision stat = POLICY.checkPriority(c, 1);
    assertThat(stat.outcome()).isEqualTo(AccessDecision.Outcome.FORBIDDEN);
    assertThat(stat.message()).contains("priority level 1", "highest allowed is level 2");
    assertThatThrownBy(() -> POLICY.checkPriority(c, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void breakGlassLiftsTheModelListAndPriorityCapButNotApprovedOnly() {
    Caller normal = caller(Set.of(Role.INFERENCE));
    Caller emergency = caller(Set.of(Role.INFERENCE), SESSION);

    assertThat(POLICY.decide(emergency, Action.INFER, "ct").isAllowed()).isTrue();
    assertThat(POLICY.isVisible(emergency, "ct")).isTrue();
    assertThat(POLICY.checkPriority(emergency, 1).isAllowed()).isTrue();
    assertThat(POLICY.approvedOnly(emergency)).isTrue();
    assertThat(POLICY.approvedOnly(normal)).isTrue();
    assertThat(POLICY.approvedOnly(caller(Set.of(Role.INFERENCE), null))).isTrue();
  }

  @Test
  void breakGlassNeverAddsARole() {
    for (Role r : List.of(Role.OPERATOR, Role.AUDITOR, Role.ADMIN, Role.GATEWAY)) {
      Caller c = caller(Set.of(r), SESSION);
      assertThat(POLICY.decide(c, Action.INFER, "xray").isAllowed()).as(r.name()).isFalse();
    }
    Caller inference = caller(Set.of(Role.INFERENCE), SESSION);
    assertThat(POLICY.decide(inference, Action.MANAGE_MODELS, "xray").isAllowed()).isFalse();
    assertThat(POLICY.decide(inference, Action.READ_STATISTICS, null).isAllowed()).isFalse();
  }

  @Test
  void aGatewayIsJudgedByTheTenantItActsFor() {
    Principal gw =
        new Principal(
            "portal",
            HOSPITAL,
            Set.of(Role.GATEWAY, Role.INFERENCE),
            Set.of(CLINIC),
            false,
            AuthMethod.API_KEY);

    Caller forClinic = new Caller(gw, CLINIC, null, "10.0.0.1");
    Caller forHospital = new Caller(gw, HOSPITAL, null, "10.0.0.1");

    assertThat(POLICY.decide(forClinic, Action.INFER, "ct").isAllowed()).isFalse();
    assertThat(POLICY.decide(forHospital, Action.INFER, "ct").isAllowed()).isTrue();
  }

  @Test
  void modelActionsNeedAModelName() {
    assertThatThrownBy(() -> POLICY.decide(caller(Set.of(Role.INFERENCE)), Action.INFER, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entitlementsKeyedByAnotherTenantAreRefused() {
    assertThatThrownBy(
            () ->
                new AccessPolicy(
                    Map.of(CLINIC, Entitlements.unrestricted(HOSPITAL)),
                    Entitlements.unrestricted(TenantId.DEFAULT)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entitlementsValidateTheirLevel() {
    assertThatThrownBy(() -> new Entitlements(CLINIC, Optional.empty(), 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("highestPriorityLevel: 0");
  }
}
