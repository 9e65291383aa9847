package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.Deadline;
import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class InstancePoolSchedulerTest {
  private final ManualTicker ticker = new ManualTicker();

  /** Runs tasks only when the test says so: execution order is fully under test control. */
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  private final Executor manual = tasks::add;
  private final List<String> executed = new ArrayList<>();

  private LoadedModel model(int instances) {
    ModelInstance instance =
        (inputs, outputs) -> {
          executed.add(inputs.get(0).name());
          int[] x = Tensors.toInts(inputs.get(0));
          int[] y = new int[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * 2;
          }
          return List.of(Tensors.ofInts(outputs.get(0), inputs.get(0).shape(), y));
        };
    return new LoadedModel() {
      @Override
      public ModelId id() {
        return new ModelId("double", 1);
      }

      @Override
      public int instanceCount() {
        return instances;
      }

      @Override
      public ModelInstance instance(int index) {
        return instance;
      }

      @Override
      public long memoryBytes() {
        return 0;
      }

      @Override
      public void close() {}
    };
  }

  private InferenceRequest request(String inputName, Deadline deadline) {
    Tensor t = Tensors.ofInts(inputName, Shape.of(1, 2), 1, 2);
    RequestContext ctx =
        new RequestContext(new RequestId("r"), TenantId.DEFAULT, "test", 0, deadline, 0);
    return new InferenceRequest("double", "", "", List.of(t), List.of(), Map.of(), ctx);
  }

  private void runAll() {
    Runnable r;
    while ((r = tasks.poll()) != null) {
      r.run();
    }
  }

  private InstancePoolScheduler scheduler(int instances) {
    return new InstancePoolScheduler(
        model(instances), List.of("OUT"), true, manual, ticker, SchedulerListener.NOOP);
  }

  @Test
  void requestRunsOnAFreeInstanceAndGetsItsOwnOutput() throws Exception {
    CompletableFuture<InferenceResponse> f = scheduler(1).schedule(request("A", Deadline.none()));
    runAll();
    assertThat(Tensors.toInts(f.get().outputs().get(0))).containsExactly(2, 4);
    assertThat(f.get().modelVersion()).isEqualTo("1");
  }

  @Test
  void requestsWaitInArrivalOrderWhenEveryInstanceIsBusy() {
    InstancePoolScheduler s = scheduler(1);
    s.schedule(request("A", Deadline.none()));
    s.schedule(request("B", Deadline.none()));
    s.schedule(request("C", Deadline.none()));
    assertThat(tasks).hasSize(1);
    runAll();
    assertThat(executed).containsExactly("A", "B", "C");
  }

  @Test
  void expiredRequestIsAnsweredWithDeadlineExceededAndNeverComputed() {
    InstancePoolScheduler s = scheduler(1);
    CompletableFuture<InferenceResponse> f =
        s.schedule(request("A", Deadline.after(ticker.nanos(), Duration.ofMillis(5))));
    ticker.advance(Duration.ofMillis(6));
    runAll();
    assertThat(executed).isEmpty();
    assertThat(f)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void cancelledRequestIsNeverComputed() {
    InstancePoolScheduler s = scheduler(1);
    s.schedule(request("A", Deadline.none()));
    CompletableFuture<InferenceResponse> b = s.schedule(request("B", Deadline.none()));
    b.cancel(false);
    runAll();
    assertThat(executed).containsExactly("A");
  }

  @Test
  void drainWaitsForAcceptedWorkAndRefusesNewWork() {
    InstancePoolScheduler s = scheduler(1);
    CompletableFuture<InferenceResponse> a = s.schedule(request("A", Deadline.none()));
    CompletableFuture<Void> drained = s.drain();
    assertThat(drained).isNotDone();
    CompletableFuture<InferenceResponse> late = s.schedule(request("B", Deadline.none()));
    assertThat(late)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.status()).isEqualTo(StatusCode.UNAVAILABLE));
    runAll();
    assertThat(a).isCompleted();
    assertThat(drained).isCompleted();
  }

  @Test
  void backendFailureBecomesAnInternalErrorAndFreesTheInstance() {
    LoadedModel failing = model(1);
    ModelInstance broken =
        (inputs, outputs) -> {
          throw new IllegalStateException("native crash");
        };
    LoadedModel m =
        new LoadedModel() {
          @Override
          public ModelId id() {
            return failing.id();
          }

          @Override
          public int instanceCount() {
            return 1;
          }

          @Override
          public ModelInstance instance(int index) {
            return broken;
          }

          @Override
          public long memoryBytes() {
            return 0;
          }

          @Override
          public void close() {}
        };
    InstancePoolScheduler s =
        new InstancePoolScheduler(m, List.of("OUT"), true, manual, ticker, SchedulerListener.NOOP);
    CompletableFuture<InferenceResponse> a = s.schedule(request("A", Deadline.none()));
    CompletableFuture<InferenceResponse> b = s.schedule(request("B", Deadline.none()));
    runAll();
    for (CompletableFuture<InferenceResponse> f : List.of(a, b)) {
      assertThat(f)
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(StatusCode.INTERNAL);
                assertThat(e.getMessage()).doesNotContain("native crash");
              });
    }
  }
}
