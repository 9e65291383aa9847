package io.medulla.server;

import io.medulla.audit.AuditAction;
import io.medulla.audit.AuditEvent;
import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditStore;
import io.medulla.audit.CheckpointSigner;
import io.medulla.audit.InputDigests;
import io.medulla.audit.Retention;
import io.medulla.audit.jdbc.AuditStores;
import io.medulla.engine.AuditTimings;
import io.medulla.engine.AuditedEngine;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.PermissionDeniedException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import io.medulla.protocol.AccessEvents;
import io.medulla.protocol.CallerContext;
import io.medulla.tenancy.Caller;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import io.medulla.time.WallClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of a running server: its store, its log with the dedicated writer thread, the
 * keyed digests and the timings the schedulers report. docs/AUDIT.md describes what it records.
 */
final class AuditTrail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  private static final Duration PROBE_EVERY = Duration.ofSeconds(5);

  private final AuditSettings settings;
  private final AuditStore store;
  private final ExecutorService writer;
  private final AuditLog auditLog;
  private final InputDigests digests;
  private final AuditTimings timings = new AuditTimings();
  private final WallClock clock;

  private AuditTrail(
      AuditSettings settings,
      AuditStore store,
      ExecutorService writer,
      AuditLog auditLog,
      InputDigests digests,
      WallClock clock) {
    this.settings = settings;
    this.store = store;
    this.writer = writer;
    this.auditLog = auditLog;
    this.digests = digests;
    this.clock = clock;
  }

  /**
   * Opens the store of {@code settings} (passed through {@code wrap}, a hook for tests), loads or
   * creates the signing key and the digest secret, and starts the log's writer and its probes.
   */
  static AuditTrail open(
      AuditSettings settings,
      Timer timer,
      Executor completions,
      Ticker ticker,
      WallClock clock,
      UnaryOperator<AuditStore> wrap) {
    CheckpointSigner signer = CheckpointSigner.loadOrGenerate(settings.signingKey());
    InputDigests digests = InputDigests.loadOrGenerate(settings.secret());
    AuditStore store = wrap.apply(AuditStores.open(settings.storeUrl()));
    ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "medulla-audit-writer");
              t.setDaemon(true);
              return t;
            });
    AuditLog auditLog;
    try {
      auditLog =
          AuditLog.builder(store, writer, settings.nodeId())
              .completions(completions)
              .clock(clock)
              .ticker(ticker)
              .signer(signer)
              .checkpointEvery(settings.checkpointEvery())
              .failOpen(settings.failOpen())
              .probeEvery(timer, PROBE_EVERY)
              .build();
    } catch (RuntimeException e) {
      writer.shutdownNow();
      store.close();
      throw e;
    }
    auditLog.startProbing();
    return new AuditTrail(settings, store, writer, auditLog, digests, clock);
  }

  /** Returns the collector of queue and compute times the schedulers must report to. */
  AuditTimings timings() {
    return timings;
  }

  /** Returns the log (tests probe it). */
  AuditLog log() {
    return auditLog;
  }

  /** Returns whether the trail fails open. */
  boolean failOpen() {
    return settings.failOpen();
  }

  /** Returns the shared auditing engine over {@code delegate}. */
  AuditedEngine wrap(
      InferenceEngine delegate, Function<RequestContext, Optional<Caller>> callers, Ticker ticker) {
    return AuditedEngine.builder(delegate, auditLog, digests)
        .ticker(ticker)
        .timings(timings)
        .callers(callers)
        .adminCaller(CallerContext::current)
        .build();
  }

  /** Returns what records the edge's refusals and emergency-access sessions; never blocks. */
  AccessEvents accessEvents() {
    return new AccessEvents() {
      @Override
      public void refused(
          StatusCode status,
          String principalHint,
          String tenant,
          String clientAddress,
          String reason) {
        AuditAction kind =
            status == StatusCode.PERMISSION_DENIED
                ? AuditAction.AUTHORIZATION_FAILURE
                : AuditAction.AUTHENTICATION_FAILURE;
        append(
            AuditEvent.accessFailure(kind, status, principalHint, clientAddress, reason)
                .tenant(tenant)
                .build());
      }

      @Override
      public void breakGlassStarted(Caller caller) {
        append(
            AuditEvent.admin(
                    AuditAction.BREAK_GLASS, caller.principal().id(), caller.tenant().value())
                .caller(caller)
                .build());
      }
    };
  }

  /** Records an authorisation refusal of a call other than inference; never blocks. */
  void authorizationRefused(Caller caller, PermissionDeniedException e) {
    append(
        AuditEvent.builder(AuditAction.AUTHORIZATION_FAILURE)
            .caller(caller)
            .failure(StatusCode.PERMISSION_DENIED, String.valueOf(e.getMessage()))
            .build());
  }

  private void append(AuditEvent event) {
    CompletableFuture<Void> unused =
        auditLog
            .append(event)
            .exceptionally(
                t -> {
                  log.warn("an access record could not be written: {}", t.getClass().getName());
                  return null;
                });
  }

  /** Schedules the daily pruning of records older than the retention period on housekeeping. */
  void scheduleRetention(ScheduledExecutorService housekeeping) {
    Retention retention =
        new Retention(
            store,
            auditLog,
            clock,
            Duration.ofDays(settings.retentionDays()),
            AuditedEngine.SYSTEM_PRINCIPAL);
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            retention.pruneExpired();
          } catch (RuntimeException e) {
            log.warn("audit retention did not run: {}", e.toString());
          }
        },
        1,
        24 * 60,
        TimeUnit.MINUTES);
  }

  /** Writes what is queued and a final checkpoint, then closes the store. */
  @Override
  public void close() {
    try {
      auditLog.shutdown().join();
    } catch (RuntimeException e) {
      log.error("the audit log did not shut down cleanly: {}", e.toString());
    }
    writer.shutdown();
    try {
      store.close();
    } catch (RuntimeException e) {
      log.warn("the audit store did not close cleanly: {}", e.toString());
    }
  }
}
