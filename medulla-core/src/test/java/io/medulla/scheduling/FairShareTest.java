package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fair share among backlogged tenants of one level, charged in measured execution time: the bound
 * stated in {@link FairShare} and weighted shares, over random models and request costs (up to 10×
 * apart between tenants).
 */
class FairShareTest {
  static IntStream seeds() {
    return IntStream.range(0, 30);
  }

  /** The backlog run of one scenario: each tenant's request cost and what the backend saw. */
  private record Run(
      BatcherHarness harness, Map<Integer, Integer> tenantOf, int tenants, int instances) {}

  /**
   * Queues, at time 0, about {@code perUnit × weight × (largest width / width)} requests per
   * tenant, so that every tenant's demand matches its share and all stay backlogged for most of the
   * run.
   */
  private static Run backlog(Random rnd, int[] weights, int perUnit) {
    int instances = 1 + rnd.nextInt(2);
    int tenants = weights.length;
    int maxBatch = 1 + rnd.nextInt(8);
    BatcherHarness h = new BatcherHarness(instances);
    // Cost grows with samples × width; widths set each tenant's request cost, up to 10× apart.
    h.cost = inputs -> BatcherHarness.costOf(inputs, 100_000, 100_000);
    int[] widths = new int[tenants];
    Map<TenantId, TenantPolicy> policies = new HashMap<>();
    for (int t = 0; t < tenants; t++) {
      widths[t] = 1 + rnd.nextInt(10);
      TenantId id = new TenantId("t" + t);
      policies.put(id, new TenantPolicy(id, weights[t], 0, 0, 0));
    }
    DynamicBatcher b =
        h.batcher(
            BatchPolicy.clinicalDefaults(maxBatch, List.of(), Duration.ZERO),
            TenantPolicies.of(policies, TenantPolicy.defaults(TenantId.DEFAULT)));
    int widest = java.util.Arrays.stream(widths).max().orElseThrow();
    List<Integer> order = new ArrayList<>();
    Map<Integer, Integer> tenantOf = new HashMap<>();
    for (int t = 0; t < tenants; t++) {
      int count = perUnit * weights[t] * (widest + 1) / (widths[t] + 1);
      for (int k = 0; k < count; k++) {
        tenantOf.put(order.size(), t);
        order.add(order.size());
      }
    }
    Collections.shuffle(order, rnd);
    for (int i : order) {
      int t = tenantOf.get(i);
      int samples = 1 + rnd.nextInt(Math.min(2, maxBatch));
      b.schedule(h.request(i, "t" + t, 0, samples, widths[t] + 1, null));
    }
    h.runToIdle();
    return new Run(h, tenantOf, tenants, instances);
  }

  /** Returns, per completion instant while every tenant was backlogged, each tenant's service. */
  private static List<double[]> serviceWhileBacklogged(Run run) {
    List<BatcherHarness.Executed> batches = new ArrayList<>(run.harness().executed);
    long backloggedUntil = Long.MAX_VALUE;
    for (int t = 0; t < run.tenants(); t++) {
      long lastStart = 0;
      for (BatcherHarness.Executed e : batches) {
        if (run.tenantOf().get(e.requests().get(0)) == t) {
          lastStart = Math.max(lastStart, e.startNanos());
        }
      }
      backloggedUntil = Math.min(backloggedUntil, lastStart);
    }
    batches.sort(Comparator.comparingLong(e -> e.startNanos() + e.costNanos()));
    List<double[]> points = new ArrayList<>();
    double[] service = new double[run.tenants()];
    for (int i = 0; i < batches.size(); i++) {
      BatcherHarness.Executed e = batches.get(i);
      long done = e.startNanos() + e.costNanos();
      if (done > backloggedUntil) {
        break;
      }
      service[run.tenantOf().get(e.requests().get(0))] += e.costNanos();
      boolean lastAtInstant =
          i + 1 == batches.size()
              || batches.get(i + 1).startNanos() + batches.get(i + 1).costNanos() != done;
      if (lastAtInstant) {
        points.add(service.clone());
      }
    }
    return points;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void equalWeightBackloggedTenantsStayWithinTheBound(int seed) {
    Random rnd = new Random(seed);
    int tenants = 2 + rnd.nextInt(3);
    int[] weights = new int[tenants];
    java.util.Arrays.fill(weights, 1);
    Run run = backlog(rnd, weights, 40);
    long largestBatch =
        run.harness().executed.stream()
            .mapToLong(BatcherHarness.Executed::costNanos)
            .max()
            .orElseThrow();
    long bound = (run.instances() + 1) * largestBatch;
    List<double[]> points = serviceWhileBacklogged(run);
    assertThat(points).hasSizeGreaterThan(10);
    for (double[] s : points) {
      double spread =
          java.util.Arrays.stream(s).max().orElseThrow()
              - java.util.Arrays.stream(s).min().orElseThrow();
      assertThat(spread)
          .as("seed %d: service %s, bound %d", seed, java.util.Arrays.toString(s), bound)
          .isLessThanOrEqualTo(bound);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void weightedSharesAreWithinFivePercentOverALongBacklog(int seed) {
    Random rnd = new Random(seed);
    int[] weights = {1, 1 + rnd.nextInt(3), 1 + rnd.nextInt(4)};
    Run run = backlog(rnd, weights, 100);
    List<double[]> points = serviceWhileBacklogged(run);
    double[] s = points.get(points.size() - 1);
    double total = java.util.Arrays.stream(s).sum();
    int weightSum = java.util.Arrays.stream(weights).sum();
    for (int t = 0; t < weights.length; t++) {
      double expected = (double) weights[t] / weightSum;
      assertThat(s[t] / total)
          .as("seed %d: tenant %d of weights %s", seed, t, java.util.Arrays.toString(weights))
          .isBetween(expected * 0.95, expected * 1.05);
    }
  }
}
