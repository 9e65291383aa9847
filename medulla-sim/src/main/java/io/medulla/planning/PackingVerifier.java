package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a solution against its problem from first principles, recomputing every instance's cost
 * from the model's profile rather than trusting the packer's numbers.
 *
 * <p>A solution is feasible when: every device's type is offered and no type is bought past its
 * {@code maxCount}; on every device the memory fits and the compute shares sum to at most the
 * utilisation bound; every instance's compute share and worst-case latency are what {@link
 * BatchChoice} gives for its rate, batch size and device, and the latency meets the model's SLO;
 * every instance holds its model's memory and respects its pin; every model is either placed, with
 * its instances' rates summing to its rate, or listed as unplaceable, and not both.
 *
 * <p>Stateless and thread-safe.
 */
public final class PackingVerifier {
  private static final double TOLERANCE = 1e-6;

  private PackingVerifier() {}

  /** Returns every way the solution breaks the rules above; empty when it is feasible. */
  public static List<String> violations(PackingProblem problem, PackingSolution solution) {
    requireNonNull(problem, "problem");
    requireNonNull(solution, "solution");
    List<String> violations = new ArrayList<>();
    Map<String, ModelDemand> models = new HashMap<>();
    problem.models().forEach(model -> models.put(model.model(), model));
    Map<String, Double> placedRate = new HashMap<>();
    Map<String, Integer> bought = new HashMap<>();
    int index = 0;
    for (PlacedDevice device : solution.devices()) {
      String where = "device " + index++ + " (" + device.type().name() + ")";
      if (!problem.available().contains(device.type())) {
        violations.add(where + ": its type is not among the available ones");
      }
      bought.merge(device.type().name(), 1, Integer::sum);
      if (device.instances().isEmpty()) {
        violations.add(where + ": bought but runs nothing");
      }
      if (device.memoryBytes() > device.type().memoryBytes()) {
        violations.add(where + ": memory " + device.memoryBytes() + " > " + device.type());
      }
      if (device.utilisation() > problem.maxUtilisation() + TOLERANCE) {
        violations.add(
            where + ": utilisation " + device.utilisation() + " > " + problem.maxUtilisation());
      }
      for (PlacedInstance instance : device.instances()) {
        ModelDemand model = models.get(instance.model());
        if (model == null) {
          violations.add(where + ": runs " + instance.model() + ", which is not in the problem");
          continue;
        }
        placedRate.merge(instance.model(), instance.requestsPerSecond(), Double::sum);
        checkInstance(where, instance, model, device.type(), violations);
      }
    }
    for (DeviceType type : problem.available()) {
      int count = bought.getOrDefault(type.name(), 0);
      if (count > type.maxCount()) {
        violations.add(type.name() + ": " + count + " bought > maxCount " + type.maxCount());
      }
    }
    Set<String> unplaceable = new HashSet<>();
    for (Unplaceable entry : solution.unplaceable()) {
      if (!unplaceable.add(entry.model())) {
        violations.add(entry.model() + ": listed as unplaceable twice");
      }
      if (placedRate.containsKey(entry.model())) {
        violations.add(entry.model() + ": both placed and unplaceable");
      }
    }
    for (ModelDemand model : problem.models()) {
      Double rate = placedRate.get(model.model());
      if (rate == null) {
        if (!unplaceable.contains(model.model())) {
          violations.add(model.model() + ": neither placed nor listed as unplaceable");
        }
      } else if (Math.abs(rate - model.requestsPerSecond())
          > TOLERANCE * Math.max(1, model.requestsPerSecond())) {
        violations.add(
            model.model()
                + ": instances carry "
                + rate
                + " requests/s of "
                + model.requestsPerSecond());
      }
    }
    return violations;
  }

  private static void checkInstance(
      String where,
      PlacedInstance instance,
      ModelDemand model,
      DeviceType type,
      List<String> violations) {
    String what = where + ", " + instance.model() + " part " + instance.part();
    String pinned = model.pinnedDeviceType();
    if (pinned != null && !pinned.equals(type.name())) {
      violations.add(what + ": pinned to " + pinned);
    }
    if (instance.memoryBytes() != model.memoryBytesPerInstance()) {
      violations.add(what + ": holds " + instance.memoryBytes() + " bytes, not the model's");
    }
    if (instance.batchSize() > model.profile().maxBatchSize()) {
      violations.add(what + ": batch " + instance.batchSize() + " beyond the profile");
      return;
    }
    double rate = instance.requestsPerSecond();
    double time = model.profile().executionSeconds(instance.batchSize()) / type.speed();
    double share = rate * time / instance.batchSize();
    if (Math.abs(share - instance.computeShare()) > TOLERANCE) {
      violations.add(what + ": compute share " + instance.computeShare() + ", recomputed " + share);
    }
    double fillWait = instance.batchSize() == 1 ? 0 : (instance.batchSize() - 1) / rate;
    double latency = fillWait + 2 * time;
    double slo = BatchProfile.seconds(model.latencySlo());
    if (latency > slo * (1 + TOLERANCE)) {
      violations.add(what + ": worst-case latency " + latency + " s > SLO " + slo + " s");
    }
    Optional<BatchChoice> best =
        BatchChoice.best(model.profile(), rate, type.speed(), model.latencySlo());
    if (best.isPresent() && best.get().computeShare() < share - TOLERANCE) {
      violations.add(what + ": batch " + instance.batchSize() + " is not the cheapest within SLO");
    }
  }
}
