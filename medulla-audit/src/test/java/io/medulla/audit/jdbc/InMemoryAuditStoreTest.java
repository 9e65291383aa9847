package io.medulla.audit.jdbc;

import io.medulla.audit.AuditStore;
import io.medulla.audit.InMemoryAuditStore;

/** The in-memory store keeps the same contract as the durable ones. */
class InMemoryAuditStoreTest extends AuditStoreContract {
  @Override
  AuditStore openStore() {
    return new InMemoryAuditStore();
  }
}
