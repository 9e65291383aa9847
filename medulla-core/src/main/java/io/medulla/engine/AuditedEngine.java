package io.medulla.engine;

import static java.util.Objects.requireNonNull;

import io.medulla.audit.AuditAction;
import io.medulla.audit.AuditEvent;
import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditUnavailableException;
import io.medulla.audit.InputDigests;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.tenancy.Caller;
import io.medulla.time.Ticker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InferenceEngine} that audits: every inference and every load or unload produces exactly
 * one record, and nothing is answered before that record is durable. When the record cannot be
 * written, the caller gets {@link AuditUnavailableException} (503) instead of the result, and
 * {@link #isReady()} turns false until the log recovers (unless the log fails open).
 *
 * <p>Records carry the request's context (tenant, principal, priority, request id), the verified
 * {@link Caller} when the {@code callers} lookup knows it (roles, client address, break-glass), the
 * outcome, the version and model-file SHA-256 that answered, timings from {@link AuditTimings}, and
 * keyed digests of the inputs and outputs.
 */
public final class AuditedEngine implements InferenceEngine {
  /** The principal of administrative actions whose caller is unknown (the server itself). */
  public static final String SYSTEM_PRINCIPAL = "system";

  private final InferenceEngine delegate;
  private final AuditLog log;
  private final InputDigests digests;
  private final Ticker ticker;
  private final AuditTimings timings;
  private final Function<RequestContext, Optional<Caller>> callers;
  private final Supplier<Optional<Caller>> adminCaller;

  private AuditedEngine(Builder b) {
    this.delegate = b.delegate;
    this.log = b.log;
    this.digests = b.digests;
    this.ticker = b.ticker;
    this.timings = b.timings;
    this.callers = b.callers;
    this.adminCaller = b.adminCaller;
  }

  /** Returns a builder that wraps {@code delegate}, writing to {@code log}. */
  public static Builder builder(InferenceEngine delegate, AuditLog log, InputDigests digests) {
    return new Builder(delegate, log, digests);
  }

  @Override
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    if (!auditable()) {
      // Nothing could be recorded: do not compute. The probe is also how a node recovers.
      return log.probe()
          .thenCompose(
              ok -> ok ? audited(request) : CompletableFuture.failedFuture(unavailable(null)));
    }
    return audited(request);
  }

  private CompletableFuture<InferenceResponse> audited(InferenceRequest request) {
    RequestContext context = request.context();
    String inputDigest;
    CompletableFuture<InferenceResponse> inner;
    try {
      inputDigest = digests.digest(context.tenant(), request.inputs());
      timings.expect(context.requestId());
      inner = delegate.infer(request);
    } catch (RuntimeException e) {
      timings.take(context.requestId());
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<InferenceResponse> out = new CompletableFuture<>();
    CompletableFuture<InferenceResponse> computing = inner;
    computing.whenComplete(
        (response, error) -> {
          CompletableFuture<Void> durable;
          try {
            durable = log.append(inferenceEvent(request, inputDigest, response, error));
          } catch (RuntimeException e) {
            // A record that cannot even be built cannot be written: refuse, as for a store failure.
            out.completeExceptionally(unavailable(e));
            return;
          }
          durable.whenComplete(
              (ignored, auditError) -> {
                if (auditError != null) {
                  out.completeExceptionally(unavailable(auditError));
                } else if (error != null) {
                  out.completeExceptionally(error);
                } else {
                  out.complete(response);
                }
              });
        });
    // A caller that gives up withdraws the request; its record then says CANCELLED.
    out.whenComplete(
        (r, e) -> {
          if (out.isCancelled()) {
            computing.cancel(false);
          }
        });
    return out;
  }

  private AuditEvent inferenceEvent(
      InferenceRequest request,
      String inputDigest,
      @Nullable InferenceResponse response,
      @Nullable Throwable error) {
    RequestContext context = request.context();
    AuditEvent.Builder b = AuditEvent.inference(context, request.modelName());
    callers.apply(context).ifPresent(b::caller);
    b.inputDigest(inputDigest);
    long total = Math.max(0, ticker.nanos() - context.arrivalNanos());
    AuditTimings.Timing t = timings.take(context.requestId());
    if (t == null) {
      b.timings(-1, -1, total);
    } else {
      b.timings(t.queueNanos(), t.computeNanos(), total).batch(t.batchId(), t.batchShared());
      if (t.priorityLevel() > 0) {
        b.priority(t.priorityLevel());
      }
    }
    if (response != null && error == null) {
      b.version(response.modelVersion());
      if (response.parameters().get(DefaultInferenceEngine.MODEL_SHA256_PARAMETER)
          instanceof String sha) {
        b.modelSha256(sha);
      }
      b.outputDigest(digests.digest(context.tenant(), response.outputs()));
    } else {
      b.version(request.modelVersion());
      Throwable cause = unwrap(error);
      b.failure(statusOf(cause), messageOf(cause));
    }
    return b.build();
  }

  @Override
  public boolean isLive() {
    return delegate.isLive();
  }

  @Override
  public boolean isReady() {
    return delegate.isReady() && auditable();
  }

  @Override
  public ServerMetadata serverMetadata() {
    return delegate.serverMetadata();
  }

  @Override
  public ModelMetadata modelMetadata(String model, String version) {
    return delegate.modelMetadata(model, version);
  }

  @Override
  public boolean isModelReady(String model, String version) {
    return delegate.isModelReady(model, version);
  }

  @Override
  public ModelConfig modelConfig(String model, String version) {
    return delegate.modelConfig(model, version);
  }

  @Override
  public List<ModelStatistics> statistics(String model, String version) {
    return delegate.statistics(model, version);
  }

  @Override
  public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
    return delegate.repositoryIndex(readyOnly);
  }

  @Override
  public Map<String, Object> graphResources(String graph) {
    return delegate.graphResources(graph);
  }

  /** Loads a model as the ambient admin caller (or {@link #SYSTEM_PRINCIPAL}) and audits it. */
  @Override
  public void loadModel(String model) {
    loadModel(model, adminCaller.get().orElse(null));
  }

  /** Unloads a model as the ambient admin caller (or {@link #SYSTEM_PRINCIPAL}) and audits it. */
  @Override
  public void unloadModel(String model) {
    unloadModel(model, adminCaller.get().orElse(null));
  }

  /**
   * Loads a model on behalf of {@code caller} ({@code null}: the server itself) and returns once
   * the load and its record are done.
   *
   * @throws AuditUnavailableException if the action cannot be audited (then it is not attempted)
   */
  public void loadModel(String model, @Nullable Caller caller) {
    administer(AuditAction.MODEL_LOAD, model, caller, () -> delegate.loadModel(model));
  }

  /**
   * Unloads a model on behalf of {@code caller} ({@code null}: the server itself) and returns once
   * the unload and its record are done.
   *
   * @throws AuditUnavailableException if the action cannot be audited (then it is not attempted)
   */
  public void unloadModel(String model, @Nullable Caller caller) {
    administer(AuditAction.MODEL_UNLOAD, model, caller, () -> delegate.unloadModel(model));
  }

  private void administer(
      AuditAction action, String model, @Nullable Caller caller, Runnable body) {
    if (!auditable() && !log.probe().join()) {
      throw unavailable(null);
    }
    RuntimeException failure = null;
    try {
      body.run();
    } catch (RuntimeException e) {
      failure = e;
    }
    AuditEvent.Builder b = AuditEvent.admin(action, SYSTEM_PRINCIPAL, "").model(model);
    if (caller != null) {
      b.caller(caller);
    }
    if (failure != null) {
      b.failure(statusOf(failure), messageOf(failure));
    }
    try {
      log.append(b.build()).join();
    } catch (CompletionException | CancellationException e) {
      throw unavailable(e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private boolean auditable() {
    return log.healthy() || log.failOpen();
  }

  private AuditUnavailableException unavailable(@Nullable Throwable cause) {
    Throwable c = unwrap(cause);
    return c instanceof AuditUnavailableException u
        ? u
        : new AuditUnavailableException(log.retryAfter(), c);
  }

  private static @Nullable Throwable unwrap(@Nullable Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static StatusCode statusOf(@Nullable Throwable t) {
    if (t instanceof InferenceException ie) {
      return ie.status();
    }
    return t instanceof CancellationException ? StatusCode.CANCELLED : StatusCode.INTERNAL;
  }

  private static String messageOf(@Nullable Throwable t) {
    if (t instanceof InferenceException ie && ie.getMessage() != null) {
      // Caller-facing by contract: never tensor values, paths or stack traces.
      return ie.getMessage();
    }
    return t instanceof CancellationException ? "cancelled by the caller" : "internal error";
  }

  /** Builds an {@link AuditedEngine}; every setter documents its default. */
  public static final class Builder {
    private final InferenceEngine delegate;
    private final AuditLog log;
    private final InputDigests digests;
    private Ticker ticker = Ticker.system();
    private AuditTimings timings = new AuditTimings();
    private Function<RequestContext, Optional<Caller>> callers = c -> Optional.empty();
    private Supplier<Optional<Caller>> adminCaller = Optional::empty;

    private Builder(InferenceEngine delegate, AuditLog log, InputDigests digests) {
      this.delegate = requireNonNull(delegate, "delegate");
      this.log = requireNonNull(log, "log");
      this.digests = requireNonNull(digests, "digests");
    }

    /**
     * Sets the ticker that measured the requests' arrival times; default the system's. Must be the
     * one the protocol stamps {@link RequestContext#arrivalNanos()} with.
     */
    public Builder ticker(Ticker value) {
      ticker = requireNonNull(value, "ticker");
      return this;
    }

    /**
     * Sets where queue and compute times come from; default a collector no scheduler reports to
     * (times unmeasured). Pass the one given to the schedulers' listener.
     */
    public Builder timings(AuditTimings value) {
      timings = requireNonNull(value, "timings");
      return this;
    }

    /**
     * Sets how to find a request's verified caller (roles, client address, break-glass); default
     * none, leaving those fields empty.
     */
    public Builder callers(Function<RequestContext, Optional<Caller>> lookup) {
      callers = requireNonNull(lookup, "lookup");
      return this;
    }

    /**
     * Sets how {@link #loadModel(String)} and {@link #unloadModel(String)} find who asked (for
     * example from the current server request); default none: {@link #SYSTEM_PRINCIPAL}.
     */
    public Builder adminCaller(Supplier<Optional<Caller>> lookup) {
      adminCaller = requireNonNull(lookup, "lookup");
      return this;
    }

    /** Returns the engine. */
    public AuditedEngine build() {
      return new AuditedEngine(this);
    }
  }
}
