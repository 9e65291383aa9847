package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a server is asked to do over a day: each tenant's request streams, the latency objective of
 * each priority class, and the seed of every random draw.
 *
 * <p><b>Priority classes</b> are named as {@link io.medulla.scheduling.ClinicalPriority} names them
 * ({@code stat}, {@code urgent}, {@code routine}, {@code bulk}: levels 1 to 4, any case) or by
 * level number ({@code "1"}, {@code "6"}) for models with their own {@code priority_levels}. Names
 * are kept in lower case. A request of a class carries that level; a model whose policy lacks the
 * level puts it at its default level, as the server does.
 *
 * @param tenants the tenants, each named once; at least one
 * @param slos the objective of each priority class, by class name; a class without one counts every
 *     completed request as good; kept sorted by class name
 * @param seed the seed every random draw derives from, unless a run is given another
 */
public record Workload(List<TenantWorkload> tenants, Map<String, ClassSlo> slos, long seed) {
  /** Creates a workload; validates and copies. */
  public Workload {
    tenants = List.copyOf(tenants);
    if (tenants.isEmpty()) {
      throw new IllegalArgumentException("tenants: none (expected: at least one)");
    }
    Set<String> seen = new HashSet<>();
    for (TenantWorkload t : tenants) {
      if (!seen.add(t.tenant())) {
        throw new IllegalArgumentException(
            "tenants: '" + t.tenant() + "' appears twice (expected: each tenant once)");
      }
    }
    slos = PriorityClassNames.sortedCopy(slos, "slos");
  }

  /** Returns a workload of the given tenants without objectives. */
  public static Workload of(long seed, TenantWorkload... tenants) {
    return new Workload(List.of(tenants), Map.of(), seed);
  }

  /** Returns a copy with {@code slo} as the objective of {@code priorityClass}. */
  public Workload withSlo(String priorityClass, ClassSlo slo) {
    requireNonNull(slo, "slo");
    SortedMap<String, ClassSlo> copy = new TreeMap<>(slos);
    copy.put(PriorityClassNames.normalise(priorityClass, "priorityClass"), slo);
    return new Workload(tenants, copy, seed);
  }

  /** Returns a copy with another seed. */
  public Workload withSeed(long newSeed) {
    return new Workload(tenants, slos, newSeed);
  }

  /** Returns the objective of {@code priorityClass} (any case), or null when none. */
  public @Nullable ClassSlo sloOf(String priorityClass) {
    return slos.get(priorityClass.toLowerCase(Locale.ROOT));
  }

  /** Returns every model and graph the streams name, sorted. */
  public SortedSet<String> targets() {
    SortedSet<String> out = new TreeSet<>();
    for (TenantWorkload t : tenants) {
      for (RequestStream s : t.streams()) {
        out.add(s.target());
      }
    }
    return out;
  }

  /** Returns every priority class the streams use or the objectives name, sorted. */
  public SortedSet<String> priorityClasses() {
    SortedSet<String> out = new TreeSet<>(slos.keySet());
    for (TenantWorkload t : tenants) {
      for (RequestStream s : t.streams()) {
        out.addAll(s.priorityMix().keySet());
      }
    }
    return out;
  }
}
