package io.medulla.audit;

import io.medulla.inference.StatusCode;
import io.medulla.time.WallClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Events, clocks and executors for the audit tests. */
final class AuditFixtures {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

  private AuditFixtures() {}

  /** Returns an inference event numbered {@code i}, every field set. */
  static AuditEvent event(int i) {
    return AuditEvent.builder(AuditAction.INFER)
        .tenant("tenant-" + (i % 2))
        .principal("principal-" + (i % 3))
        .role("inference")
        .clientAddress("10.0.0." + i)
        .requestId("req-" + i)
        .model(i % 2 == 0 ? "chest-xray" : "ecg")
        .version("1")
        .modelSha256("ab".repeat(32))
        .priority(1)
        .timings(10 + i, 20 + i, 40 + i)
        .batch("b" + i, i % 5 == 0)
        .inputDigest("11".repeat(32))
        .outputDigest("22".repeat(32))
        .build();
  }

  /** Returns a failed access event. */
  static AuditEvent refused(int i) {
    return AuditEvent.accessFailure(
            AuditAction.AUTHENTICATION_FAILURE,
            StatusCode.UNAUTHENTICATED,
            "key-" + i,
            "10.0.0.9",
            "the API key is unknown or revoked")
        .build();
  }

  /** A wall clock that moves only when told to. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    WallClock wallClock() {
      return WallClock.of(this);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** An executor that runs tasks only when told to: the writer of deterministic tests. */
  static final class ManualExecutor implements Executor {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    /** Runs queued tasks (and those they queue) until none is left; returns how many ran. */
    int runAll() {
      int n = 0;
      while (true) {
        Runnable next;
        synchronized (this) {
          if (tasks.isEmpty()) {
            return n;
          }
          next = tasks.remove(0);
        }
        next.run();
        n++;
      }
    }

    synchronized int pending() {
      return tasks.size();
    }
  }
}
