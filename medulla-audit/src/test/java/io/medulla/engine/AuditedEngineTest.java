package io.medulla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditStoreException;
import io.medulla.audit.AuditUnavailableException;
import io.medulla.audit.InMemoryAuditStore;
import io.medulla.audit.InputDigests;
import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.BreakGlass;
import io.medulla.tenancy.Caller;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import io.medulla.testing.FakeInferenceEngine;
import io.medulla.time.ManualTicker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AuditedEngineTest {
  private static final String NODE = "node-a";
  private static final TenantId TENANT = new TenantId("hospital-a");
  private static final String SHA = "9f".repeat(32);

  private final InMemoryAuditStore memory = new InMemoryAuditStore();
  private final FlakyStore store = new FlakyStore(memory);
  private final ManualWriter writer = new ManualWriter();
  private final ManualTicker ticker = new ManualTicker();
  private final AuditTimings timings = new AuditTimings();
  private final InputDigests digests = InputDigests.of(new byte[32]);
  private final FakeInferenceEngine fake = new FakeInferenceEngine();
  private final List<CompletableFuture<InferenceResponse>> held = new ArrayList<>();
  private final Principal alice =
      new Principal(
          "alice",
          TENANT,
          java.util.Set.of(Role.INFERENCE, Role.OPERATOR),
          java.util.Set.of(),
          true,
          AuthMethod.API_KEY);
  private final Caller caller =
      new Caller(
          alice,
          TENANT,
          new BreakGlass(
              "trauma bay 2",
              Instant.parse("2026-01-01T00:00:00Z"),
              Instant.parse("2026-01-01T01:00:00Z")),
          "10.1.2.3");
  private @Nullable Caller known = caller;

  AuditedEngineTest() {
    fake.add(
        FakeInferenceEngine.config("echo", 8, List.of(), List.of()),
        request -> {
          // Acts as the dynamic batcher would: report the batch, then answer.
          ModelId id = new ModelId("echo", 3);
          timings.requestExecuted(id, request.context(), 2, 1_000, 5_000, 2);
          timings.batchExecuted(id, 2, 5_000, true);
          ticker.advance(Duration.ofNanos(9_000));
          return CompletableFuture.completedFuture(
              new InferenceResponse(
                  "echo",
                  "3",
                  request.id(),
                  List.of(tensor("out", 42)),
                  Map.of(DefaultInferenceEngine.MODEL_SHA256_PARAMETER, SHA)));
        });
    fake.add(
        FakeInferenceEngine.config("slow", 8, List.of(), List.of()),
        request -> {
          CompletableFuture<InferenceResponse> f = new CompletableFuture<>();
          held.add(f);
          return f;
        });
  }

  private AuditLog.Builder log() {
    return AuditLog.builder(store, writer, NODE);
  }

  private AuditedEngine engine(AuditLog log) {
    return AuditedEngine.builder(fake, log, digests)
        .ticker(ticker)
        .timings(timings)
        .callers(ctx -> Optional.ofNullable(known))
        .adminCaller(() -> Optional.ofNullable(known))
        .build();
  }

  private static Tensor tensor(String name, int value) {
    return Tensor.of(name, DataType.UINT8, Shape.of(1), ByteBuffer.wrap(new byte[] {(byte) value}));
  }

  private InferenceRequest request(String model, String requestId) {
    RequestContext ctx =
        new RequestContext(
            new RequestId(requestId), TENANT, "alice", 2, Deadline.none(), ticker.nanos());
    return new InferenceRequest(
        model, "", "client-1", List.of(tensor("in", 7)), List.of(), Map.of(), ctx);
  }

  private List<AuditRecord> records() {
    return memory.records(NODE, 1, 100);
  }

  private static Throwable causeOf(CompletableFuture<?> f) {
    try {
      f.join();
      throw new AssertionError("expected a failure");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  @Test
  void anInferenceIsAnsweredOnlyAfterItsRecordIsWrittenWithEveryField() {
    AuditedEngine engine = engine(log().build());

    CompletableFuture<InferenceResponse> f = engine.infer(request("echo", "r-1"));

    assertThat(f).isNotDone();
    assertThat(records()).isEmpty();
    writer.runAll();
    assertThat(f).isCompleted();
    AuditRecord r = records().get(0);
    var e = r.event();
    assertThat(records()).hasSize(1);
    assertThat(e.action()).isEqualTo("infer");
    assertThat(e.tenant()).isEqualTo("hospital-a");
    assertThat(e.principal()).isEqualTo("alice");
    assertThat(e.role()).isEqualTo("inference,operator");
    assertThat(e.clientAddress()).isEqualTo("10.1.2.3");
    assertThat(e.breakGlass()).isTrue();
    assertThat(e.breakGlassReason()).isEqualTo("trauma bay 2");
    assertThat(e.requestId()).isEqualTo("r-1");
    assertThat(e.model()).isEqualTo("echo");
    assertThat(e.version()).isEqualTo("3");
    assertThat(e.modelSha256()).isEqualTo(SHA);
    assertThat(e.priority()).isEqualTo(2);
    assertThat(e.status()).isEqualTo("OK");
    assertThat(e.queueNanos()).isEqualTo(1_000);
    assertThat(e.computeNanos()).isEqualTo(5_000);
    assertThat(e.totalNanos()).isEqualTo(9_000);
    assertThat(e.batchId()).isNotEmpty();
    assertThat(e.batchShared()).isTrue();
    assertThat(e.inputDigest()).isEqualTo(digests.digest(TENANT, List.of(tensor("in", 7))));
    assertThat(e.outputDigest()).isEqualTo(digests.digest(TENANT, List.of(tensor("out", 42))));
  }

  @Test
  void withoutAKnownCallerTheContextStillNamesWhoAsked() {
    known = null;
    AuditedEngine engine = engine(log().build());

    engine.infer(request("echo", "r-1"));
    writer.runAll();

    var e = records().get(0).event();
    assertThat(e.principal()).isEqualTo("alice");
    assertThat(e.role()).isEmpty();
    assertThat(e.breakGlass()).isFalse();
  }

  @Test
  void aFailedInferenceIsRecordedWithItsStatusAndTheCallerGetsTheFailure() {
    AuditedEngine engine = engine(log().build());

    CompletableFuture<InferenceResponse> f = engine.infer(request("missing", "r-2"));
    writer.runAll();

    assertThat(causeOf(f)).isInstanceOf(ModelNotFoundException.class);
    var e = records().get(0).event();
    assertThat(e.status()).isEqualTo("NOT_FOUND");
    assertThat(e.reason()).contains("missing");
    assertThat(e.outputDigest()).isEmpty();
    assertThat(e.queueNanos()).isEqualTo(-1);
  }

  @Test
  void whenTheRecordCannotBeWrittenTheCallerGets503AndTheServerTurnsUnready() {
    AuditedEngine engine = engine(log().retryAfter(Duration.ofSeconds(3)).build());
    store.failing = true;

    CompletableFuture<InferenceResponse> f = engine.infer(request("echo", "r-3"));
    writer.runAll();

    Throwable cause = causeOf(f);
    assertThat(cause).isInstanceOf(AuditUnavailableException.class);
    assertThat(((InferenceException) cause).status()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(((InferenceException) cause).retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(engine.isReady()).isFalse();
  }

  @Test
  void whileTheStoreIsDownNothingIsComputedAndTheEngineRecoversByItself() {
    AuditedEngine engine = engine(log().build());
    store.failing = true;
    engine.infer(request("echo", "r-1"));
    writer.runAll();
    int computed = fake.received().size();

    CompletableFuture<InferenceResponse> refused = engine.infer(request("echo", "r-2"));
    writer.runAll();

    assertThat(causeOf(refused)).isInstanceOf(AuditUnavailableException.class);
    assertThat(fake.received()).hasSize(computed);

    store.failing = false;
    CompletableFuture<InferenceResponse> ok = engine.infer(request("echo", "r-3"));
    writer.runAll();

    assertThat(ok).isCompleted();
    assertThat(engine.isReady()).isTrue();
    assertThat(records()).extracting(r -> r.event().requestId()).containsExactly("r-3");
  }

  @Test
  void failOpenKeepsTheServerReady() {
    AuditedEngine engine = engine(log().failOpen(true).build());
    store.failing = true;

    CompletableFuture<InferenceResponse> f = engine.infer(request("echo", "r-1"));
    writer.runAll();

    assertThat(f).isCompleted();
    assertThat(engine.isReady()).isTrue();
  }

  @Test
  void aCancelledRequestIsRecordedOnceAsCancelled() {
    AuditedEngine engine = engine(log().build());

    CompletableFuture<InferenceResponse> f = engine.infer(request("slow", "r-4"));
    f.cancel(false);
    writer.runAll();

    assertThat(held.get(0)).isCancelled();
    assertThat(records())
        .singleElement()
        .satisfies(r -> assertThat(r.event().status()).isEqualTo("CANCELLED"));
  }

  @Test
  void loadsAndUnloadsAreAuditedAsAdminActions() {
    AuditedEngine engine = engine(AuditLog.builder(store, Runnable::run, NODE).build());

    engine.loadModel("echo");
    engine.unloadModel("echo", null);
    assertThatThrownBy(() -> engine.loadModel("missing")).isInstanceOf(InferenceException.class);

    assertThat(fake.loads()).containsExactly("echo");
    assertThat(records())
        .extracting(
            r ->
                r.event().action()
                    + " "
                    + r.event().model()
                    + " "
                    + r.event().principal()
                    + " "
                    + r.event().status())
        .containsExactly(
            "model.load echo alice OK",
            "model.unload echo system OK",
            "model.load missing alice NOT_FOUND");
  }

  @Test
  void anAdminActionThatCannotBeAuditedIsNotAttempted() {
    AuditedEngine engine = engine(AuditLog.builder(store, Runnable::run, NODE).build());
    store.failing = true;
    engine.infer(request("echo", "r-1")).exceptionally(e -> null).join();

    assertThatThrownBy(() -> engine.loadModel("echo"))
        .isInstanceOf(AuditUnavailableException.class);
    assertThat(fake.loads()).isEmpty();
  }

  @Test
  void aCallerLookupThatFailsRefusesTheResponseInsteadOfLosingIt() {
    AuditedEngine engine =
        AuditedEngine.builder(fake, log().build(), digests)
            .callers(
                ctx -> {
                  throw new IllegalStateException("lookup broke");
                })
            .build();

    CompletableFuture<InferenceResponse> f = engine.infer(request("echo", "r-1"));
    writer.runAll();

    assertThat(causeOf(f)).isInstanceOf(AuditUnavailableException.class);
  }

  /** An executor that runs tasks only when told to. */
  static final class ManualWriter implements Executor {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      while (true) {
        Runnable next;
        synchronized (this) {
          if (tasks.isEmpty()) {
            return;
          }
          next = tasks.remove(0);
        }
        next.run();
      }
    }
  }

  /** A store that can be made to fail. */
  static final class FlakyStore extends ForwardingStore {
    volatile boolean failing;

    FlakyStore(InMemoryAuditStore delegate) {
      super(delegate);
    }

    @Override
    protected void before() {
      if (failing) {
        throw new AuditStoreException("store down");
      }
    }
  }
}
