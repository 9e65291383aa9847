package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.AccessPolicy;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.Entitlements;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantsFileTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private AbstractThrowableAssert<?, ? extends Throwable> refused(String yaml) throws IOException {
    Path file = write(yaml);
    return assertThatThrownBy(() -> TenantsFile.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tenants file " + file + ": ");
  }

  @Test
  void namedTenantsGetTheirWeightsAndLimits() throws IOException {
    TenantsFile f =
        TenantsFile.load(
            write(
                """
                tenants:
                  - id: st-marys
                    weight: 2
                    max_queued: 500
                    max_in_flight: 64
                    requests_per_second: 200
                  - id: northside-clinic
                    weight: 1
                defaults: { weight: 1 }
                """));

    TenantPolicies policies = f.policies();
    assertThat(policies.policyFor(new TenantId("st-marys")))
        .isEqualTo(new TenantPolicy(new TenantId("st-marys"), 2, 500, 64, 200));
    assertThat(policies.policyFor(new TenantId("northside-clinic")))
        .isEqualTo(TenantPolicy.defaults(new TenantId("northside-clinic")));
    assertThat(f.isConfigured()).isTrue();
    assertThat(f.tenants()).hasSize(2);
  }

  @Test
  void tenantsNotNamedGetTheDefaultsUnderTheirOwnId() throws IOException {
    TenantsFile f =
        TenantsFile.load(
            write(
                """
                tenants: []
                defaults: { weight: 3, max_queued: 10, requests_per_second: 0.5 }
                """));

    assertThat(f.policies().policyFor(new TenantId("walk-in")))
        .isEqualTo(new TenantPolicy(new TenantId("walk-in"), 3, 10, 0, 0.5));
    assertThat(f.policies().policyFor(TenantId.DEFAULT).weight()).isEqualTo(3);
  }

  @Test
  void theDefaultTenantMayBeNamedLikeAnyOther() throws IOException {
    TenantsFile f = TenantsFile.load(write("tenants: [{id: default, weight: 5}]\n"));

    assertThat(f.policies().policyFor(TenantId.DEFAULT).weight()).isEqualTo(5);
    assertThat(f.policies().policyFor(new TenantId("other")).weight()).isEqualTo(1);
  }

  @Test
  void withoutAFileEveryTenantHasWeightOneAndNoLimits() {
    TenantsFile none = TenantsFile.none();

    assertThat(none.isConfigured()).isFalse();
    assertThat(none.policies().policyFor(new TenantId("any")))
        .isEqualTo(TenantPolicy.defaults(new TenantId("any")));
  }

  @Test
  void theBundledExampleIsValid() {
    TenantsFile f = TenantsFile.load(Path.of("..", "examples", "tenants.yaml"));

    assertThat(f.tenants()).containsKey(new TenantId("st-marys"));
    assertThat(f.principals()).as("the principals are commented out").isEmpty();
  }

  @Test
  void theBundledExamplesPrincipalsAreValidOnceUncommented() throws IOException {
    String example = Files.readString(Path.of("..", "examples", "tenants.yaml"));

    TenantsFile f = TenantsFile.load(write(example.replace("#| ", "")));

    assertThat(f.principals()).containsKeys("pacs-st-marys", "portal", "on-call-radiologist");
    assertThat(f.principalByCertificateSubject("CN=pacs.st-marys.example, O=St Mary's Hospital"))
        .isPresent();
  }

  @Test
  void unknownKeyInATenantIsRefusedWithTenantAndKey() throws IOException {
    refused("tenants: [{id: st-marys, weight: 2, max_qeued: 5}]\n")
        .hasMessageContaining("tenant 'st-marys'")
        .hasMessageContaining("unknown key 'max_qeued'")
        .hasMessageContaining("max_queued");
  }

  @Test
  void unknownTopLevelKeyIsRefused() throws IOException {
    refused("tenants: []\nmodels: {}\n").hasMessageContaining("unknown key 'models'");
  }

  @Test
  void unknownKeyInDefaultsIsRefused() throws IOException {
    refused("defaults: { id: x }\n").hasMessageContaining("defaults: unknown key 'id'");
  }

  @Test
  void weightMustBeAPositiveInteger() throws IOException {
    refused("tenants: [{id: a, weight: 0}]\n")
        .hasMessageContaining("tenant 'a': weight: 0 (expected: an integer from 1 to 10000)");
    refused("tenants: [{id: a, weight: 1.5}]\n").hasMessageContaining("weight: 1.5");
    refused("tenants: [{id: a, weight: '2'}]\n").hasMessageContaining("weight: \"2\"");
    refused("tenants: [{id: a, weight: 10001}]\n").hasMessageContaining("weight: 10001");
  }

  @Test
  void limitsMustNotBeNegative() throws IOException {
    refused("tenants: [{id: a, max_queued: -1}]\n")
        .hasMessageContaining("tenant 'a': max_queued: -1");
    refused("tenants: [{id: a, max_in_flight: 3000000000}]\n")
        .hasMessageContaining("max_in_flight: 3000000000");
    refused("defaults: { requests_per_second: -2 }\n")
        .hasMessageContaining("defaults: requests_per_second: -2");
    refused("tenants: [{id: a, requests_per_second: .inf}]\n").hasMessageContaining("line 1");
    refused("tenants: [{id: a, requests_per_second: fast}]\n")
        .hasMessageContaining("requests_per_second: \"fast\"");
  }

  @Test
  void tenantIdsAreRequiredShortAndSafe() throws IOException {
    refused("tenants: [{weight: 2}]\n").hasMessageContaining("tenants[0]: id: missing");
    refused("tenants: [{id: a}, {id: 'st marys'}]\n")
        .hasMessageContaining("tenants[1]: id: 'st marys' (expected: 1 to 64 letters");
    refused("tenants: [{id: 42}]\n").hasMessageContaining("tenants[0]: id: 42 is not a string");
    refused("tenants: [{id: '" + "x".repeat(65) + "'}]\n").hasMessageContaining("tenants[0]");
  }

  @Test
  void aTenantListedTwiceIsRefused() throws IOException {
    refused("tenants: [{id: a}, {id: a, weight: 2}]\n")
        .hasMessageContaining("tenant 'a': listed twice");
  }

  @Test
  void aKeyGivenTwiceIsRefused() throws IOException {
    refused("tenants:\n  - id: a\n    weight: 1\n    weight: 2\n")
        .hasMessageContaining("is not valid YAML at line")
        .hasMessageContaining("weight");
  }

  @Test
  void wrongShapesAreRefused() throws IOException {
    refused("- id: a\n").hasMessageContaining("expected a mapping");
    refused("tenants: {id: a}\n").hasMessageContaining("tenants: expected a list");
    refused("tenants: [st-marys]\n").hasMessageContaining("tenants[0]: expected a mapping");
    refused("").hasMessageContaining("is empty");
    refused("tenants: [\n").hasMessageContaining("is not valid YAML");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> TenantsFile.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenants file " + missing + ": does not exist");
  }

  // Entitlements and principals.

  private static final String TWO_TENANTS =
      """
      tenants:
        - id: st-marys
          models: [chest-xray, ct-triage]
          max_priority: urgent
          approved_versions_only: true
        - id: northside
          max_priority: 3
      """;

  @Test
  void entitlementsAreReadPerTenantAndDefaultToEverything() throws IOException {
    TenantsFile f = TenantsFile.load(write(TWO_TENANTS + "defaults: { models: [] }\n"));

    TenantId stMarys = new TenantId("st-marys");
    TenantId northside = new TenantId("northside");
    assertThat(f.entitlements())
        .containsEntry(
            stMarys,
            new Entitlements(stMarys, Optional.of(Set.of("chest-xray", "ct-triage")), 2, true))
        .containsEntry(northside, new Entitlements(northside, Optional.empty(), 3, false));
    AccessPolicy policy = f.accessPolicy();
    assertThat(policy.entitlementsFor(new TenantId("walk-in")).models()).contains(Set.of());
    assertThat(policy.entitlementsFor(northside).mayCall("anything")).isTrue();
  }

  @Test
  void withoutEntitlementKeysEveryTenantMayCallEverything() throws IOException {
    TenantsFile f = TenantsFile.load(write("tenants: [{id: a, weight: 2}]\n"));

    assertThat(f.accessPolicy().entitlementsFor(new TenantId("a")))
        .isEqualTo(Entitlements.unrestricted(new TenantId("a")));
    assertThat(f.accessPolicy().entitlementsFor(new TenantId("b")))
        .isEqualTo(Entitlements.unrestricted(new TenantId("b")));
    assertThat(f.principals()).isEmpty();
    assertThat(f.breakGlassMax()).isEqualTo(Duration.ofMinutes(60));
    assertThat(TenantsFile.none().accessPolicy().entitlementsFor(TenantId.DEFAULT))
        .isEqualTo(Entitlements.unrestricted(TenantId.DEFAULT));
  }

  @Test
  void maxPriorityTakesAClassNameOrALevel() throws IOException {
    for (String[] c :
        new String[][] {
          {"stat", "1"}, {"URGENT", "2"}, {"routine", "3"}, {"bulk", "4"}, {"7", "7"}
        }) {
      TenantsFile f = TenantsFile.load(write("tenants: [{id: a, max_priority: " + c[0] + "}]\n"));
      assertThat(f.entitlements().get(new TenantId("a")).highestPriorityLevel())
          .as(c[0])
          .isEqualTo(Integer.parseInt(c[1]));
    }
    refused("tenants: [{id: a, max_priority: asap}]\n")
        .hasMessageContaining("tenant 'a': max_priority: \"asap\" (expected: stat, urgent");
    refused("tenants: [{id: a, max_priority: 0}]\n").hasMessageContaining("max_priority: 0");
    refused("defaults: { max_priority: 1.5 }\n")
        .hasMessageContaining("defaults: max_priority: 1.5");
  }

  @Test
  void entitlementValuesMustHaveTheRightType() throws IOException {
    refused("tenants: [{id: a, models: xray}]\n")
        .hasMessageContaining("tenant 'a': models: \"xray\" (expected: a list of model or graph");
    refused("tenants: [{id: a, models: [xray, 3]}]\n").hasMessageContaining("models: 3");
    refused("tenants: [{id: a, models: [xray, xray]}]\n")
        .hasMessageContaining("tenant 'a': models: 'xray' listed twice");
    refused("tenants: [{id: a, approved_versions_only: yes please}]\n")
        .hasMessageContaining("tenant 'a': approved_versions_only: \"yes please\"")
        .hasMessageContaining("true or false");
  }

  private static final String PRINCIPALS =
      TWO_TENANTS
          + """
          principals:
            - id: pacs-st-marys
              tenant: st-marys
              roles: [inference]
              certificate_subject: "CN=pacs.st-marys.example, O=St Mary's"
            - id: dr-ops
              tenant: default
              roles: [operator, AUDITOR]
              break_glass: true
            - id: portal
              tenant: northside
              roles: [gateway, inference]
              acts_for: [st-marys]
          break_glass: { max_minutes: 30 }
          """;

  @Test
  void principalsAreReadWithRolesTenantsAndCertificates() throws IOException {
    TenantsFile f = TenantsFile.load(write(PRINCIPALS));

    TenantId stMarys = new TenantId("st-marys");
    assertThat(f.principals())
        .containsOnlyKeys("pacs-st-marys", "dr-ops", "portal")
        .containsEntry(
            "pacs-st-marys",
            new Principal(
                "pacs-st-marys",
                stMarys,
                Set.of(Role.INFERENCE),
                Set.of(),
                false,
                AuthMethod.API_KEY))
        .containsEntry(
            "dr-ops",
            new Principal(
                "dr-ops",
                TenantId.DEFAULT,
                Set.of(Role.OPERATOR, Role.AUDITOR),
                Set.of(),
                true,
                AuthMethod.API_KEY));
    assertThat(f.principals().get("portal").actsFor()).containsExactly(stMarys);
    assertThat(f.breakGlassMax()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aCertificateSubjectIdentifiesItsPrincipalHoweverItIsSpaced() throws IOException {
    TenantsFile f = TenantsFile.load(write(PRINCIPALS));

    assertThat(f.principalByCertificateSubject("cn=pacs.st-marys.example,o=St Mary's"))
        .map(Principal::id)
        .contains("pacs-st-marys");
    assertThat(f.principalByCertificateSubject("CN=pacs.st-marys.example"))
        .as("a different subject")
        .isEmpty();
    assertThat(f.principalByCertificateSubject("not a DN")).isEmpty();
  }

  @Test
  void principalsAreStrictlyValidated() throws IOException {
    String t = "tenants: [{id: a}, {id: b}]\n";
    refused(t + "principals: {id: x}\n").hasMessageContaining("principals: expected a list");
    refused(t + "principals: [{tenant: a, roles: [inference]}]\n")
        .hasMessageContaining("principals[0]: id: missing");
    refused(t + "principals: [{id: 'x y', tenant: a, roles: [inference]}]\n")
        .hasMessageContaining("principals[0]: id: 'x y'");
    refused(t + "principals: [{id: x, tenant: a, roles: [inference], role: admin}]\n")
        .hasMessageContaining("principal 'x': unknown key 'role'")
        .hasMessageContaining("certificate_subject");
    refused(t + "principals: [{id: x, roles: [inference]}]\n")
        .hasMessageContaining("principal 'x': tenant: missing");
    refused(t + "principals: [{id: x, tenant: c, roles: [inference]}]\n")
        .hasMessageContaining("principal 'x': tenant: 'c' is not in 'tenants'");
    refused(t + "principals: [{id: x, tenant: a}]\n")
        .hasMessageContaining("principal 'x': roles: missing (expected: at least one of inference");
    refused(t + "principals: [{id: x, tenant: a, roles: []}]\n")
        .hasMessageContaining("principal 'x': roles: missing");
    refused(t + "principals: [{id: x, tenant: a, roles: [root]}]\n")
        .hasMessageContaining("principal 'x': roles: 'root' is not a role (expected one of:")
        .hasMessageContaining("gateway");
    refused(t + "principals: [{id: x, tenant: a, roles: [admin, admin]}]\n")
        .hasMessageContaining("roles: 'admin' listed twice");
    refused(t + "principals: [{id: x, tenant: a, roles: [inference], acts_for: [b]}]\n")
        .hasMessageContaining("principal 'x': acts_for: only a principal with the 'gateway' role");
    refused(t + "principals: [{id: x, tenant: a, roles: [gateway], acts_for: [c]}]\n")
        .hasMessageContaining("principal 'x': acts_for: 'c' is not in 'tenants'");
    refused(t + "principals: [{id: x, tenant: a, roles: [inference], break_glass: 1}]\n")
        .hasMessageContaining("principal 'x': break_glass: 1 (expected: true or false)");
    refused(
            t
                + "principals: [{id: x, tenant: a, roles: [inference]}, {id: x, tenant: b, roles: [admin]}]\n")
        .hasMessageContaining("principal 'x': listed twice");
  }

  @Test
  void certificateSubjectsMustBeDistinguishedNamesAndUnique() throws IOException {
    String t = "tenants: [{id: a}]\nprincipals:\n";
    refused(t + "  - {id: x, tenant: a, roles: [inference], certificate_subject: 'no equals'}\n")
        .hasMessageContaining("principal 'x': certificate_subject: not a distinguished name");
    refused(t + "  - {id: x, tenant: a, roles: [inference], certificate_subject: 42}\n")
        .hasMessageContaining("principal 'x': certificate_subject: 42 is not a string");
    refused(
            t
                + "  - {id: x, tenant: a, roles: [inference], certificate_subject: 'CN=p,O=q'}\n"
                + "  - {id: y, tenant: a, roles: [inference], certificate_subject: 'cn=p, o=q'}\n")
        .hasMessageContaining(
            "principal 'y': certificate_subject: also the subject of principal 'x'");
  }

  @Test
  void breakGlassMaximumIsBounded() throws IOException {
    refused("break_glass: { max_minutes: 0 }\n")
        .hasMessageContaining("break_glass: max_minutes: 0 (expected: an integer from 1 to 1440)");
    refused("break_glass: { max_minutes: 1441 }\n").hasMessageContaining("max_minutes: 1441");
    refused("break_glass: { minutes: 5 }\n")
        .hasMessageContaining("break_glass: unknown key 'minutes' (expected one of: max_minutes)");
    refused("break_glass: 60\n").hasMessageContaining("break_glass: expected a mapping");
  }

  @Test
  void aTenantIdThatIsNotAStringOrEmptyIsRefused() throws IOException {
    refused("tenants: [{id: ''}]\n").hasMessageContaining("tenants[0]: id: empty");
    refused("tenants: [{id: a}]\nprincipals: [{id: x, tenant: '', roles: [admin]}]\n")
        .hasMessageContaining("principal 'x': tenant: empty");
  }
}
