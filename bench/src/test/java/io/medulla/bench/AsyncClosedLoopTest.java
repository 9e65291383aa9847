package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncClosedLoopTest {
  private final ManualTicker ticker = new ManualTicker();
  private final Deque<CompletableFuture<Object>> pending = new ArrayDeque<>();
  private final AsyncTarget target =
      () -> {
        CompletableFuture<Object> f = new CompletableFuture<>();
        pending.add(f);
        return f;
      };

  @Test
  void keepsExactlyConcurrencyRequestsInFlight() {
    AsyncClosedLoop loop = new AsyncClosedLoop(target, 3, ticker);
    loop.start(new LatencyRecorder());
    assertThat(pending).hasSize(3);
    pending.poll().complete("done");
    assertThat(pending).hasSize(3);
  }

  @Test
  void recordsTheTimeFromSendToCompletion() {
    LatencyRecorder recorder = new LatencyRecorder();
    AsyncClosedLoop loop = new AsyncClosedLoop(target, 1, ticker);
    loop.start(recorder);
    ticker.advance(Duration.ofNanos(250_000));
    pending.poll().complete("done");
    assertThat(recorder.cut()).containsExactly(250_000L);
  }

  @Test
  void aFailedRequestStopsTheLoopAndIsReported() {
    AsyncClosedLoop loop = new AsyncClosedLoop(target, 2, ticker);
    loop.start(new LatencyRecorder());
    pending.poll().completeExceptionally(new IllegalStateException("HTTP 500"));
    assertThat(loop.failure()).hasMessage("HTTP 500");
    pending.poll().complete("done");
    assertThat(pending).isEmpty();
    loop.stop(Duration.ZERO);
  }

  @Test
  void stopWaitsForRequestsInFlightAndSendsNoMore() {
    AsyncClosedLoop loop = new AsyncClosedLoop(target, 2, ticker);
    loop.start(new LatencyRecorder());
    CompletableFuture<Object> first = pending.poll();
    CompletableFuture<Object> second = pending.poll();
    first.complete("done");
    second.complete("done");
    CompletableFuture<Object> third = pending.poll();
    CompletableFuture<Object> fourth = pending.poll();
    loop.halt();
    third.complete("done");
    fourth.complete("done");
    assertThat(pending).isEmpty();
    loop.stop(Duration.ZERO);
    assertThat(loop.failure()).isNull();
  }

  @Test
  void synchronouslyCompletedRequestsDoNotGrowTheStack() {
    LatencyRecorder recorder = new LatencyRecorder();
    int[] sent = {0};
    AsyncClosedLoop[] self = new AsyncClosedLoop[1];
    AsyncTarget immediate =
        () -> {
          if (++sent[0] == 100_000) {
            self[0].halt();
          }
          return CompletableFuture.completedFuture("done");
        };
    self[0] = new AsyncClosedLoop(immediate, 1, ticker);
    self[0].start(recorder);
    assertThat(recorder.cut()).hasSize(100_000);
  }
}
