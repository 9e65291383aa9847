package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
