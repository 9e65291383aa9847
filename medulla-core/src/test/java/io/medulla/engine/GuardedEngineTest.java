package io.medulla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.PermissionDeniedException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.VersionPolicy;
import io.medulla.tenancy.AccessPolicy;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.BreakGlass;
import io.medulla.tenancy.Caller;
import io.medulla.tenancy.Entitlements;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GuardedEngineTest {
  private static final TenantId CLINIC = new TenantId("clinic");
  private static final TenantId LAB = new TenantId("lab");

  /**
   * The clinic may call "xray" (versions 1 to 3 ready, 1 and 2 approved) and "ct" (no approval
   * parameter), from URGENT down, approved versions only. The lab is unrestricted; "mri" is only
   * the lab's.
   */
  private static final AccessPolicy POLICY =
      new AccessPolicy(
          Map.of(CLINIC, new Entitlements(CLINIC, Optional.of(Set.of("xray", "ct")), 2, true)),
          Entitlements.unrestricted(TenantId.DEFAULT));

  private final FakeEngine fake = new FakeEngine();

  /** Models with ready versions and parameters; answers with the version it was asked for. */
  private static final class FakeEngine implements InferenceEngine {
    private final Map<String, List<String>> ready =
        Map.of("xray", List.of("1", "2", "3"), "ct", List.of("1"), "mri", List.of("1"));
    private final Map<String, Map<String, String>> parameters =
        Map.of("xray", Map.of(GuardedEngine.APPROVED_VERSIONS_PARAMETER, " 2, 1,x,0, 2 "));
    final List<InferenceRequest> received = new CopyOnWriteArrayList<>();
    final List<String> managed = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<InferenceResponse> infer(InferenceRequest r) {
      received.add(r);
      return CompletableFuture.completedFuture(
          new InferenceResponse(r.modelName(), r.modelVersion(), r.id(), List.of(), Map.of()));
    }

    @Override
    public boolean isLive() {
      return true;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public ServerMetadata serverMetadata() {
      return new ServerMetadata("medulla", "test", List.of());
    }

    @Override
    public ModelMetadata modelMetadata(String model, String version) {
      known(model);
      return new ModelMetadata(model, ready.get(model), "", List.of(), List.of(), "");
    }

    @Override
    public boolean isModelReady(String model, String version) {
      List<String> versions = ready.get(model);
      return versions != null && (version.isEmpty() || versions.contains(version));
    }

    @Override
    public ModelConfig modelConfig(String model, String version) {
      known(model);
      return new ModelConfig(
          model,
          "",
          "onnxruntime",
          0,
          List.of(),
          List.of(),
          new VersionPolicy.All(),
          List.of(),
          null,
          List.of(),
          parameters.getOrDefault(model, Map.of()),
          List.of(),
          List.of(),
          "model.onnx");
    }

    @Override
    public List<ModelStatistics> statistics(String model, String version) {
      ModelStatistics.Duration zero = new ModelStatistics.Duration(0, 0);
      return index().stream()
          .filter(s -> model.isEmpty() || s.name().equals(model))
          .map(
              s ->
                  new ModelStatistics(
                      s.name(), s.version(), 0, 0, 0, zero, zero, zero, zero, zero, zero))
          .toList();
    }

    @Override
    public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
      return index();
    }

    private List<ModelVersionStatus> index() {
      List<ModelVersionStatus> out = new ArrayList<>();
      for (String m : List.of("ct", "mri", "xray")) {
        for (String v : ready.get(m)) {
          out.add(new ModelVersionStatus(m, v, ModelState.READY, ""));
        }
      }
      return out;
    }

    @Override
    public void loadModel(String model) {
      managed.add("load " + model);
    }

    @Override
    public void unloadModel(String model) {
      managed.add("unload " + model);
    }

    private void known(String model) {
      if (!ready.containsKey(model)) {
        throw new ModelNotFoundException(model, "");
      }
    }
  }

  private static Caller caller(TenantId tenant, Set<Role> roles, @Nullable BreakGlass bg) {
    Principal p = new Principal("p", tenant, roles, Set.of(), false, AuthMethod.API_KEY);
    return new Caller(p, tenant, bg, "10.0.0.7");
  }

  private GuardedEngine as(TenantId tenant, Role... roles) {
    return new GuardedEngine(fake, POLICY, caller(tenant, Set.of(roles), null));
  }

  private static InferenceRequest request(
      String model, String version, TenantId tenant, int level) {
    RequestContext ctx =
        new RequestContext(new RequestId("r1"), tenant, "p", level, Deadline.none(), 0);
    return new InferenceRequest(model, version, "", List.of(), List.of(), Map.of(), ctx);
  }

  private static InferenceException failure(CompletableFuture<InferenceResponse> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return (InferenceException) e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEntitledRequestWithoutAVersionGoesToTheHighestApprovedReadyVersion() throws Exception {
    InferenceResponse r = as(CLINIC, Role.INFERENCE).infer(request("xray", "", CLINIC, 3)).get();

    assertThat(r.modelVersion()).isEqualTo("2");
    assertThat(fake.received)
        .singleElement()
        .satisfies(q -> assertThat(q.modelVersion()).isEqualTo("2"));
  }

  @Test
  void anApprovedVersionNamedByTheRequestIsKept() throws Exception {
    assertThat(
            as(CLINIC, Role.INFERENCE).infer(request("xray", "1", CLINIC, 0)).get().modelVersion())
        .isEqualTo("1");
  }

  @Test
  void anUnapprovedVersionIsForbidden() {
    InferenceException e =
        failure(as(CLINIC, Role.INFERENCE).infer(request("xray", "3", CLINIC, 0)));

    assertThat(e).isInstanceOf(PermissionDeniedException.class);
    assertThat(e.getMessage()).contains("version '3' of model 'xray' is not approved");
    assertThat(fake.received).isEmpty();
  }

  @Test
  void aModelWithoutApprovedVersionsCannotBeCalledByAnApprovedOnlyTenant() {
    InferenceException e = failure(as(CLINIC, Role.INFERENCE).infer(request("ct", "", CLINIC, 0)));

    assertThat(e.status()).isEqualTo(StatusCode.PERMISSION_DENIED);
    assertThat(e.getMessage())
        .isEqualTo("permission denied: no approved version of model 'ct' is ready");
  }

  @Test
  void aTenantWithoutTheApprovalRuleReachesAnyVersion() throws Exception {
    GuardedEngine lab = as(LAB, Role.INFERENCE);

    assertThat(lab.infer(request("xray", "3", LAB, 1)).get().modelVersion()).isEqualTo("3");
    assertThat(lab.infer(request("xray", "", LAB, 1)).get().modelVersion()).isEmpty();
  }

  @Test
  void aModelTheTenantMayNotCallFailsExactlyLikeAMissingOne() {
    GuardedEngine clinic = as(CLINIC, Role.INFERENCE);

    InferenceException hidden = failure(clinic.infer(request("mri", "", CLINIC, 0)));
    InferenceException hiddenVersion = failure(clinic.infer(request("mri", "1", CLINIC, 0)));

    assertThat(hidden).isInstanceOf(ModelNotFoundException.class);
    assertThat(hidden.getMessage()).isEqualTo(new ModelNotFoundException("mri", "").getMessage());
    assertThat(hiddenVersion.getMessage())
        .isEqualTo(new ModelNotFoundException("mri", "1").getMessage());
    assertThatThrownBy(() -> clinic.modelMetadata("mri", ""))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessage(new ModelNotFoundException("mri", "").getMessage());
    assertThatThrownBy(() -> clinic.modelConfig("mri", ""))
        .isInstanceOf(ModelNotFoundException.class);
    assertThat(clinic.isModelReady("mri", "")).isFalse();
    assertThat(fake.received).isEmpty();
  }

  @Test
  void aCallerWithoutTheInferenceRoleIsForbidden() {
    InferenceException e = failure(as(CLINIC, Role.OPERATOR).infer(request("xray", "", CLINIC, 0)));

    assertThat(e).isInstanceOf(PermissionDeniedException.class);
    assertThat(e.getMessage()).contains("'inference' role");
  }

  @Test
  void aPriorityMoreUrgentThanEntitledIsForbidden() {
    InferenceException e =
        failure(as(CLINIC, Role.INFERENCE).infer(request("xray", "1", CLINIC, 1)));

    assertThat(e).isInstanceOf(PermissionDeniedException.class);
    assertThat(e.getMessage()).contains("highest allowed is level 2");
  }

  @Test
  void breakGlassReachesAnyModelAndLevelButOnlyApprovedVersions() throws Exception {
    BreakGlass bg = new BreakGlass("outage", Instant.EPOCH, Instant.EPOCH.plusSeconds(60));
    GuardedEngine e = new GuardedEngine(fake, POLICY, caller(CLINIC, Set.of(Role.INFERENCE), bg));

    assertThat(e.infer(request("xray", "", CLINIC, 1)).get().modelVersion()).isEqualTo("2");
    assertThat(failure(e.infer(request("mri", "", CLINIC, 1))))
        .as("mri has no approved versions")
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(failure(e.infer(request("xray", "3", CLINIC, 1))))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void aRequestForAnotherTenantThanTheCallersIsForbidden() {
    InferenceException e = failure(as(CLINIC, Role.INFERENCE).infer(request("xray", "1", LAB, 0)));

    assertThat(e).isInstanceOf(PermissionDeniedException.class);
    assertThat(fake.received).isEmpty();
  }

  @Test
  void theIndexShowsAnInferenceCallerOnlyItsModelsAndAnOperatorAll() {
    assertThat(as(CLINIC, Role.INFERENCE).repositoryIndex(false))
        .extracting(ModelVersionStatus::name)
        .containsOnly("ct", "xray");
    assertThat(as(CLINIC, Role.OPERATOR).repositoryIndex(false))
        .extracting(ModelVersionStatus::name)
        .contains("mri");
    assertThatThrownBy(() -> as(CLINIC, Role.AUDITOR).repositoryIndex(false))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void statisticsAreForOperators() {
    assertThat(as(CLINIC, Role.OPERATOR).statistics("", "")).hasSize(5);
    assertThat(as(CLINIC, Role.OPERATOR).statistics("mri", "")).hasSize(1);
    assertThatThrownBy(() -> as(CLINIC, Role.INFERENCE).statistics("", ""))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void onlyOperatorsLoadAndUnload() {
    as(CLINIC, Role.OPERATOR).loadModel("mri");
    as(CLINIC, Role.OPERATOR).unloadModel("mri");
    assertThatThrownBy(() -> as(CLINIC, Role.INFERENCE, Role.ADMIN).loadModel("xray"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> as(CLINIC, Role.INFERENCE).unloadModel("xray"))
        .isInstanceOf(PermissionDeniedException.class);

    assertThat(fake.managed).containsExactly("load mri", "unload mri");
  }

  @Test
  void anOperatorReadsEveryModelButCannotInfer() {
    GuardedEngine op = as(CLINIC, Role.OPERATOR);

    assertThat(op.modelConfig("mri", "").name()).isEqualTo("mri");
    assertThat(op.modelMetadata("mri", "").name()).isEqualTo("mri");
    assertThat(op.isModelReady("mri", "1")).isTrue();
  }

  @Test
  void anInferenceCallerReadsItsModels() {
    GuardedEngine clinic = as(CLINIC, Role.INFERENCE);

    assertThat(clinic.modelMetadata("xray", "").versions()).containsExactly("1", "2", "3");
    assertThat(clinic.modelConfig("xray", "").name()).isEqualTo("xray");
    assertThat(clinic.isModelReady("xray", "")).isTrue();
  }

  @Test
  void anAuditorCannotReadModels() {
    GuardedEngine auditor = as(CLINIC, Role.AUDITOR);

    assertThatThrownBy(() -> auditor.modelMetadata("xray", ""))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> auditor.isModelReady("xray", ""))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void healthIsNeverGuardedAndServerMetadataNeedsARole() {
    GuardedEngine gateway = as(CLINIC, Role.GATEWAY);

    assertThat(gateway.isLive()).isTrue();
    assertThat(gateway.isReady()).isTrue();
    assertThatThrownBy(gateway::serverMetadata).isInstanceOf(PermissionDeniedException.class);
    assertThat(as(CLINIC, Role.AUDITOR).serverMetadata().name()).isEqualTo("medulla");
  }
}
