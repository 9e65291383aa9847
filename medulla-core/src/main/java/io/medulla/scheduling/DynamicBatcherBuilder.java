package io.medulla.scheduling;

import static java.util.Objects.requireNonNull;

import io.medulla.runtime.LoadedModel;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** Builds a {@link DynamicBatcher}; every setter documents its default. */
public final class DynamicBatcherBuilder {
  final LoadedModel model;
  final BatchPolicy policy;
  List<String> outputs = List.of();
  TenantPolicies tenants = TenantPolicies.uniform();
  @Nullable Executor executor;
  @Nullable Ticker ticker;
  @Nullable Timer timer;
  @Nullable BatchRunner runner;
  SchedulerListener listener = SchedulerListener.NOOP;

  DynamicBatcherBuilder(LoadedModel model, BatchPolicy policy) {
    this.model = requireNonNull(model, "model");
    this.policy = requireNonNull(policy, "policy");
  }

  /**
   * Sets the model's outputs, in configuration order, computed for requests that name none; default
   * none (then every request must name its outputs).
   */
  public DynamicBatcherBuilder outputs(List<String> outputs) {
    this.outputs = List.copyOf(outputs);
    return this;
  }

  /** Sets the tenants' weights and limits; default {@link TenantPolicies#uniform()}. */
  public DynamicBatcherBuilder tenants(TenantPolicies tenants) {
    this.tenants = requireNonNull(tenants, "tenants");
    return this;
  }

  /**
   * Sets the executor batches are assembled and run on; required. Each batch holds a thread for one
   * model run (with the default runner).
   */
  public DynamicBatcherBuilder executor(Executor executor) {
    this.executor = requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Sets the clock: every reading comes from {@code ticker} and every wait goes through {@code
   * timer}; required (a {@link io.medulla.time.VirtualClock} is both).
   */
  public DynamicBatcherBuilder clock(Ticker ticker, Timer timer) {
    this.ticker = requireNonNull(ticker, "ticker");
    this.timer = requireNonNull(timer, "timer");
    return this;
  }

  /**
   * Sets how a batch runs on an instance; default {@link BatchRunner#synchronous} over the ticker.
   */
  public DynamicBatcherBuilder runner(BatchRunner runner) {
    this.runner = requireNonNull(runner, "runner");
    return this;
  }

  /** Sets the listener; default {@link SchedulerListener#NOOP}. */
  public DynamicBatcherBuilder listener(SchedulerListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Returns the batcher.
   *
   * @throws IllegalStateException if the executor or the clock is not set
   */
  public DynamicBatcher build() {
    return new DynamicBatcher(this);
  }

  Executor requireExecutor() {
    if (executor == null) {
      throw new IllegalStateException("executor: not set (expected: executor(Executor))");
    }
    return executor;
  }

  Ticker requireTicker() {
    if (ticker == null) {
      throw new IllegalStateException("clock: not set (expected: clock(Ticker, Timer))");
    }
    return ticker;
  }

  Timer requireTimer() {
    if (timer == null) {
      throw new IllegalStateException("clock: not set (expected: clock(Ticker, Timer))");
    }
    return timer;
  }
}
