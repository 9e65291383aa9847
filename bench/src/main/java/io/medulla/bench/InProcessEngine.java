package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.time.Ticker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls the server's engine in-process, as a protocol handler does once it has decoded a request: a
 * fresh request context per call, the same decoded tensors each time, no network.
 */
final class InProcessEngine implements AsyncTarget {
  private final InferenceEngine engine;
  private final BenchModel model;
  private final Ticker ticker;
  private final InferenceRequest template;
  private final AtomicLong ids = new AtomicLong();

  InProcessEngine(InferenceEngine engine, BenchModel model, Ticker ticker) {
    this.engine = requireNonNull(engine, "engine");
    this.model = requireNonNull(model, "model");
    this.ticker = requireNonNull(ticker, "ticker");
    this.template =
        new InferenceRequest(model.name(), "", "", model.inputs(), List.of(), Map.of(), context());
  }

  @Override
  public CompletableFuture<?> send() {
    return engine.infer(template.withContext(context())).thenAccept(this::check);
  }

  private RequestContext context() {
    return new RequestContext(
        new RequestId("g1-" + ids.incrementAndGet()),
        TenantId.DEFAULT,
        RequestContext.ANONYMOUS,
        0,
        Deadline.none(),
        ticker.nanos());
  }

  private void check(InferenceResponse response) {
    long bytes = 0;
    for (Tensor output : response.outputs()) {
      bytes += output.byteSize();
    }
    model.checkOutputBytes(bytes);
  }
}
