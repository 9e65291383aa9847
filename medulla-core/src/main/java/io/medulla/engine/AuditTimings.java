package io.medulla.engine;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.scheduling.SchedulerListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Collects, for {@link AuditedEngine}, the queue and compute time, priority level and batch of each
 * request it is waiting for. Give it to the engine's schedulers as (part of) their listener.
 *
 * <p>Only requests an {@link AuditedEngine} registered are tracked, and each is forgotten when
 * taken, so nothing accumulates. Batch ids are node-local counters assigned when a batch's {@link
 * #batchExecuted(ModelId, int, long, boolean)} follows its requests' {@code requestExecuted} calls
 * on the same thread, as the dynamic batcher makes them; without that, the batch stays unknown.
 */
public final class AuditTimings implements SchedulerListener {
  /**
   * What the scheduler reported for one request.
   *
   * @param priorityLevel the level it was queued at; 0 when the scheduler has no levels
   * @param queueNanos how long it waited for its batch
   * @param computeNanos how long its batch executed
   * @param batchId the node-local id of its batch; empty when unknown
   * @param batchShared whether that batch held requests of more than one tenant
   */
  public record Timing(
      int priorityLevel, long queueNanos, long computeNanos, String batchId, boolean batchShared) {}

  private static final class Slot {
    volatile int priorityLevel;
    volatile long queueNanos = -1;
    volatile long computeNanos = -1;
    volatile String batchId = "";
    volatile boolean batchShared;
  }

  private static final int MAX_BATCH = 4096;

  private final Map<RequestId, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong batches = new AtomicLong();
  // Per instance, not static: the requests of the batch the current thread is finishing.
  private final ThreadLocal<List<Slot>> finishing = ThreadLocal.withInitial(ArrayList::new);

  /** Creates a collector that tracks nothing yet. */
  public AuditTimings() {}

  /** Starts tracking the request {@code id}. */
  void expect(RequestId id) {
    slots.put(id, new Slot());
  }

  /** Stops tracking {@code id} and returns what was reported, if anything. */
  @Nullable Timing take(RequestId id) {
    Slot s = slots.remove(id);
    if (s == null || s.queueNanos < 0) {
      return null;
    }
    return new Timing(s.priorityLevel, s.queueNanos, s.computeNanos, s.batchId, s.batchShared);
  }

  @Override
  public void requestExecuted(
      ModelId model,
      RequestContext context,
      int priorityLevel,
      long queueNanos,
      long computeNanos,
      int batchSize) {
    Slot s = slots.get(context.requestId());
    if (s != null) {
      s.priorityLevel = priorityLevel;
      s.queueNanos = Math.max(0, queueNanos);
      s.computeNanos = Math.max(0, computeNanos);
      List<Slot> batch = finishing.get();
      if (batch.size() >= MAX_BATCH) {
        batch.clear(); // no batchExecuted came for these: their batch stays unknown
      }
      batch.add(s);
    }
  }

  @Override
  public void batchExecuted(
      ModelId model, int batchSize, long computeNanos, boolean sharedAcrossTenants) {
    List<Slot> batch = finishing.get();
    if (batch.isEmpty()) {
      return;
    }
    String id = Long.toString(batches.incrementAndGet());
    for (Slot s : batch) {
      s.batchId = id;
      s.batchShared = sharedAcrossTenants;
    }
    batch.clear();
  }
}
