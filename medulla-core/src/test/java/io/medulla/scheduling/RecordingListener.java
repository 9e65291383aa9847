package io.medulla.scheduling;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import java.util.ArrayList;
import java.util.List;

/** Records every scheduler event, in order. */
final class RecordingListener implements SchedulerListener {
  /** One event: what happened to which request. */
  record Event(String kind, String requestId, int level, String detail) {}

  final List<Event> events = new ArrayList<>();
  final List<Boolean> sharedBatches = new ArrayList<>();
  final List<Integer> batchSizes = new ArrayList<>();
  java.util.function.IntConsumer onQueued = i -> {};
  java.util.function.IntConsumer onRejected = i -> {};

  private static int index(RequestContext context) {
    String v = context.requestId().value();
    return v.startsWith("r") ? Integer.parseInt(v.substring(1)) : -1;
  }

  @Override
  public void requestQueued(ModelId model, RequestContext context, int level) {
    events.add(new Event("queued", context.requestId().value(), level, ""));
    onQueued.accept(index(context));
  }

  @Override
  public void requestRejected(
      ModelId model, RequestContext context, int level, RejectReason reason) {
    events.add(new Event("rejected", context.requestId().value(), level, reason.name()));
    onRejected.accept(index(context));
  }

  @Override
  public void requestExecuted(
      ModelId model,
      RequestContext context,
      int level,
      long queueNanos,
      long computeNanos,
      int batchSize) {
    events.add(new Event("executed", context.requestId().value(), level, "" + batchSize));
  }

  @Override
  public void batchExecuted(ModelId model, int batchSize, long computeNanos, boolean shared) {
    sharedBatches.add(shared);
    batchSizes.add(batchSize);
  }

  long count(String kind, String requestId) {
    return events.stream()
        .filter(e -> e.kind().equals(kind) && e.requestId().equals(requestId))
        .count();
  }

  long count(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).count();
  }
}
