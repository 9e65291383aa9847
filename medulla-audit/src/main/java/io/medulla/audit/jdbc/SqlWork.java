package io.medulla.audit.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}
