package io.medulla.engine;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.PermissionDeniedException;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.tenancy.AccessDecision;
import io.medulla.tenancy.AccessPolicy;
import io.medulla.tenancy.Action;
import io.medulla.tenancy.Caller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The engine as one authenticated {@link Caller} sees it: every method asks the {@link
 * AccessPolicy} first and refuses with {@link PermissionDeniedException} (403), or with the same
 * {@link ModelNotFoundException} a missing model gets (404) where the caller may not learn that a
 * model exists. Built per request at the protocol edge; cheap, immutable, thread-safe.
 *
 * <ul>
 *   <li>{@link #infer}: role and model entitlement, the requested priority level, that the
 *       request's tenant is the caller's, and, for a tenant limited to approved versions, the
 *       version (see {@link #APPROVED_VERSIONS_PARAMETER}). Refusals complete the future
 *       exceptionally, as the {@link io.medulla.inference.Inferencer} contract asks.
 *   <li>{@link #modelMetadata}, {@link #modelConfig}, {@link #isModelReady}: {@link
 *       Action#READ_MODEL}; an inference caller reads only its tenant's models (the configuration
 *       included: it holds nothing another tenant's caller needs, and names inputs an attacker
 *       would probe). A hidden model is simply not ready.
 *   <li>{@link #repositoryIndex}: {@link Action#READ_REPOSITORY}, filtered to visible models.
 *   <li>{@link #statistics}: {@link Action#READ_STATISTICS}, filtered to visible models.
 *   <li>{@link #loadModel}, {@link #unloadModel}: {@link Action#MANAGE_MODELS}.
 *   <li>{@link #serverMetadata}: {@link Action#READ_SERVER}.
 *   <li>{@link #isLive}, {@link #isReady}: never guarded; they are the health probes.
 * </ul>
 */
public final class GuardedEngine implements InferenceEngine {
  /**
   * The model configuration parameter that lists its approved versions, comma-separated ({@code
   * "3,4"}). Absent or empty: no version is approved, and tenants limited to approved versions
   * cannot call the model.
   */
  public static final String APPROVED_VERSIONS_PARAMETER = "medulla.approved_versions";

  private final InferenceEngine delegate;
  private final AccessPolicy policy;
  private final Caller caller;

  /**
   * Creates the engine {@code caller} sees.
   *
   * @param delegate the engine that does the work
   * @param policy decides what the caller may do
   * @param caller the authenticated caller of the request
   */
  public GuardedEngine(InferenceEngine delegate, AccessPolicy policy, Caller caller) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.policy = requireNonNull(policy, "policy");
    this.caller = requireNonNull(caller, "caller");
  }

  /** Returns the caller this engine acts for. */
  public Caller caller() {
    return caller;
  }

  @Override
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    InferenceRequest allowed;
    try {
      allowed = authorise(request);
    } catch (InferenceException e) {
      return CompletableFuture.failedFuture(e);
    }
    return delegate.infer(allowed);
  }

  private InferenceRequest authorise(InferenceRequest request) {
    if (!request.context().tenant().equals(caller.tenant())) {
      // The edge builds the context from the caller; a mismatch is a wiring fault, refused anyway.
      throw new PermissionDeniedException(
          "permission denied: the request's tenant is not the authenticated caller's");
    }
    String model = request.modelName();
    enforce(policy.decide(caller, Action.INFER, model), model, request.modelVersion());
    enforce(policy.checkPriority(caller, request.context().priority()), model, "");
    return policy.approvedOnly(caller) ? ApprovedVersions.route(delegate, request) : request;
  }

  @Override
  public boolean isLive() {
    return delegate.isLive();
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public ServerMetadata serverMetadata() {
    enforce(policy.decide(caller, Action.READ_SERVER, null), "", "");
    return delegate.serverMetadata();
  }

  @Override
  public ModelMetadata modelMetadata(String model, String version) {
    enforce(policy.decide(caller, Action.READ_MODEL, model), model, version);
    return delegate.modelMetadata(model, version);
  }

  @Override
  public boolean isModelReady(String model, String version) {
    AccessDecision d = policy.decide(caller, Action.READ_MODEL, model);
    if (d.outcome() == AccessDecision.Outcome.HIDDEN) {
      return false;
    }
    enforce(d, model, version);
    return delegate.isModelReady(model, version);
  }

  @Override
  public ModelConfig modelConfig(String model, String version) {
    enforce(policy.decide(caller, Action.READ_MODEL, model), model, version);
    return delegate.modelConfig(model, version);
  }

  /** Returns a graph's resource view to whoever may read the graph's metadata. */
  @Override
  public Map<String, Object> graphResources(String graph) {
    enforce(policy.decide(caller, Action.READ_MODEL, graph), graph, "");
    return delegate.graphResources(graph);
  }

  @Override
  public List<ModelStatistics> statistics(String model, String version) {
    enforce(policy.decide(caller, Action.READ_STATISTICS, null), model, version);
    if (!model.isEmpty() && !policy.isVisible(caller, model)) {
      throw new ModelNotFoundException(model, version);
    }
    return delegate.statistics(model, version).stream()
        .filter(s -> policy.isVisible(caller, s.name()))
        .toList();
  }

  @Override
  public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
    enforce(policy.decide(caller, Action.READ_REPOSITORY, null), "", "");
    return delegate.repositoryIndex(readyOnly).stream()
        .filter(s -> policy.isVisible(caller, s.name()))
        .toList();
  }

  @Override
  public void loadModel(String model) {
    enforce(policy.decide(caller, Action.MANAGE_MODELS, model), model, "");
    delegate.loadModel(model);
  }

  @Override
  public void unloadModel(String model) {
    enforce(policy.decide(caller, Action.MANAGE_MODELS, model), model, "");
    delegate.unloadModel(model);
  }

  /** Throws the domain exception for a refusal; a hidden model is refused as a missing one. */
  private static void enforce(AccessDecision d, String model, String version) {
    switch (d.outcome()) {
      case ALLOWED -> {}
      case FORBIDDEN -> throw new PermissionDeniedException(d.message());
      case HIDDEN -> throw new ModelNotFoundException(model, version);
    }
  }
}
