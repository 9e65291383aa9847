package io.medulla.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.Deadline;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.TenantId;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.scheduling.RejectReason;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ScalingListenerTest {
  private static final ModelId MODEL = new ModelId("m", 1);
  private static final RequestContext CONTEXT =
      new RequestContext(new RequestId("r"), TenantId.DEFAULT, "t", 0, Deadline.none(), 0);

  private final ManualTicker ticker = new ManualTicker();
  private final ScalingPolicy policy =
      new ScalingPolicy(ScalingSettings.defaults().withTargets(0.5, 0.1, 1), ticker);
  private final Map<ModelId, Integer> instances = new ConcurrentHashMap<>();
  private final ScalingListener listener =
      new ScalingListener(
          policy,
          id -> {
            Integer n = instances.get(id);
            if (n == null) {
              throw new IllegalStateException("unknown " + id);
            }
            return n;
          });

  private Decision evaluate() {
    ticker.advance(Duration.ofSeconds(10));
    return policy.evaluate(ticker.nanos(), 1);
  }

  @Test
  void levelsAreReadAsClinicalClassesAndFifoAsRoutine() {
    assertThat(ScalingListener.classOfLevel(0)).isEqualTo(ClinicalPriority.ROUTINE);
    assertThat(ScalingListener.classOfLevel(1)).isEqualTo(ClinicalPriority.STAT);
    assertThat(ScalingListener.classOfLevel(2)).isEqualTo(ClinicalPriority.URGENT);
    assertThat(ScalingListener.classOfLevel(3)).isEqualTo(ClinicalPriority.ROUTINE);
    assertThat(ScalingListener.classOfLevel(4)).isEqualTo(ClinicalPriority.BULK);
    assertThat(ScalingListener.classOfLevel(9)).isEqualTo(ClinicalPriority.BULK);
  }

  @Test
  void executedRequestsAreDelaysAtTheirLevelsClass() {
    long ms = Duration.ofMillis(1).toNanos();
    listener.requestExecuted(MODEL, CONTEXT, 1, 80 * ms, 5 * ms, 4);
    listener.requestExecuted(MODEL, CONTEXT, 0, 30 * ms, 5 * ms, 4);

    Decision d = evaluate();

    assertThat(d.perClass().get(ClinicalPriority.STAT).p95Nanos()).isEqualTo(80 * ms);
    assertThat(d.perClass().get(ClinicalPriority.ROUTINE).p95Nanos()).isEqualTo(30 * ms);
  }

  @Test
  void onlyRejectionsThatReplicasWouldAvoidAreMisses() {
    for (RejectReason r : RejectReason.values()) {
      listener.requestRejected(MODEL, CONTEXT, 1, r);
    }

    Decision d = evaluate();

    // QUEUE_FULL, OVERLOADED and DEADLINE_EXPIRED; not tenant quotas, cancellations or unloads.
    assertThat(d.perClass().get(ClinicalPriority.STAT).missed()).isEqualTo(3);
    assertThat(Outcome.ofRejection(RejectReason.TENANT_RATE_LIMIT)).isEmpty();
    assertThat(Outcome.ofRejection(RejectReason.DEADLINE_EXPIRED)).contains(Outcome.EXPIRED);
    assertThat(Outcome.ofRejection(RejectReason.QUEUE_FULL)).contains(Outcome.REJECTED);
  }

  @Test
  void batchTimeIsSharedByTheModelsInstancesAndAnUnknownModelCountsAsOne() {
    instances.put(MODEL, 4);
    // 8 s over 4 instances in a 10 s window: 20 %.
    listener.batchExecuted(MODEL, 8, Duration.ofSeconds(8).toNanos(), false);
    // 3 s on a version the engine no longer knows: one instance, 30 %.
    listener.batchExecuted(new ModelId("gone", 1), 1, Duration.ofSeconds(3).toNanos(), true);

    Decision d = evaluate();

    assertThat(d.utilisation()).isEqualTo(0.3);
  }
}
