package org.ombuds.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test on PostgreSQL only when it is reachable; in CI (CI=true) an unreachable PostgreSQL is not a
 * reason to skip, so the test runs and fails.
 */
public final class RequiresDatabase implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabases.POSTGRESQL.equals(TestDatabases.selected()) || TestDatabases.inCi() || TestDatabases.postgresReachable()) {
            return ConditionEvaluationResult.enabled("database available (or CI, where absence must fail)");
        }
        return ConditionEvaluationResult.disabled("PostgreSQL at " + TestDatabases.PG_URL + " is not reachable (outside CI)");
    }
}
