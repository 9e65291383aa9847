package io.medulla.audit;

import java.lang.reflect.RecordComponent;

/** Changes one field of a record as an attacker with write access to the store could. */
final class Tampering {
  private Tampering() {}

  /** Returns {@code e} with the component {@code name} changed to another valid value. */
  static AuditEvent withField(AuditEvent e, String name) {
    try {
      RecordComponent[] cs = AuditEvent.class.getRecordComponents();
      Object[] values = new Object[cs.length];
      Class<?>[] types = new Class<?>[cs.length];
      for (int i = 0; i < cs.length; i++) {
        types[i] = cs[i].getType();
        Object v = cs[i].getAccessor().invoke(e);
        values[i] = cs[i].getName().equals(name) ? changed(v) : v;
      }
      return AuditEvent.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException x) {
      throw new IllegalStateException(x);
    }
  }

  /** Returns the record with its event's field {@code name} changed, the old hash kept. */
  static AuditRecord withField(AuditRecord r, String name) {
    return switch (name) {
      case "time" ->
          new AuditRecord(
              r.nodeId(), r.sequence(), r.time().plusSeconds(1), r.event(), r.prevHash(), r.hash());
      case "prevHash" ->
          new AuditRecord(r.nodeId(), r.sequence(), r.time(), r.event(), "f".repeat(64), r.hash());
      default ->
          new AuditRecord(
              r.nodeId(),
              r.sequence(),
              r.time(),
              withField(r.event(), name),
              r.prevHash(),
              r.hash());
    };
  }

  private static Object changed(Object v) {
    if (v instanceof String s) {
      return s.equals("OK") ? "INTERNAL" : s + "x";
    }
    if (v instanceof Integer i) {
      return i + 1;
    }
    if (v instanceof Long l) {
      return l + 1;
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    throw new IllegalArgumentException("unexpected type " + v.getClass());
  }
}
