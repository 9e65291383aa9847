package io.medulla.autoscaling;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Recommends a deployment's replica count from what its requests see, the way Kubernetes'
 * Horizontal Pod Autoscaler turns a metric into a count, with queue delay against each priority
 * class's SLO as the metric.
 *
 * <p>Each evaluation computes, over the sliding window:
 *
 * <pre>
 *   pressure    = max over classes with an SLO and at least minSamples requests of p95 / SLO
 *                 (a rejected or expired request counts as longer than any delay)
 *   utilisation = the busiest model's executing time per instance / the window's length
 *   ratio       = min(maxScaleUpFactor, max(pressure, min(1, utilisation / targetUtilisation)))
 *   offered     = (served + missed) / served × max(1, utilisation / targetUtilisation), over the
 *                 last evaluation period
 *   when misses hold the driving class's p95 and something was served: ratio = offered, and
 *                 the tolerance does not apply (at least one more replica)
 *   recommended = current                       when |ratio - 1| &lt;= tolerance
 *                 ceil(current × ratio)         otherwise, clamped to [min, max]
 * </pre>
 *
 * <p>The window restarts at the first evaluation that sees a new replica count (at the granularity
 * of a twentieth of the window), so that delays measured at the old count do not multiply the new
 * count once more; until enough requests have been seen at the new count, the classes do not count
 * and the count holds unless utilisation lowers it. The caller passes the replicas that
 * <em>serve</em>, which change some time after the decision that asked for them: the policy cannot
 * tell when in the period before, so it counts none of it: otherwise the misses of a backlog that
 * built up while added replicas were starting, which the previous scale-up already answered,
 * multiply the count a second time (2 → 8 → 32 under a 10× step, where 8 was enough). What the
 * backlog does after the change still counts: if it keeps growing, the new count is not enough.
 *
 * <p>A p95 held by misses says the count is short, not by how much: the step is then what the
 * offered load asks for, the requests served and missed per unit of capacity that served them (at
 * least enough to serve the missed share too), from the latest period alone (a window that still
 * holds the calm before a surge underestimates it). It counts only requests that arrived and ended;
 * those still queued are left out, so it errs low, and the next evaluation adds what is missing.
 * Without it, the step is all or nothing: a class just past 5 % misses multiplied the count by
 * {@code maxScaleUpFactor} (5 → 20 where 8 was enough), and a 10× surge on one replica took two
 * scale-ups, each waiting for its replicas to start (1 → 4 → 16). It is not capped by {@code
 * maxScaleUpFactor}, which bounds steps taken on a delay's ratio alone; {@code maxReplicas} bounds
 * it.
 *
 * <p>A recommendation above the current count is taken at once. Below it, the count is the highest
 * recommendation of the stabilisation window (the current count while the policy is younger than
 * the window), and falls by at most {@code maxScaleDownFraction} of the count (at least one
 * replica) per evaluation. Queue delay is the clinical signal: utilisation alone cannot see a STAT
 * request starved behind routine work, so utilisation only ever lowers the count, never raises it.
 *
 * <p>The policy is pure: it reads time only from its {@link Ticker} (observations) and from the
 * caller (evaluations), so a simulator replays a day exactly. Thread-safe: observations are
 * lock-free and may come from any number of threads; evaluations are serialized; the accessors read
 * the latest decision.
 */
public final class ScalingPolicy {
  /** The slots the window is cut into; a slot is the granularity of the window's start. */
  static final int SLOTS = 20;

  /** Guards {@code ceil} against a product like 3 × 1.0000000000000002. */
  private static final double ROUNDING = 1e-9;

  private final ScalingSettings settings;
  private final Ticker ticker;
  private final long originNanos;
  private final long slotNanos;
  private final long stabilisationNanos;
  private final long[] sloNanos = new long[ClinicalPriority.COUNT];
  private final AtomicReferenceArray<@Nullable WindowSlot> slots =
      new AtomicReferenceArray<>(SLOTS);
  private final Object evaluationLock = new Object();
  private final RecommendationHistory history;
  private int previousReplicas;
  private long measuredFromNanos;
  private volatile @Nullable Decision latest;

  /**
   * Creates a policy whose window starts now, by {@code ticker}; observations are stamped with its
   * readings and evaluations must pass readings of it.
   */
  public ScalingPolicy(ScalingSettings settings, Ticker ticker) {
    this.settings = requireNonNull(settings, "settings");
    this.ticker = requireNonNull(ticker, "ticker");
    this.originNanos = ticker.nanos();
    this.measuredFromNanos = originNanos;
    long windowNanos = saturatedNanos(settings.window());
    this.slotNanos = Math.max(1, windowNanos / SLOTS + (windowNanos % SLOTS == 0 ? 0 : 1));
    this.stabilisationNanos = saturatedNanos(settings.scaleDownStabilisation());
    this.history = new RecommendationHistory(stabilisationNanos);
    settings.queueDelaySlos().forEach((p, slo) -> sloNanos[p.ordinal()] = saturatedNanos(slo));
  }

  /** Returns the settings. */
  public ScalingSettings settings() {
    return settings;
  }

  /**
   * Counts one request of {@code priority}: an executed request's queue delay, or a miss. Requests
   * of a class without an SLO are not counted. Lock-free.
   *
   * @param queueNanos how long it waited before its batch started (ignored for misses)
   */
  public void observe(ClinicalPriority priority, long queueNanos, Outcome outcome) {
    requireNonNull(outcome, "outcome");
    if (sloNanos[priority.ordinal()] == 0) {
      return;
    }
    WindowSlot slot = slotAt(ticker.nanos());
    if (slot == null) {
      return;
    }
    if (outcome.missed()) {
      slot.miss(priority);
    } else {
      slot.delay(priority, queueNanos);
    }
  }

  /**
   * Counts {@code busyNanos} of executing on one of {@code model}'s {@code instances} instances
   * (one batch's compute time). Lock-free.
   */
  public void observeBusy(ModelId model, long busyNanos, int instances) {
    requireNonNull(model, "model");
    if (busyNanos <= 0) {
      return;
    }
    WindowSlot slot = slotAt(ticker.nanos());
    if (slot != null) {
      slot.busy(model, busyNanos / Math.max(1, instances));
    }
  }

  /** Evaluates now, by the policy's ticker; see {@link #evaluate(long, int)}. */
  public Decision evaluate(int currentReplicas) {
    return evaluate(ticker.nanos(), currentReplicas);
  }

  /**
   * Evaluates the window that ends at {@code nowNanos} and returns the recommended count; it also
   * becomes {@link #latest()}. Evaluations are meant to come every {@link
   * ScalingSettings#evaluationPeriod()}, in time order.
   *
   * @param nowNanos a reading of the policy's ticker
   * @param currentReplicas the deployment's replica count now, at least 1
   */
  public Decision evaluate(long nowNanos, int currentReplicas) {
    if (currentReplicas < 1) {
      throw new IllegalArgumentException(
          "currentReplicas: " + currentReplicas + " (expected: >= 1)");
    }
    synchronized (evaluationLock) {
      if (previousReplicas != 0 && currentReplicas != previousReplicas) {
        // The change came some time since the previous evaluation: all before now measured another
        // count.
        measuredFromNanos = Math.max(measuredFromNanos, nowNanos);
      }
      previousReplicas = currentReplicas;
      long elapsed = Math.max(0, nowNanos - originNanos);
      long epoch = elapsed / slotNanos;
      long firstEpoch =
          Math.max(
              Math.max(0, epoch - SLOTS + 1),
              Math.min(epoch, (measuredFromNanos - originNanos) / slotNanos));
      WindowTotals totals = totals(firstEpoch, epoch);
      Map<ClinicalPriority, ClassWindow> perClass = new EnumMap<>(ClinicalPriority.class);
      ClinicalPriority driving = null;
      double pressure = 0;
      for (ClinicalPriority p : ClinicalPriority.values()) {
        long slo = sloNanos[p.ordinal()];
        if (slo == 0) {
          continue;
        }
        long executed = totals.executed(p);
        long missed = totals.misses[p.ordinal()];
        boolean counted = executed + missed >= settings.minSamples();
        ClassWindow w = new ClassWindow(p, slo, executed, missed, totals.p95(p), counted);
        perClass.put(p, w);
        if (counted && w.pressure() > pressure) {
          pressure = w.pressure();
          driving = p;
        }
      }
      long covered = elapsed - firstEpoch * slotNanos;
      double utilisation = covered == 0 ? 0 : (double) totals.busiestModelNanos() / covered;
      double utilisationTerm = Math.min(1, utilisation / settings.targetUtilisation());
      double raw;
      Driver driver;
      double offered =
          driving != null && pressure == Double.POSITIVE_INFINITY
              ? offeredLoad(firstEpoch, epoch, elapsed)
              : 0;
      if (offered > 0) {
        raw = offered;
        driver = Driver.OFFERED_LOAD;
      } else if (driving != null && pressure >= utilisationTerm) {
        raw = pressure;
        driver = Driver.QUEUE_DELAY;
      } else {
        driving = null;
        raw = utilisationTerm;
        driver = utilisationTerm > 0 ? Driver.UTILISATION : Driver.IDLE;
      }
      Decision d =
          decide(nowNanos, elapsed, currentReplicas, raw, driver, driving, utilisation, perClass);
      latest = d;
      return d;
    }
  }

  /**
   * Returns the offered load over the capacity that served it, at the target utilisation when
   * busier than that, over the slots of the latest evaluation period within the window; 0 when
   * nothing was served.
   */
  private double offeredLoad(long firstEpoch, long epoch, long elapsed) {
    long periodSlots =
        Math.max(1, Math.ceilDiv(saturatedNanos(settings.evaluationPeriod()), slotNanos));
    long from = Math.max(firstEpoch, epoch - periodSlots + 1);
    WindowTotals recent = totals(from, epoch);
    long served = 0;
    long missed = 0;
    for (ClinicalPriority p : ClinicalPriority.values()) {
      if (sloNanos[p.ordinal()] != 0) {
        served += recent.executed(p);
        missed += recent.misses[p.ordinal()];
      }
    }
    long covered = elapsed - from * slotNanos;
    if (served == 0 || covered <= 0) {
      return 0;
    }
    double utilisation = Math.min(1, (double) recent.busiestModelNanos() / covered);
    return (double) (served + missed)
        / served
        * Math.max(1, utilisation / settings.targetUtilisation());
  }

  /** Returns the sum of the slots from epoch {@code from} to {@code to}, both included. */
  private WindowTotals totals(long from, long to) {
    WindowTotals totals = new WindowTotals();
    for (int i = 0; i < SLOTS; i++) {
      WindowSlot s = slots.get(i);
      if (s != null && s.epoch >= from && s.epoch <= to) {
        s.addTo(totals);
      }
    }
    return totals;
  }

  private Decision decide(
      long nowNanos,
      long elapsed,
      int current,
      double raw,
      Driver driver,
      @Nullable ClinicalPriority driving,
      double utilisation,
      Map<ClinicalPriority, ClassWindow> perClass) {
    Limit limit = Limit.NONE;
    double ratio = raw;
    if (ratio > settings.maxScaleUpFactor() && driver != Driver.OFFERED_LOAD) {
      ratio = settings.maxScaleUpFactor();
      limit = Limit.SCALE_UP_STEP;
    }
    int recommended;
    // Misses are never within tolerance: the offered load is above 1 by their share at least.
    if (Math.abs(ratio - 1) <= settings.tolerance() && driver != Driver.OFFERED_LOAD) {
      recommended = current;
      limit = ratio == 1 ? limit : Limit.TOLERANCE;
    } else {
      recommended = scaled(current, ratio);
    }
    if (recommended < settings.minReplicas()) {
      recommended = settings.minReplicas();
      limit = Limit.MIN_REPLICAS;
    } else if (recommended > settings.maxReplicas()) {
      recommended = settings.maxReplicas();
      limit = Limit.MAX_REPLICAS;
    }
    history.add(nowNanos, recommended);
    int desired = recommended;
    if (recommended < current) {
      // Younger than the window, the policy has not seen enough to let replicas go.
      int stabilised = elapsed < stabilisationNanos ? current : history.highest();
      int floor =
          current - Math.max(1, (int) Math.floor(current * settings.maxScaleDownFraction()));
      if (stabilised >= current) {
        desired = current;
        limit = Limit.STABILISING;
      } else if (floor > stabilised) {
        desired = floor;
        limit = Limit.SCALE_DOWN_STEP;
      } else {
        desired = stabilised;
        limit = stabilised > recommended ? Limit.STABILISING : limit;
      }
    }
    if (desired > settings.maxReplicas()) {
      desired = settings.maxReplicas();
      limit = Limit.MAX_REPLICAS;
    }
    return new Decision(
        nowNanos, current, desired, ratio, driver, driving, utilisation, limit, perClass);
  }

  /** Returns the latest decision; empty before the first evaluation. */
  public Optional<Decision> latest() {
    return Optional.ofNullable(latest);
  }

  /** Returns the latest recommended count; the minimum before the first evaluation. */
  public int desiredReplicas() {
    Decision d = latest;
    return d == null ? settings.minReplicas() : d.desiredReplicas();
  }

  /** Returns the latest ratio; 1 (hold) before the first evaluation. */
  public double ratio() {
    Decision d = latest;
    return d == null ? 1 : d.ratio();
  }

  /** Returns the latest window of every class that has an SLO; empty before the first. */
  public Map<ClinicalPriority, ClassWindow> perClass() {
    Decision d = latest;
    return d == null ? Map.of() : d.perClass();
  }

  /** Returns why the latest count is what it is. */
  public String reason() {
    Decision d = latest;
    return d == null ? "not evaluated yet" : d.reason();
  }

  /** Returns the slot for a reading, replacing one whose time has passed; null when too old. */
  private @Nullable WindowSlot slotAt(long nowNanos) {
    long elapsed = nowNanos - originNanos;
    if (elapsed < 0) {
      return null;
    }
    long epoch = elapsed / slotNanos;
    int i = (int) (epoch % SLOTS);
    while (true) {
      WindowSlot s = slots.get(i);
      if (s != null && s.epoch >= epoch) {
        // A straggler whose slot has come round again is outside the window.
        return s.epoch == epoch ? s : null;
      }
      WindowSlot fresh = new WindowSlot(epoch);
      if (slots.compareAndSet(i, s, fresh)) {
        return fresh;
      }
    }
  }

  private static int scaled(int current, double ratio) {
    double v = Math.ceil(current * ratio - ROUNDING);
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }
}
