package io.medulla.audit;

import static io.medulla.audit.AuditFixtures.T0;
import static io.medulla.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.audit.AuditFixtures.ManualExecutor;
import io.medulla.audit.AuditFixtures.MutableClock;
import io.medulla.inference.InferenceException;
import io.medulla.inference.StatusCode;
import io.medulla.time.ManualTicker;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private static final String NODE = "node-a";
  private final InMemoryAuditStore memory = new InMemoryAuditStore();
  private final FakeAuditStore store = new FakeAuditStore(memory);
  private final ManualExecutor writer = new ManualExecutor();
  private final ManualTicker ticker = new ManualTicker();
  private final MutableClock clock = new MutableClock(T0);
  private final CheckpointSigner signer = CheckpointSigner.generate();

  private AuditLog.Builder builder() {
    return AuditLog.builder(store, writer, NODE)
        .clock(clock.wallClock())
        .ticker(ticker)
        .signer(signer)
        .checkpointEvery(1000)
        .checkpointInterval(Duration.ofMinutes(1));
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
  void aFutureCompletesOnlyOnceItsRecordIsWritten() {
    AuditLog log = builder().build();

    CompletableFuture<Void> f = log.append(event(1));

    assertThat(f).isNotDone();
    assertThat(memory.records(NODE, 1, 10)).isEmpty();
    writer.runAll();
    assertThat(f).isCompletedWithValue(null);
    AuditRecord r = memory.records(NODE, 1, 10).get(0);
    assertThat(r.event()).isEqualTo(event(1));
    assertThat(r.time()).isEqualTo(T0);
    assertThat(log.durableHead()).isEqualTo(r.head());
  }

  @Test
  void manyConcurrentAppendsShareFewTransactions() throws Exception {
    AuditLog log = builder().maxGroupSize(100).build();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<List<CompletableFuture<Void>>>> submitted =
          new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int base = t * 50;
        submitted.add(
            callers.submit(
                () -> {
                  List<CompletableFuture<Void>> mine = new ArrayList<>();
                  for (int i = 0; i < 50; i++) {
                    mine.add(log.append(event(base + i)));
                  }
                  return mine;
                }));
      }
      for (var s : submitted) {
        futures.addAll(s.get());
      }
    } finally {
      callers.shutdown();
    }

    writer.runAll();

    assertThat(futures).hasSize(400).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(store.appends.get()).isEqualTo(4); // 400 records in groups of at most 100
    assertThat(log.groupsWritten()).isEqualTo(4);
    assertThat(memory.records(NODE, 1, 1000)).hasSize(400);
    assertThat(new AuditVerifier(memory, signer.publicKey()).verify().intact()).isTrue();
  }

  @Test
  void aStoreThatBlocksHoldsTheFutures() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    store.gate = gate;
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      AuditLog log = AuditLog.builder(store, thread, NODE).build();

      CompletableFuture<Void> f = log.append(event(1));
      store.entered.await();

      // The write has started and cannot finish: the future must still be open.
      assertThat(f).isNotDone();
      gate.countDown();
      f.join();
      assertThat(memory.records(NODE, 1, 10)).hasSize(1);
    } finally {
      thread.shutdown();
    }
  }

  @Test
  void aFailingStoreFailsTheFuturesWithUnavailableAndRecoversOnTheNextAppend() {
    AuditLog log = builder().retryAfter(Duration.ofSeconds(7)).build();
    log.append(event(1));
    writer.runAll();
    store.failing = true;

    CompletableFuture<Void> refused = log.append(event(2));
    writer.runAll();

    Throwable cause = causeOf(refused);
    assertThat(cause).isInstanceOf(AuditUnavailableException.class);
    assertThat(((InferenceException) cause).status()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(((InferenceException) cause).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(cause.getMessage()).doesNotContain("store down");
    assertThat(log.healthy()).isFalse();

    store.failing = false;
    CompletableFuture<Void> next = log.append(event(3));
    writer.runAll();

    assertThat(next).isCompleted();
    assertThat(log.healthy()).isTrue();
    // The refused event left no record and no gap.
    assertThat(memory.records(NODE, 1, 10))
        .extracting(r -> r.event().requestId())
        .containsExactly("req-1", "req-3");
    assertThat(new AuditVerifier(memory, null).verify().intact()).isTrue();
  }

  @Test
  void aProbeRecoversAnIdleLog() {
    AuditLog log = builder().build();
    store.failing = true;
    log.append(event(1));
    writer.runAll();
    assertThat(log.healthy()).isFalse();

    CompletableFuture<Boolean> stillDown = log.probe();
    writer.runAll();
    assertThat(stillDown).isCompletedWithValue(false);

    store.failing = false;
    CompletableFuture<Boolean> back = log.probe();
    assertThat(log.probe()).isSameAs(back);
    writer.runAll();
    assertThat(back).isCompletedWithValue(true);
    assertThat(log.healthy()).isTrue();
  }

  @Test
  void probingOnATimerNoticesOutagesAndRecoveryWithoutTraffic() {
    VirtualClock time = new VirtualClock();
    AuditLog log = builder().probeEvery(time, Duration.ofSeconds(5)).build();
    log.startProbing();

    store.failing = true;
    time.advance(Duration.ofSeconds(5));
    writer.runAll();
    assertThat(log.healthy()).isFalse();

    store.failing = false;
    time.advance(Duration.ofSeconds(5));
    writer.runAll();
    assertThat(log.healthy()).isTrue();
  }

  @Test
  void failOpenReleasesTheResponsesAndWritesTheRecordsOnceTheStoreIsBack() {
    AuditLog log = builder().failOpen(true).build();
    store.failing = true;

    CompletableFuture<Void> f = log.append(event(1));
    writer.runAll();

    assertThat(f).isCompleted();
    assertThat(log.healthy()).isFalse();
    assertThat(memory.records(NODE, 1, 10)).isEmpty();

    store.failing = false;
    log.append(event(2));
    writer.runAll();

    assertThat(memory.records(NODE, 1, 10))
        .extracting(r -> r.event().requestId())
        .containsExactly("req-1", "req-2");
  }

  @Test
  void aCheckpointSignsTheHeadEveryNRecords() {
    AuditLog log = builder().checkpointEvery(3).build();
    for (int i = 1; i <= 7; i++) {
      log.append(event(i));
      writer.runAll();
    }

    assertThat(memory.checkpoints(NODE)).extracting(Checkpoint::sequence).containsExactly(3L, 6L);
    assertThat(memory.checkpoints(NODE))
        .allSatisfy(cp -> assertThat(cp.isSignedBy(signer.publicKey())).isTrue());
  }

  @Test
  void aCheckpointSignsTheHeadAfterTheIntervalEvenWhenIdle() {
    AuditLog log = builder().build();
    log.append(event(1));
    writer.runAll();
    assertThat(memory.checkpoints(NODE)).isEmpty();

    ticker.advance(Duration.ofMinutes(1));
    log.probe();
    writer.runAll();

    assertThat(memory.checkpoints(NODE)).extracting(Checkpoint::sequence).containsExactly(1L);
  }

  @Test
  void shutdownWritesWhatIsQueuedAndAFinalCheckpoint() {
    AuditLog log = builder().build();
    CompletableFuture<Void> f = log.append(event(1));

    CompletableFuture<Void> done = log.shutdown();
    writer.runAll();

    assertThat(f).isCompleted();
    assertThat(done).isCompleted();
    assertThat(memory.latestCheckpoint(NODE).orElseThrow().sequence()).isEqualTo(1);
    assertThat(causeOf(log.append(event(2)))).isInstanceOf(AuditUnavailableException.class);
  }

  @Test
  void aRestartedLogContinuesTheChainItFindsInTheStore() {
    AuditLog first = builder().build();
    first.append(event(1));
    first.append(event(2));
    first.shutdown();
    writer.runAll();

    AuditLog second = builder().build();
    second.append(event(3));
    writer.runAll();

    assertThat(memory.records(NODE, 1, 10))
        .extracting(AuditRecord::sequence)
        .containsExactly(1L, 2L, 3L);
    assertThat(new AuditVerifier(memory, signer.publicKey()).verify().intact()).isTrue();
  }

  @Test
  void aWriterThatRejectsWorkFailsTheAppend() {
    AuditLog log =
        AuditLog.builder(
                store,
                task -> {
                  throw new java.util.concurrent.RejectedExecutionException("stopped");
                },
                NODE)
            .build();

    assertThatThrownBy(() -> log.append(event(1)).join())
        .hasCauseInstanceOf(AuditUnavailableException.class);
  }
}
